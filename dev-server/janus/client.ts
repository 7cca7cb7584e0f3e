/**
 * The signaling server's connection to one Janus: its WebSocket API (subprotocol
 * `janus-protocol`), one Janus session with one VideoRoom handle, for the room requests only the
 * server makes (`create`, `allowed`, `destroy`). It keeps the session alive (a `keepalive` every
 * 25 s; Janus drops a session after 60 s of silence) and connects again, with backoff, when Janus
 * goes away; `up` and `down` tell the server. A Janus that came back is a new Janus (its rooms are
 * gone): the server makes them again on `up`.
 */
import { EventEmitter } from 'node:events';
import type { Logger } from '../logger.js';
import { WebSocket } from '../ws-internals.js';

/** How often the session is kept alive (Janus's session timeout is 60 s). */
export const KEEPALIVE_MS = 25_000;
/** How long a request waits for its answer. */
const REQUEST_TIMEOUT_MS = 10_000;
/** Reconnection backoff: from the first delay, doubling, up to the last. */
const BACKOFF_MS = [250, 5000] as const;

/** A VideoRoom answer (`plugindata.data`). */
export type VideoRoomAnswer = Record<string, unknown> & { videoroom?: string; error_code?: number; error?: string };

/** An error Janus or the VideoRoom answered with: `code` is Janus's (e.g. 427 "already exists"). */
export class JanusError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(`Janus ${code}: ${message}`);
  }
}

interface Pending {
  resolve(message: Record<string, unknown>): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * One Janus, as the server sees it. Events: `up` (connected, a session and handle ready;
 * `{ again }` is true after it had been down), `down` (the connection is gone).
 */
export class JanusAdmin extends EventEmitter {
  private socket: WebSocket | undefined;
  private session = 0;
  private handle = 0;
  private readonly pending = new Map<string, Pending>();
  private next = 0;
  private keepalive: NodeJS.Timeout | undefined;
  private retry: NodeJS.Timeout | undefined;
  private delay: number = BACKOFF_MS[0];
  private wasUp = false;
  private closed = false;
  /** True while the connection, its session and its handle are ready. */
  up = false;

  constructor(
    readonly url: string,
    private readonly logger: Logger,
    private readonly apiSecret?: string,
  ) {
    super();
    // `up`/`down` listeners are the server's; an unhandled `error` event never happens (none is emitted).
  }

  /** Starts connecting (and keeps doing so until {@link close}). */
  start(): void {
    if (!this.socket && !this.closed) this.connect();
  }

  private connect(): void {
    this.retry = undefined;
    const socket = new WebSocket(this.url, 'janus-protocol', { handshakeTimeout: REQUEST_TIMEOUT_MS });
    this.socket = socket;
    socket.on('error', (error) => this.logger.debug('janus socket error', { url: this.url, error }));
    socket.on('message', (data) => this.onMessage(String(data)));
    socket.on('close', () => this.onClose(socket));
    socket.on('open', () => void this.ready(socket));
  }

  private async ready(socket: WebSocket): Promise<void> {
    try {
      const created = await this.request({ janus: 'create' });
      this.session = Number((created.data as { id: number }).id);
      const attached = await this.request({
        janus: 'attach',
        session_id: this.session,
        plugin: 'janus.plugin.videoroom',
      });
      this.handle = Number((attached.data as { id: number }).id);
    } catch (error) {
      this.logger.warn('janus session failed', { url: this.url, error });
      socket.terminate();
      return;
    }
    if (this.socket !== socket) return;
    this.up = true;
    this.delay = BACKOFF_MS[0];
    this.keepalive = setInterval(() => {
      this.request({ janus: 'keepalive', session_id: this.session }).catch(() => undefined);
    }, KEEPALIVE_MS);
    this.keepalive.unref();
    const again = this.wasUp;
    this.wasUp = true;
    this.logger.info('janus up', { url: this.url, again });
    this.emit('up', { again });
  }

  private onClose(socket: WebSocket): void {
    if (this.socket !== socket) return;
    this.socket = undefined;
    clearInterval(this.keepalive);
    for (const [transaction, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new Error('the connection to Janus closed'));
      this.pending.delete(transaction);
    }
    const wasUp = this.up;
    this.up = false;
    if (wasUp) {
      this.logger.warn('janus down', { url: this.url });
      this.emit('down');
    }
    if (this.closed) return;
    this.retry = setTimeout(() => this.connect(), this.delay);
    this.retry.unref();
    this.delay = Math.min(this.delay * 2, BACKOFF_MS[1]);
  }

  private onMessage(text: string): void {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    const transaction = message.transaction;
    // Asynchronous requests are acknowledged first, then answered by an event with the same transaction.
    if (typeof transaction !== 'string' || message.janus === 'ack') return;
    const pending = this.pending.get(transaction);
    if (!pending) return;
    this.pending.delete(transaction);
    clearTimeout(pending.timer);
    if (message.janus === 'error') {
      const error = message.error as { code?: number; reason?: string } | undefined;
      pending.reject(new JanusError(error?.code ?? 0, error?.reason ?? 'error'));
    } else {
      pending.resolve(message);
    }
  }

  /** Sends one request of the Janus API and resolves with its answer (not its ack). */
  request(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return Promise.reject(new Error('Janus is not connected'));
    const transaction = `t${++this.next}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(transaction);
        reject(new Error(`Janus did not answer ${String(body.janus)} in time`));
      }, REQUEST_TIMEOUT_MS);
      timer.unref();
      this.pending.set(transaction, { resolve, reject, timer });
      const message = this.apiSecret === undefined ? body : { ...body, apisecret: this.apiSecret };
      socket.send(JSON.stringify({ ...message, transaction }));
    });
  }

  /**
   * A VideoRoom request on the server's handle; resolves with its answer, rejects with a
   * {@link JanusError} when the VideoRoom refused it.
   */
  async videoroom(body: Record<string, unknown>): Promise<VideoRoomAnswer> {
    if (!this.up) throw new Error('Janus is not connected');
    const answer = await this.request({ janus: 'message', session_id: this.session, handle_id: this.handle, body });
    const data = ((answer.plugindata as { data?: VideoRoomAnswer } | undefined)?.data ?? {}) as VideoRoomAnswer;
    if (typeof data.error_code === 'number') throw new JanusError(data.error_code, String(data.error ?? ''));
    return data;
  }

  /** Stops: no reconnection; the session ends with the socket. */
  close(): void {
    this.closed = true;
    clearTimeout(this.retry);
    clearInterval(this.keepalive);
    const socket = this.socket;
    if (!socket) return;
    if (this.up) this.request({ janus: 'destroy', session_id: this.session }).catch(() => undefined);
    socket.close();
    // Release the pending requests now rather than at the close event.
    this.onClose(socket);
  }
}
