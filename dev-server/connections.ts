/**
 * Connections: one object per WebSocket (the `Connection`), the connection count and limit, the
 * heartbeat (pings in slices), closing (server- or client-initiated, with the resume grace
 * period), and sending with the backlog bound and refusals with abuse counting.
 */
import type http from 'node:http';
import { CLOSE_CODES, type ErrorCode, type ServerMessage } from '../src/core/protocol.js';
import { createLogger, type Logger } from './logger.js';
import { countRefusal, fillBucket, overBacklog, type Limited } from './limits.js';
import { SignalingMetrics } from './metrics.js';
import { resolveOptions, type ResolvedOptions, type SignalingServerOptions } from './options.js';
import { MemoryRooms, type RoomDirectory } from './rooms.js';
import type { Session } from './session.js';
import type { TextPayload } from './frame.js';
import { destroySocket } from './http.js';
import { FastSocket, WebSocket, WebSocketServer, type RawData } from './ws-internals.js';

/**
 * Close code sent to the old socket of a session that was resumed on a new connection.
 * The client must not try to resume after it (another connection holds the session now).
 */
export const CLOSE_REPLACED = CLOSE_CODES.replaced;
/** Longest `type` echoed back in `error.data.ref`. */
export const MAX_REF_LENGTH = 64;
/** How long a server-initiated close waits for the close handshake before dropping the TCP socket. */
const CLOSE_HANDSHAKE_MS = 2000;
/**
 * About how often the heartbeat runs: each run pings the slice of the connections whose turn it
 * is, so that every connection is pinged once per `heartbeatMs` and the pings of thousands of
 * connections (and their pongs) do not all come at once.
 */
const HEARTBEAT_TICK_MS = 250;

/** Why a connection closed; the label of `rtc_signal_closes_total`. */
export type CloseReason =
  | 'client-normal'
  | 'client-abnormal'
  | 'heartbeat'
  | 'too-large'
  | 'abuse'
  | 'slow-reader'
  | 'unauthorized'
  | 'connection-limit'
  | 'replaced'
  | 'presumed-dead'
  | 'shutdown'
  | 'removed'
  | 'denied'
  | 'ended';

/** Closes after which a joined peer stays resumable for the grace period. */
const GRACE_REASONS: ReadonlySet<CloseReason> = new Set(['client-abnormal', 'heartbeat']);

/** A message that waits in a connection's inbox. */
export interface PendingMessage {
  type: string;
  message: Record<string, unknown>;
  /** The frame's text, kept so a relay can forward it without serializing it again. */
  text: string;
}

/*
 * Memory per connection matters (a process holds thousands of mostly idle connections), so the
 * per-connection state is kept small: classes (one shape, fields in the object), numbers rather
 * than objects, arrays and timers allocated only while they are needed, and event listeners
 * shared by every connection (no closure per connection).
 */

/**
 * One WebSocket connection: the `ws` WebSocket itself (the server makes ws create this class),
 * with the connection's state as fields, so a connection is one object. Each server subclasses it
 * once to receive the socket's events (see `ConnectionLayer.socketClass`).
 */
export class Connection extends FastSocket implements Limited {
  /**
   * The heartbeat slice this connection is in while the server holds it; -1 before the server
   * accepted it (one refused at once never is) and once it has closed.
   */
  slice = -1;
  session: Session | null = null;
  /** Rate limit: see `limits.ts`. */
  milliTokens = 0;
  refilledAt = 0;
  refusals: number[] | null = null;
  /** Pings sent since the last pong. */
  unansweredPings = 0;
  /** Set when the server decided to close this connection. */
  closeReason: CloseReason | undefined = undefined;
  /**
   * While a message that had to wait (a join) is being handled, the messages that arrive wait
   * here, in order; null otherwise.
   */
  inbox: PendingMessage[] | null = null;
  /** Runs only while a server-initiated close waits for the handshake. */
  closeTimer: NodeJS.Timeout | undefined = undefined;
  /** True once the socket has closed (or if the server never accepted it). */
  get closed(): boolean {
    return this.slice === -1;
  }

  /** Events go to the server: its subclass overrides this (see `ConnectionLayer.socketClass`). */
  protected receive(_event: string | symbol, _a: unknown, _b: unknown): void {}
}

function terminate(ws: WebSocket): void {
  ws.terminate();
}

/** The connections of a signaling server (the base of `SignalingServer`; see the file's top). */
export abstract class ConnectionLayer {
  /** The options in effect, defaults included. */
  readonly options: ResolvedOptions;
  /** Prometheus metrics, on a registry of this server's own (`metrics.registry`). */
  readonly metrics: SignalingMetrics;
  readonly logger: Logger;

  protected readonly wss: WebSocketServer;
  /**
   * The open connections, in heartbeat slices: slice `i` is pinged at heartbeat ticks `i`,
   * `i + slices.length`, ... Order within a slice does not matter.
   */
  protected readonly slices: Connection[][];
  protected connectionCount = 0;
  /** The slice the next heartbeat tick pings. */
  protected heartbeatTurn = 0;
  /** The slice the next connection goes to (round robin). */
  protected nextSlice = 0;
  protected readonly startedAt = Date.now();
  protected directory: RoomDirectory;
  protected state: 'idle' | 'running' | 'closing' | 'closed' = 'idle';

  protected constructor(options: SignalingServerOptions = {}, directory?: RoomDirectory) {
    this.options = resolveOptions(options);
    this.logger = createLogger(this.options.logLevel, this.options.logSink);
    this.directory = directory ?? new MemoryRooms();
    this.metrics = new SignalingMetrics({
      connections: () => this.connectionCount,
      rooms: () => this.roomCount(),
      peers: () => this.peerCount(),
      janusUp: () => this.sfuCounts().up,
      sfuRooms: () => this.sfuCounts().rooms,
    });
    if (this.metrics.missing)
      this.logger.warn('metrics are off: /metrics answers 501', { error: this.metrics.missing });
    const sliceCount = Math.max(1, Math.round(this.options.heartbeatMs / HEARTBEAT_TICK_MS));
    this.slices = Array.from({ length: sliceCount }, (): Connection[] => []);
    this.wss = new WebSocketServer({
      WebSocket: this.socketClass(),
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
      // Frames up to twice the limit are read and answered with `too-large`; longer ones are cut
      // off by ws while they arrive (close 1009 without the error message).
      maxPayload: this.options.maxFrameBytes * 2,
      // Rule 3: bad input is answered, not closed on: the server checks UTF-8 itself (`bad-json`).
      skipUTF8Validation: true,
    });
    this.wss.on('error', (error) => this.logger.error('websocket server error', { error }));
  }

  /** Handles a frame a connection received. */
  protected abstract onFrame(connection: Connection, data: RawData, isBinary: boolean): void;
  /** Removes a peer from its room: the room sees `peer-left`. */
  protected abstract removeSession(session: Session): Promise<void>;
  /** How many rooms have peers on this process. */
  protected abstract roomCount(): number;
  /** How many peers this process holds. */
  protected abstract peerCount(): number;
  /** Janus servers up and rooms on the SFU (the media layer's). */
  protected sfuCounts(): { up: number; rooms: number } {
    return { up: 0, rooms: 0 };
  }

  /**
   * The `handleUpgrade` callback, one for all connections. ws has put its own error listener on
   * the socket; ours goes, and nothing keeps the upgrade request alive after this.
   */
  protected readonly upgraded = (ws: WebSocket, req: http.IncomingMessage): void => {
    req.socket.off('error', destroySocket);
    this.onConnection(ws as Connection);
  };

  protected onConnection(connection: Connection): void {
    if (this.state !== 'running') {
      connection.closeReason = 'shutdown';
      connection.close(CLOSE_CODES.goingAway, 'server shutting down');
      return;
    }
    if (this.connectionCount >= this.options.maxConnections) {
      connection.closeReason = 'connection-limit';
      this.metrics.closes.inc({ reason: 'connection-limit' });
      this.logger.debug('connection refused: limit reached', { limit: this.options.maxConnections });
      connection.close(CLOSE_CODES.tryAgainLater, 'server at its connection limit');
      return;
    }
    fillBucket(connection, this.options, this.now());
    connection.slice = this.nextSlice;
    this.nextSlice = (this.nextSlice + 1) % this.slices.length;
    this.slices[connection.slice]!.push(connection);
    this.connectionCount += 1;
    // Reading the address makes Node keep it with the socket: only when it is logged.
    if (this.logger.enabled('debug')) this.logger.debug('connected', { remote: connection.remoteAddress() });
  }

  /**
   * The class ws creates for this server's connections: it receives the socket's events through
   * `FastSocket.receive` (see `ws-internals.ts`).
   */
  protected socketClass(): typeof Connection {
    const server = this;
    return class ServerConnection extends Connection {
      protected override receive(event: string | symbol, a: unknown, b: unknown): void {
        if (this.slice === -1) return;
        try {
          if (event === 'message') server.onFrame(this, a as RawData, b as boolean);
          else if (event === 'pong') this.unansweredPings = 0;
          else if (event === 'close') server.onClose(this, a as number);
          else if (event === 'error') server.logger.debug('socket error', { error: a });
        } catch (error) {
          server.logger.error(event === 'close' ? 'close handler failed' : 'frame handler failed', { error });
        }
      }
    };
  }

  /** Milliseconds since the server was created: an integer that stays small (a V8 small integer). */
  protected now(): number {
    return Date.now() - this.startedAt;
  }

  protected onClose(connection: Connection, code: number): void {
    const slice = this.slices[connection.slice]!;
    const last = slice.pop()!;
    if (last !== connection) slice[slice.indexOf(connection)] = last;
    connection.slice = -1;
    this.connectionCount -= 1;
    clearTimeout(connection.closeTimer);
    if (connection.inbox) connection.inbox.length = 0;
    const reason: CloseReason =
      connection.closeReason ??
      (code === CLOSE_CODES.normal || code === CLOSE_CODES.goingAway || code === 1005
        ? 'client-normal'
        : 'client-abnormal');
    // Server-initiated closes were counted when decided.
    if (connection.closeReason === undefined) this.metrics.closes.inc({ reason });
    const session = connection.session;
    connection.session = null;
    this.logger.debug('closed', { code, reason, peer: session?.id });
    if (!session || session.connection !== connection || this.state !== 'running') return;
    session.connection = null;
    if (session.state === 'joining') return; // the pending join sees the closed connection
    if (GRACE_REASONS.has(reason) && this.options.resumeGraceMs > 0) {
      this.logger.debug('peer dropped, resumable', { peer: session.id, room: session.room });
      session.graceTimer = setTimeout(this.graceExpired, this.options.resumeGraceMs, session);
      session.graceTimer.unref();
    } else {
      void this.removeSession(session);
    }
  }

  protected readonly graceExpired = (session: Session): void => {
    session.graceTimer = undefined;
    this.metrics.graceExpired.inc();
    void this.removeSession(session);
  };

  /** Closes a connection on the server's initiative; a joined peer leaves at once (no grace). */
  protected closeConnection(connection: Connection, code: number, reason: CloseReason, text: string): void {
    if (connection.closed || connection.closeReason !== undefined) return;
    connection.closeReason = reason;
    this.metrics.closes.inc({ reason });
    if (connection.inbox) connection.inbox.length = 0;
    const session = connection.session;
    if (session && reason !== 'shutdown' && reason !== 'replaced') {
      connection.session = null;
      if (session.connection === connection) {
        session.connection = null;
        void this.removeSession(session);
      }
    }
    this.logger.debug('closing connection', { code, reason, peer: session?.id });
    try {
      connection.close(code, text);
    } catch {
      connection.terminate();
    }
    connection.closeTimer = setTimeout(terminate, CLOSE_HANDSHAKE_MS, connection);
    connection.closeTimer.unref();
  }

  /** Pings the connections of the slice whose turn it is (each slice once per `heartbeatMs`). */
  protected heartbeat(): void {
    const slice = this.slices[this.heartbeatTurn]!;
    this.heartbeatTurn = (this.heartbeatTurn + 1) % this.slices.length;
    // Nothing below removes a connection from the slice synchronously (closes are events).
    for (const connection of slice) {
      if (connection.closed || connection.closeReason !== undefined) continue;
      // A ping unanswered at the next turn is a missed pong; the second one ends the connection.
      if (connection.unansweredPings >= 2) {
        this.metrics.heartbeatTimeouts.inc();
        this.metrics.closes.inc({ reason: 'heartbeat' });
        connection.closeReason = 'heartbeat';
        this.logger.info('heartbeat timeout', { peer: connection.session?.id, remote: connection.remoteAddress() });
        connection.terminate();
        continue;
      }
      connection.unansweredPings += 1;
      try {
        connection.ping();
      } catch {
        // The socket is closing; its close event follows.
      }
    }
  }

  /** Sends a frame, closing a slow reader whose backlog went over the bound. */
  protected send(connection: Connection, frame: TextPayload): void {
    if (connection.readyState !== WebSocket.OPEN || connection.closeReason !== undefined) return;
    connection.sendText(frame);
    if (overBacklog(connection.bufferedAmount, this.options)) {
      this.logger.warn('slow reader closed', { peer: connection.session?.id, backlog: connection.bufferedAmount });
      this.closeConnection(connection, CLOSE_CODES.policyViolation, 'slow-reader', 'send backlog over limit');
    }
  }

  protected sendMessage(connection: Connection, message: ServerMessage): void {
    this.send(connection, JSON.stringify(message));
  }

  /**
   * Refuses a message: an `error` reply, and a close 1008 after too many refusals. `closing`:
   * the caller closes the connection right after (the refusal is not counted).
   */
  protected refuse(connection: Connection, code: ErrorCode, message: string, ref?: string, closing = false): void {
    this.metrics.errors.inc({ code });
    const data = ref === undefined ? { code, message } : { code, message, ref };
    this.sendMessage(connection, { type: 'error', data });
    if (closing) return;
    if (countRefusal(connection, this.options, this.now())) {
      this.logger.warn('closing abusive connection', {
        peer: connection.session?.id,
        remote: connection.remoteAddress(),
      });
      this.closeConnection(connection, CLOSE_CODES.policyViolation, 'abuse', 'too many refused messages');
    }
  }
}
