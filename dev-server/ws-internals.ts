/**
 * Everything the server does with `ws` beyond its public API, in one file. Two speed tricks:
 *
 * - **Writing to the private `_socket`** (`sendText`): a text message goes out as one frame in one
 *   socket write (see `textFrame`), where `send` would make two. Safe beside ws's own writes
 *   (pings, close) because the server's connections never compress and never send a Blob: ws's
 *   sender then writes every frame to the socket at once, never later from a queue, so frames
 *   keep their order. The write counts in `bufferedAmount`. Should a later ws not have `_socket`,
 *   `send` does the work.
 * - **Overriding `emit`** (`receive`): each connection gets the socket's events without a listener
 *   (no closure per connection, no per-connection listener table). Listeners added with
 *   `on`/`once` still run.
 *
 * `dev-server/test/ws-internals.test.ts` checks both against the installed ws and fails, naming
 * the reason, if an update of ws breaks them.
 */
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type * as Ws from 'ws';
import { type TextPayload, textFrame } from './frame.js';
import { requireOptional } from './optional.js';

// `ws` is an optional peer dependency (the elements do not need it); the server cannot run without it.
export const { WebSocket, WebSocketServer } = requireOptional<typeof Ws>('ws', 'The rtc-elements signaling server');
export type WebSocket = Ws.WebSocket;
export type WebSocketServer = Ws.WebSocketServer;
export type RawData = Ws.RawData;

/**
 * A server-side `ws` socket (the server makes ws create a subclass of it) that sends text in one
 * write and receives its own events.
 */
export abstract class FastSocket extends WebSocket {
  /** ws's TCP socket (not in ws's types). */
  declare readonly _socket: Duplex | null;

  /** Sends a text message as one frame in one socket write (see the top of this file). */
  sendText(text: TextPayload): void {
    const socket = this._socket;
    if (socket) socket.write(textFrame(text));
    else this.send(text, { binary: false });
  }

  /** The remote address, for logs (reading it makes Node keep it with the socket). */
  remoteAddress(): string {
    return (this._socket as Partial<Socket> | null)?.remoteAddress ?? '';
  }

  /**
   * Receives every event ws emits on this socket (`message`, `pong`, `close`, `error`, ...), with
   * its first two arguments, before the listeners run.
   */
  protected abstract receive(event: string | symbol, a: unknown, b: unknown): void;

  override emit(event: string | symbol, a?: unknown, b?: unknown): boolean {
    this.receive(event, a, b);
    // An 'error' without listeners is handled by `receive`: EventEmitter would throw it.
    return this.listenerCount(event) > 0 ? super.emit(event, a, b) : false;
  }
}
