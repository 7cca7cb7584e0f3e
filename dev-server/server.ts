/**
 * The signaling server: protocol version 1.1 (`docs/protocol.md`) over `ws`, attachable to any
 * Node HTTP server (the `@web/dev-server` one included) or listening on its own port.
 */
import { isUtf8 } from 'node:buffer';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type * as Ws from 'ws';
import {
  CLOSE_CODES,
  PROTOCOL_REVISION,
  PROTOCOL_VERSION,
  isRelayType,
  isValidName,
  isValidRoom,
  type ErrorCode,
  type ParticipantState,
  type PeerInfo,
  type RelayType,
  type ServerMessage,
} from '../src/core/protocol.js';
import { loadJose, verifyJoinToken } from './auth.js';
import { createLogger, type Logger } from './logger.js';
import { SignalingMetrics } from './metrics.js';
import { describeOptions, resolveOptions, type ResolvedOptions, type SignalingServerOptions } from './options.js';
import { textFrame } from './frame.js';
import { checkStateField, checkUpdate, peerFrame } from './participant-state.js';
import { EMPTY_STATE, MemoryRooms, type RoomDirectory, type RoomDirectoryHost } from './rooms.js';
import { iceServersFor } from './turn.js';
import { loadOptional, requireOptional } from './optional.js';

// `ws` is an optional peer dependency (the elements do not need it); the server cannot run without it.
const { WebSocket, WebSocketServer } = requireOptional<typeof Ws>('ws', 'The rtc-elements signaling server');
type WebSocket = Ws.WebSocket;
type WebSocketServer = Ws.WebSocketServer;
type RawData = Ws.RawData;

/**
 * Close code sent to the old socket of a session that was resumed on a new connection.
 * The client must not try to resume after it (another connection holds the session now).
 */
export const CLOSE_REPLACED = CLOSE_CODES.replaced;

/** Longest accepted `join.data.token`, in characters. */
export const MAX_TOKEN_LENGTH = 8192;
/** Longest accepted `join.data.resume`, in characters. */
export const MAX_RESUME_LENGTH = 256;
/** Longest accepted peer id in `to` (server ids are 22 characters). */
const MAX_PEER_ID_LENGTH = 64;
/** Longest `type` echoed back in `error.data.ref`. */
const MAX_REF_LENGTH = 64;
/** Messages a connection may have waiting while a join completes (auth, Redis). */
const MAX_PENDING_MESSAGES = 64;
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
  | 'shutdown';

/** Closes after which a joined peer stays resumable for the grace period. */
const GRACE_REASONS: ReadonlySet<CloseReason> = new Set(['client-abnormal', 'heartbeat']);

interface QueuedFrame {
  frame: string;
  /** Sequence number of a membership event; absent for relayed messages. */
  seq?: number;
}

/**
 * The frame relayed for a message from `from`: `{"type":…,"from":…,"data":…}`. Clients send
 * `{"type":…,"to":…,"data":…}` in that order (JSON.stringify of the core's message); for such a
 * text the server swaps the `to` for the `from` and keeps the sender's `data` text as it is, with
 * no second serialization of a 4 KB SDP. The recipient parses the same `data` text the server
 * validated. Any other text (other order, spacing, escapes, a client's own `from`, extra fields)
 * is rebuilt as exactly `{ type, from, data }`.
 */
export function relayFrame(type: RelayType, from: string, message: Record<string, unknown>, text: string): string {
  let keys = 0;
  for (const key in message) {
    if (key !== 'type' && key !== 'to' && key !== 'data') keys = -1;
    else if (keys >= 0) keys++;
  }
  if (keys === 3) {
    const prefix = `{"type":"${type}","to":${JSON.stringify(message.to)},"data":`;
    if (text.startsWith(prefix))
      return `{"type":"${type}","from":${JSON.stringify(from)},"data":${text.slice(prefix.length)}`;
  }
  return JSON.stringify({ type, from, data: message.data });
}

interface PendingMessage {
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

/** One peer in one room; outlives its socket during the resume grace period. */
class Session {
  /** Hash of the current resume token (the token itself is not kept). */
  resumeHash: string;
  connection: Connection | null;
  state: 'joining' | 'active' | 'removed' = 'joining';
  /** Sequence number of the last membership event the welcome covered. */
  seq: number | undefined = undefined;
  /** Frames held while joining or dropped, sent after the welcome; bounded. Null when empty. */
  queue: QueuedFrame[] | null = null;
  /** Runs only while the peer is dropped (resume grace period). */
  graceTimer: NodeJS.Timeout | undefined = undefined;
  /** The name the join token gave (auth): `update` may not change it. */
  fixedName: string | undefined = undefined;

  constructor(
    readonly id: string,
    readonly room: string,
    resumeHash: string,
    connection: Connection,
  ) {
    this.resumeHash = resumeHash;
    this.connection = connection;
  }
}

/**
 * One WebSocket connection: the `ws` WebSocket itself (the server makes ws create this class),
 * with the connection's state as fields, so a connection is one object. Each server subclasses it
 * once to receive the socket's events (see `SignalingServer.socketClass`).
 */
class Connection extends WebSocket {
  /**
   * The heartbeat slice this connection is in while the server holds it; -1 before the server
   * accepted it (one refused at once never is) and once it has closed.
   */
  slice = -1;
  session: Session | null = null;
  /** Rate limit: tokens in thousandths (an integer), refilled lazily. */
  milliTokens = 0;
  /** When the tokens were last refilled, in ms since the server started (an integer). */
  refilledAt = 0;
  /** Times of recent refused messages (at most `abuseThreshold + 1`); null until the first. */
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
  /** ws's TCP socket (not in ws's types). */
  declare readonly _socket: Duplex | null;

  /** True once the socket has closed (or if the server never accepted it). */
  get closed(): boolean {
    return this.slice === -1;
  }

  /**
   * Sends a text message as one frame in one socket write (see `textFrame`), where `send` would
   * make two. Safe beside ws's own writes (pings, close) because the server's connections never
   * compress and never send a Blob: ws's sender then writes every frame to the socket at once,
   * never later from a queue, so frames keep their order. The write counts in `bufferedAmount`.
   * `_socket` is not ws's public API: should a later ws not have it, `send` does the work.
   */
  sendText(text: string): void {
    const socket = this._socket;
    if (socket) socket.write(textFrame(text));
    else this.send(text);
  }
}

/** The `/healthz` body. */
export interface HealthReport {
  status: 'ok' | 'degraded' | 'shutting-down';
  /** The protocol's major version (1). */
  protocol: number;
  /** The full protocol version (`"1.1"`). */
  protocolVersion: string;
  uptimeSeconds: number;
  connections: number;
  rooms: number;
  peers: number;
  directory: string;
  directoryHealthy: boolean;
}

/** What {@link SignalingServer.listen} resolved with. */
export interface ListenResult {
  /** The bound port. */
  port: number;
  /** The WebSocket URL clients connect to (`ws://host:port/signal`). */
  url: string;
  /** The HTTP base URL (`/healthz`, `/metrics`). */
  httpUrl: string;
}

function pathOf(url: string | undefined): string {
  if (!url) return '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rawByteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, chunk) => sum + chunk.length, 0);
  return data.byteLength;
}

/** The frame's text, or undefined when its bytes are not valid UTF-8. */
function rawToString(data: RawData): string | undefined {
  const bytes = Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? Buffer.from(data) : data;
  return isUtf8(bytes) ? bytes.toString('utf8') : undefined;
}

/** The remote address of a connection, for logs. */
function remoteOf(connection: Connection): string {
  return (connection._socket as Partial<Socket> | null)?.remoteAddress ?? '';
}

function terminate(ws: WebSocket): void {
  ws.terminate();
}

/** The error listener of a socket being upgraded (`this` is the socket). */
function destroySocket(this: Duplex): void {
  this.destroy();
}

function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  try {
    socket.end(
      `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length}\r\n\r\n${text}`,
    );
  } catch {
    socket.destroy();
  }
}

/**
 * A signaling server. Create it, then either {@link SignalingServer.listen} on a port of its own or
 * {@link SignalingServer.attach} it to an existing HTTP server; {@link SignalingServer.close} it
 * to shut down gracefully.
 *
 * ```ts
 * const server = createSignalingServer({ maxPeersPerRoom: 8 });
 * const { url } = await server.listen({ port: 8787, host: '0.0.0.0' });
 * ```
 */
export class SignalingServer {
  /** The options in effect, defaults included. */
  readonly options: ResolvedOptions;
  /** Prometheus metrics, on a registry of this server's own (`metrics.registry`). */
  readonly metrics: SignalingMetrics;
  readonly logger: Logger;

  private readonly wss: WebSocketServer;
  /**
   * The open connections, in heartbeat slices: slice `i` is pinged at heartbeat ticks `i`,
   * `i + slices.length`, ... Order within a slice does not matter.
   */
  private readonly slices: Connection[][];
  private connectionCount = 0;
  /** The slice the next heartbeat tick pings. */
  private heartbeatTurn = 0;
  /** The slice the next connection goes to (round robin). */
  private nextSlice = 0;
  private readonly sessions = new Map<string, Session>();
  /** The local sessions of each room. Arrays are replaced, never changed (iteration is safe). */
  private readonly localRooms = new Map<string, Session[]>();
  private readonly attachments: Array<{
    server: http.Server;
    listener: (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void;
  }> = [];
  private readonly jwtKey: Uint8Array | undefined;
  private readonly startedAt = Date.now();
  private directory: RoomDirectory;
  private httpServer: http.Server | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private startPromise: Promise<void> | undefined;
  private closePromise: Promise<void> | undefined;
  private state: 'idle' | 'running' | 'closing' | 'closed' = 'idle';

  constructor(options: SignalingServerOptions = {}, directory?: RoomDirectory) {
    this.options = resolveOptions(options);
    this.logger = createLogger(this.options.logLevel, this.options.logSink);
    this.jwtKey = this.options.jwtSecret !== undefined ? new TextEncoder().encode(this.options.jwtSecret) : undefined;
    this.directory = directory ?? new MemoryRooms();
    this.metrics = new SignalingMetrics({
      connections: () => this.connectionCount,
      rooms: () => this.localRooms.size,
      peers: () => this.sessions.size,
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

  /** The options as printed at start (secrets masked). */
  describe(): Record<string, unknown> {
    return describeOptions(this.options);
  }

  /**
   * Connects the room directory (Redis when `redisUrl` is set) and starts the heartbeat.
   * `listen` and `attach` call it; call it yourself to learn about a failure early.
   */
  start(): Promise<void> {
    if (this.state === 'closing' || this.state === 'closed') return Promise.reject(new Error('server is closed'));
    this.startPromise ??= (async () => {
      if (this.jwtKey) await loadJose();
      if (this.options.redisUrl !== undefined && this.directory instanceof MemoryRooms) {
        const { RedisRooms } = await loadOptional(
          'ioredis',
          'Redis rooms (redisUrl, --redis)',
          () => import('./redis-rooms.js'),
        );
        this.directory = new RedisRooms({
          url: this.options.redisUrl,
          prefix: this.options.redisPrefix,
          nodeTtlMs: this.options.redisNodeTtlMs,
          logger: this.logger,
        });
      }
      await this.directory.start(this.host);
      if (this.state === 'idle') this.state = 'running';
      this.heartbeatTimer = setInterval(() => this.heartbeat(), this.options.heartbeatMs / this.slices.length);
      this.heartbeatTimer.unref();
    })();
    return this.startPromise;
  }

  /**
   * Handles WebSocket upgrades for the signaling path on `server` (query strings allowed).
   * Upgrades for other paths are left alone for other listeners (e.g. `@web/dev-server`'s `/wds`).
   * HTTP requests are not touched: route them to {@link handleHttp} yourself.
   */
  attach(server: http.Server, options: { path?: string } = {}): void {
    this.attachUpgrades(server, options.path ?? this.options.path, false);
    this.start().catch((error: unknown) => this.logger.error('signaling server failed to start', { error }));
  }

  private attachUpgrades(server: http.Server, path: string, ownsServer: boolean): void {
    const listener = (req: http.IncomingMessage, socket: Duplex, head: Buffer): void => {
      if (pathOf(req.url) !== path) {
        if (ownsServer) rejectUpgrade(socket, 404, 'Not Found');
        return;
      }
      // Until ws takes the socket over (it adds its own error listener), a socket error must not
      // crash the process. A shared function, not a closure: a closure here would share this
      // call's context, and so keep `req` alive for as long as the socket lives.
      socket.on('error', destroySocket);
      if (this.state === 'closing' || this.state === 'closed') {
        rejectUpgrade(socket, 503, 'Service Unavailable');
        return;
      }
      const origin = req.headers.origin;
      if (
        origin !== undefined &&
        this.options.allowedOrigins.length > 0 &&
        !this.options.allowedOrigins.includes(origin)
      ) {
        this.logger.info('upgrade refused: origin not allowed', { origin });
        rejectUpgrade(socket, 403, 'Forbidden');
        return;
      }
      try {
        this.wss.handleUpgrade(req, socket, head, this.upgraded);
      } catch (error) {
        this.logger.warn('upgrade failed', { error });
        socket.destroy();
      }
    };
    server.on('upgrade', listener);
    this.attachments.push({ server, listener });
  }

  /**
   * Answers `GET /healthz` (JSON) and `GET /metrics` (Prometheus text); returns false, without
   * touching `res`, for any other request.
   */
  handleHttp(req: http.IncomingMessage, res: http.ServerResponse): boolean {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const path = pathOf(req.url);
    if (path === '/healthz') {
      const report = this.health();
      const body = JSON.stringify(report);
      res.writeHead(report.status === 'ok' ? 200 : 503, {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
      return true;
    }
    if (path === '/metrics') {
      if (this.metrics.missing) {
        res.writeHead(501, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : `${this.metrics.missing.message}\n`);
        return true;
      }
      this.metrics.registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': this.metrics.registry.contentType, 'cache-control': 'no-store' });
          res.end(req.method === 'HEAD' ? undefined : text);
        },
        (error: unknown) => {
          this.logger.error('metrics failed', { error });
          res.writeHead(500).end();
        },
      );
      return true;
    }
    return false;
  }

  /** The `/healthz` report. */
  health(): HealthReport {
    const directoryHealthy = this.directory.healthy();
    return {
      status:
        this.state === 'closing' || this.state === 'closed' ? 'shutting-down' : directoryHealthy ? 'ok' : 'degraded',
      protocol: PROTOCOL_VERSION,
      protocolVersion: PROTOCOL_REVISION,
      uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
      connections: this.connectionCount,
      rooms: this.localRooms.size,
      peers: this.sessions.size,
      directory: this.directory.kind,
      directoryHealthy,
    };
  }

  /**
   * Listens on an HTTP server of its own: `/healthz`, `/metrics`, WebSocket upgrades on the
   * path, 404 elsewhere. `host` defaults to `127.0.0.1`; `port` 0 picks a free port.
   */
  async listen(options: { port?: number; host?: string } = {}): Promise<ListenResult> {
    if (this.httpServer) throw new Error('already listening');
    const host = options.host ?? '127.0.0.1';
    await this.start();
    const server = http.createServer((req, res) => {
      if (!this.handleHttp(req, res)) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('Not Found');
      }
    });
    server.on('error', (error) => this.logger.error('http server error', { error }));
    server.on('clientError', (_error, socket) => socket.destroy());
    this.httpServer = server;
    this.attachUpgrades(server, this.options.path, true);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
    const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
    return { port, url: `ws://${shownHost}:${port}${this.options.path}`, httpUrl: `http://${shownHost}:${port}` };
  }

  /**
   * Shuts down gracefully: refuses new upgrades (503), closes every socket with 1001
   * "server shutting down", stops the directory and its own HTTP server. Idempotent.
   * With Redis, the peers stay registered for the resume grace period so they may resume on
   * another process; other processes remove them after it.
   */
  close(): Promise<void> {
    this.closePromise ??= this.shutdown();
    return this.closePromise;
  }

  private async shutdown(): Promise<void> {
    this.state = 'closing';
    this.logger.info('shutting down', { connections: this.connectionCount });
    clearInterval(this.heartbeatTimer);
    for (const { server, listener } of this.attachments) server.off('upgrade', listener);
    const serverClosed = this.httpServer
      ? new Promise<void>((resolve) => this.httpServer!.close(() => resolve()))
      : Promise.resolve();
    const allClosed = this.slices.flat().map(
      (connection) =>
        new Promise<void>((resolve) => {
          if (connection.closed) return resolve();
          connection.once('close', () => resolve());
          this.closeConnection(connection, CLOSE_CODES.goingAway, 'shutdown', 'server shutting down');
        }),
    );
    await Promise.all(allClosed);
    for (const session of this.sessions.values()) clearTimeout(session.graceTimer);
    this.sessions.clear();
    this.localRooms.clear();
    try {
      await this.startPromise;
    } catch {
      // It never started: nothing to stop.
    }
    await this.directory
      .close({ keepMembers: true, graceMs: this.options.resumeGraceMs })
      .catch((error: unknown) => this.logger.warn('directory close failed', { error }));
    this.httpServer?.closeAllConnections();
    await serverClosed;
    this.wss.close();
    this.state = 'closed';
    this.logger.info('stopped');
  }

  // ---- connections -----------------------------------------------------------------------------

  /**
   * The `handleUpgrade` callback, one for all connections. ws has put its own error listener on
   * the socket; ours goes, and nothing keeps the upgrade request alive after this.
   */
  private readonly upgraded = (ws: WebSocket, req: http.IncomingMessage): void => {
    req.socket.off('error', destroySocket);
    this.onConnection(ws as Connection);
  };

  private onConnection(connection: Connection): void {
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
    connection.milliTokens = this.options.burst * 1000;
    connection.refilledAt = this.now();
    connection.slice = this.nextSlice;
    this.nextSlice = (this.nextSlice + 1) % this.slices.length;
    this.slices[connection.slice]!.push(connection);
    this.connectionCount += 1;
    // Reading the address makes Node keep it with the socket: only when it is logged.
    if (this.logger.enabled('debug')) this.logger.debug('connected', { remote: remoteOf(connection) });
  }

  /**
   * The class ws creates for this server's connections. It receives the socket's events by
   * overriding `emit` rather than through listeners: no closure per connection, and no
   * per-connection listener table (ws's own events need none either). Listeners added with
   * `on`/`once` still run.
   */
  private socketClass(): typeof Connection {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const server = this;
    return class ServerConnection extends Connection {
      override emit(event: string | symbol, a?: unknown, b?: unknown): boolean {
        if (this.slice !== -1) {
          try {
            if (event === 'message') server.onFrame(this, a as RawData, b as boolean);
            else if (event === 'pong') this.unansweredPings = 0;
            else if (event === 'close') server.onClose(this, a as number);
            else if (event === 'error') server.logger.debug('socket error', { error: a });
          } catch (error) {
            server.logger.error(event === 'close' ? 'close handler failed' : 'frame handler failed', { error });
          }
        }
        // An 'error' without listeners is handled above: EventEmitter would throw it.
        return this.listenerCount(event) > 0 ? super.emit(event, a, b) : false;
      }
    };
  }

  /** Milliseconds since the server was created: an integer that stays small (a V8 small integer). */
  private now(): number {
    return Date.now() - this.startedAt;
  }

  private onClose(connection: Connection, code: number): void {
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

  private readonly graceExpired = (session: Session): void => {
    session.graceTimer = undefined;
    this.metrics.graceExpired.inc();
    void this.removeSession(session);
  };

  /** Closes a connection on the server's initiative; a joined peer leaves at once (no grace). */
  private closeConnection(connection: Connection, code: number, reason: CloseReason, text: string): void {
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
  private heartbeat(): void {
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
        this.logger.info('heartbeat timeout', { peer: connection.session?.id, remote: remoteOf(connection) });
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
  private send(connection: Connection, frame: string): void {
    if (connection.readyState !== WebSocket.OPEN || connection.closeReason !== undefined) return;
    connection.sendText(frame);
    if (connection.bufferedAmount > this.options.maxBackloggedBytes) {
      this.logger.warn('slow reader closed', { peer: connection.session?.id, backlog: connection.bufferedAmount });
      this.closeConnection(connection, CLOSE_CODES.policyViolation, 'slow-reader', 'send backlog over limit');
    }
  }

  private sendMessage(connection: Connection, message: ServerMessage): void {
    this.send(connection, JSON.stringify(message));
  }

  /**
   * Refuses a message: an `error` reply, and a close 1008 after too many refusals. `closing`:
   * the caller closes the connection right after (the refusal is not counted).
   */
  private refuse(connection: Connection, code: ErrorCode, message: string, ref?: string, closing = false): void {
    this.metrics.errors.inc({ code });
    const data = ref === undefined ? { code, message } : { code, message, ref };
    this.sendMessage(connection, { type: 'error', data });
    if (closing) return;
    const now = this.now();
    connection.refusals ??= [];
    const refusals = connection.refusals;
    refusals.push(now);
    while (refusals.length > 0 && refusals[0]! <= now - this.options.abuseWindowMs) refusals.shift();
    if (refusals.length > this.options.abuseThreshold) {
      this.logger.warn('closing abusive connection', { peer: connection.session?.id, remote: remoteOf(connection) });
      this.closeConnection(connection, CLOSE_CODES.policyViolation, 'abuse', 'too many refused messages');
    }
  }

  /** The token bucket, in thousandths of a token: `rate` tokens per second is `rate` per ms. */
  private takeToken(connection: Connection): boolean {
    const now = this.now();
    const elapsed = now - connection.refilledAt;
    connection.refilledAt = now;
    connection.milliTokens = Math.min(this.options.burst * 1000, connection.milliTokens + elapsed * this.options.rate);
    if (connection.milliTokens < 1000) return false;
    connection.milliTokens -= 1000;
    return true;
  }

  // ---- messages --------------------------------------------------------------------------------

  private onFrame(connection: Connection, data: RawData, isBinary: boolean): void {
    if (connection.closed || connection.closeReason !== undefined) return;
    if (rawByteLength(data) > this.options.maxFrameBytes) {
      this.refuse(
        connection,
        'too-large',
        `frames are limited to ${this.options.maxFrameBytes} bytes`,
        undefined,
        true,
      );
      this.closeConnection(connection, CLOSE_CODES.tooLarge, 'too-large', 'frame too large');
      return;
    }
    if (isBinary) return this.refuse(connection, 'bad-message', 'binary frames are not accepted');
    let parsed: unknown;
    const text = rawToString(data);
    if (text === undefined) return this.refuse(connection, 'bad-json', 'the frame is not valid UTF-8');
    try {
      parsed = JSON.parse(text);
    } catch {
      return this.refuse(connection, 'bad-json', 'the frame is not valid JSON');
    }
    if (!isPlainObject(parsed)) return this.refuse(connection, 'bad-message', 'a message must be a JSON object');
    const type = parsed.type;
    if (typeof type !== 'string') return this.refuse(connection, 'bad-message', 'a message needs a string `type`');
    const ref = type.slice(0, MAX_REF_LENGTH);
    if (!this.takeToken(connection))
      return this.refuse(connection, 'rate-limited', 'too many messages; slow down', ref);
    if (!isRelayType(type) && type !== 'join' && type !== 'leave' && type !== 'update') {
      return this.refuse(connection, 'unknown-type', `unknown message type`, ref);
    }
    const inbox = connection.inbox;
    if (inbox !== null) {
      // An earlier message (a join) is still being decided: this one waits behind it.
      if (inbox.length >= MAX_PENDING_MESSAGES) {
        return this.refuse(connection, 'rate-limited', 'too many messages waiting for a join to complete', ref);
      }
      inbox.push({ type, message: parsed, text });
      return;
    }
    // Nothing is being decided: handle it now. Only a message that must wait (a join) opens an inbox.
    const pending = this.dispatch(connection, type, parsed, text);
    if (pending) void this.drain(connection, type, pending);
  }

  /** Handles one message; returns a promise when the handler has to wait (auth, Redis). */
  private dispatch(
    connection: Connection,
    type: string,
    message: Record<string, unknown>,
    text: string,
  ): Promise<void> | undefined {
    try {
      return this.handle(connection, type, message, text) ?? undefined;
    } catch (error) {
      this.handlerFailed(connection, type, error);
      return undefined;
    }
  }

  private handlerFailed(connection: Connection, type: string, error: unknown): void {
    this.logger.error('message handler failed', { error, type });
    if (!connection.closed) this.refuse(connection, 'bad-message', 'the server could not handle this message', type);
  }

  /**
   * Waits for a handler that had to wait, then handles the messages that arrived meanwhile one at
   * a time, in order.
   */
  private async drain(connection: Connection, type: string, pending: Promise<void>): Promise<void> {
    connection.inbox = [];
    try {
      for (;;) {
        try {
          await pending;
        } catch (error) {
          this.handlerFailed(connection, type, error);
        }
        let next: Promise<void> | undefined;
        while (next === undefined) {
          const item = connection.inbox?.shift();
          if (item === undefined || connection.closed || connection.closeReason !== undefined) return;
          type = item.type;
          next = this.dispatch(connection, item.type, item.message, item.text);
        }
        pending = next;
      }
    } finally {
      connection.inbox = null;
    }
  }

  private handle(
    connection: Connection,
    type: string,
    message: Record<string, unknown>,
    text: string,
  ): Promise<void> | void {
    // Relays first: the hot path.
    if (isRelayType(type)) return this.relay(connection, type, message, text);
    if (type === 'join') return this.join(connection, message);
    if (type === 'leave') return this.leave(connection);
    if (type === 'update') return this.update(connection, message);
  }

  private relay(connection: Connection, type: RelayType, message: Record<string, unknown>, text: string): void {
    const { to, data } = message;
    if (typeof to !== 'string' || to.length === 0 || to.length > MAX_PEER_ID_LENGTH) {
      return this.refuse(connection, 'bad-message', '`to` must be a peer id', type);
    }
    // Any JSON value, null included, is relayed as it is; only a missing `data` is refused.
    if (data === undefined) return this.refuse(connection, 'bad-message', '`data` is required', type);
    const session = connection.session;
    if (session?.state !== 'active') return this.refuse(connection, 'not-joined', 'join a room first', type);
    if (to === session.id) return this.refuse(connection, 'unknown-peer', '`to` must name another peer', type);
    const frame = relayFrame(type, session.id, message, text);
    if (!this.directory.relay(session.room, to, frame)) {
      return this.refuse(connection, 'unknown-peer', 'no such peer in this room', type);
    }
    this.metrics.relayedByType[type].inc();
  }

  /** `update`: a new name and/or state; the room's other peers get `peer-updated`. */
  private async update(connection: Connection, message: Record<string, unknown>): Promise<void> {
    const checked = checkUpdate(message.data);
    if (!checked.ok) return this.refuse(connection, checked.code, checked.message, 'update');
    const session = connection.session;
    if (session?.state !== 'active') return this.refuse(connection, 'not-joined', 'join a room first', 'update');
    const { change } = checked;
    if (change.name !== undefined && session.fixedName !== undefined && change.name !== session.fixedName) {
      return this.refuse(connection, 'unauthorized', 'the name comes from the join token', 'update');
    }
    // Nothing this server knows to change (e.g. only fields of a later version): nothing to tell.
    if (change.name === undefined && change.state === undefined) return;
    let updated: boolean;
    try {
      updated = await this.directory.update(session.room, session.id, change);
    } catch (error) {
      this.logger.error('update failed', { error, peer: session.id });
      return this.refuse(connection, 'rate-limited', 'the server could not update now; try again', 'update');
    }
    if (!updated) return this.refuse(connection, 'not-joined', 'not in a room', 'update');
  }

  private async leave(connection: Connection): Promise<void> {
    const session = connection.session;
    if (session?.state !== 'active') return this.refuse(connection, 'not-joined', 'not in a room', 'leave');
    connection.session = null;
    session.connection = null;
    this.logger.debug('left', { peer: session.id, room: session.room });
    await this.removeSession(session);
  }

  private async join(connection: Connection, message: Record<string, unknown>): Promise<void> {
    const data = message.data;
    if (!isPlainObject(data)) return this.refuse(connection, 'bad-message', '`data` must be an object', 'join');
    const { room: roomName, name, token, resume, state } = data;
    if (!isValidRoom(roomName)) {
      return this.refuse(connection, 'bad-message', '`room` must be 1 to 64 characters of A-Z a-z 0-9 . _ -', 'join');
    }
    // Every session of a room shares one copy of its name (each join message brings its own).
    const room = this.localRooms.get(roomName)?.[0]?.room ?? roomName;
    if (name !== undefined && !isValidName(name)) {
      return this.refuse(connection, 'bad-message', '`name` must be text of at most 64 characters', 'join');
    }
    if (token !== undefined && (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH)) {
      return this.refuse(connection, 'bad-message', '`token` must be a string', 'join');
    }
    if (resume !== undefined && (typeof resume !== 'string' || resume.length > MAX_RESUME_LENGTH)) {
      return this.refuse(connection, 'bad-message', '`resume` must be a string', 'join');
    }
    let initialState: ParticipantState = EMPTY_STATE;
    if (state !== undefined) {
      const checked = checkStateField(state);
      if (!checked.ok) return this.refuse(connection, checked.code, checked.message, 'join');
      initialState = checked.state;
    }
    if (connection.session) return this.refuse(connection, 'already-joined', 'already in a room; leave first', 'join');
    let displayName = name ?? '';
    let fixedName: string | undefined;
    if (this.jwtKey) {
      const check = await verifyJoinToken(token, room, this.jwtKey);
      if (connection.closed) return;
      if (!check.ok) {
        this.logger.info('join refused: unauthorized', { room, reason: check.reason, remote: remoteOf(connection) });
        this.refuse(connection, 'unauthorized', check.reason, 'join', true);
        this.closeConnection(connection, CLOSE_CODES.unauthorized, 'unauthorized', 'unauthorized');
        return;
      }
      if (check.name !== undefined) displayName = fixedName = check.name;
    }
    if (resume !== undefined && (await this.resume(connection, room, resume, fixedName))) return;
    if (connection.closed) return;
    if (!this.localRooms.has(room) && this.localRooms.size >= this.options.maxRooms) {
      return this.refuse(connection, 'room-full', 'this server has no room for another room', 'join');
    }

    const id = randomBytes(16).toString('base64url');
    const resumeToken = `${id}.${randomBytes(24).toString('base64url')}`;
    const session = new Session(id, room, hashToken(resumeToken), connection);
    session.fixedName = fixedName;
    connection.session = session;
    this.sessions.set(id, session);
    this.indexSession(session);
    let outcome: Awaited<ReturnType<RoomDirectory['join']>>;
    try {
      outcome = await this.directory.join(
        room,
        { id, name: displayName, state: initialState },
        this.options.maxPeersPerRoom,
        session.resumeHash,
      );
    } catch (error) {
      this.logger.error('join failed', { error, room });
      this.forgetSession(session);
      if (connection.session === session) connection.session = null;
      return this.refuse(connection, 'rate-limited', 'the server could not join the room now; try again', 'join');
    }
    if (!outcome.ok) {
      this.forgetSession(session);
      if (connection.session === session) connection.session = null;
      return this.refuse(connection, outcome.code, outcome.message, 'join');
    }
    if (connection.closed || session.connection !== connection || this.state !== 'running') {
      // The socket went away while joining: the peer leaves at once.
      session.state = 'active';
      await this.removeSession(session);
      return;
    }
    session.state = 'active';
    session.seq = outcome.seq;
    this.metrics.joins.inc();
    this.logger.debug('joined', { peer: id, room, peers: outcome.peers.length });
    this.welcome(session, connection, outcome.peers, resumeToken);
  }

  /**
   * Resumes the session of `token` on `connection`, with its name and state; false when the token
   * does not resume anything here. `fixedName`: the name the resuming join's token gives, if any.
   */
  private async resume(
    connection: Connection,
    room: string,
    token: string,
    fixedName: string | undefined,
  ): Promise<boolean> {
    const dot = token.indexOf('.');
    if (dot <= 0) return false;
    const id = token.slice(0, dot);
    const hash = hashToken(token);
    const newToken = `${id}.${randomBytes(24).toString('base64url')}`;
    const newHash = hashToken(newToken);
    const local = this.sessions.get(id);
    if (local) {
      if (local.room !== room || local.state !== 'active' || !sameHash(local.resumeHash, hash)) return false;
      const previous = local.connection;
      clearTimeout(local.graceTimer);
      local.graceTimer = undefined;
      local.resumeHash = newHash;
      local.fixedName = fixedName;
      local.connection = connection;
      connection.session = local;
      if (previous && previous !== connection) {
        previous.session = null;
        this.closeConnection(previous, CLOSE_REPLACED, 'replaced', 'session resumed on another connection');
      }
      this.directory
        .setResumeHash(room, id, newHash)
        .catch((error: unknown) => this.logger.warn('could not store the resume token', { error }));
      this.metrics.resumes.inc();
      this.logger.debug('resumed', { peer: id, room });
      this.welcome(local, connection, this.directory.members(room), newToken);
      return true;
    }
    // Perhaps another process holds it (Redis). Register it first, as joining: what the old
    // process forwards, and room events, may arrive before the claim's reply; they are queued.
    const session = new Session(id, room, newHash, connection);
    session.fixedName = fixedName;
    this.sessions.set(id, session);
    this.indexSession(session);
    let claimed: Awaited<ReturnType<RoomDirectory['claim']>>;
    try {
      claimed = await this.directory.claim(room, id, hash, newHash);
    } catch (error) {
      this.logger.warn('resume claim failed', { error });
      claimed = { ok: false } as const;
    }
    if (!claimed.ok) {
      this.forgetSession(session);
      return false;
    }
    session.seq = claimed.seq;
    session.state = 'active';
    if (connection.closed || this.state !== 'running') {
      await this.removeSession(session);
      return true;
    }
    connection.session = session;
    this.metrics.resumes.inc();
    this.logger.debug('resumed from another process', { peer: id, room });
    this.welcome(session, connection, claimed.peers, newToken);
    return true;
  }

  private welcome(session: Session, connection: Connection, members: PeerInfo[], resumeToken: string): void {
    const peers = members.filter((peer) => peer.id !== session.id);
    this.sendMessage(connection, {
      type: 'welcome',
      data: {
        id: session.id,
        room: session.room,
        peers,
        iceServers: iceServersFor(this.options, session.id),
        resume: resumeToken,
      },
    });
    const queued = session.queue;
    if (queued === null) return;
    session.queue = null;
    for (const item of queued) {
      if (item.seq !== undefined && session.seq !== undefined && item.seq <= session.seq) continue;
      this.send(connection, item.frame);
    }
  }

  private indexSession(session: Session): void {
    const members = this.localRooms.get(session.room);
    this.localRooms.set(session.room, members ? [...members, session] : [session]);
  }

  /** Drops a session from this process's books, without telling the directory. */
  private forgetSession(session: Session): void {
    session.state = 'removed';
    clearTimeout(session.graceTimer);
    session.graceTimer = undefined;
    session.queue = null;
    if (this.sessions.get(session.id) === session) this.sessions.delete(session.id);
    const members = this.localRooms.get(session.room);
    if (members?.includes(session)) {
      if (members.length === 1) this.localRooms.delete(session.room);
      else
        this.localRooms.set(
          session.room,
          members.filter((member) => member !== session),
        );
    }
  }

  /** Removes a peer from its room: the room sees `peer-left`. */
  private async removeSession(session: Session): Promise<void> {
    if (session.state === 'removed') return;
    this.forgetSession(session);
    if (session.connection?.session === session) session.connection.session = null;
    session.connection = null;
    try {
      await this.directory.leave(session.room, session.id);
    } catch (error) {
      this.logger.error('leave failed', { error, peer: session.id });
    }
  }

  private enqueue(session: Session, item: QueuedFrame): void {
    session.queue ??= [];
    const queue = session.queue;
    queue.push(item);
    if (queue.length > this.options.resumeQueueMax) queue.shift();
  }

  /** The directory's view of this process. */
  private readonly host: RoomDirectoryHost = {
    peerJoined: (room, peer, seq) => {
      const members = this.localRooms.get(room);
      if (!members) return;
      this.announce(members, peer.id, seq, peerFrame('peer-joined', peer));
    },
    peerUpdated: (room, peer, seq) => {
      const members = this.localRooms.get(room);
      if (!members) return;
      this.announce(members, peer.id, seq, peerFrame('peer-updated', peer));
    },
    peerLeft: (room, id, seq) => {
      const members = this.localRooms.get(room);
      if (!members) return;
      this.announce(members, id, seq, JSON.stringify({ type: 'peer-left', from: id }));
    },
    deliver: (to, frame) => {
      const session = this.sessions.get(to);
      if (!session || session.state === 'removed') return;
      if (session.state === 'active' && session.connection) this.send(session.connection, frame);
      else this.enqueue(session, { frame });
    },
    lost: (id) => {
      const session = this.sessions.get(id);
      if (!session || session.state === 'removed') return;
      this.logger.warn('peer removed by the cluster while held here (presumed dead): it must join again', {
        peer: id,
      });
      const connection = session.connection;
      if (connection) {
        this.closeConnection(
          connection,
          CLOSE_CODES.serviceRestart,
          'presumed-dead',
          'removed by the cluster; join again',
        );
      } else {
        void this.removeSession(session);
      }
    },
    movedAway: (id) => {
      const session = this.sessions.get(id);
      if (!session || session.state === 'removed') return undefined;
      const connection = session.connection;
      const queued = (session.queue ?? []).filter((item) => item.seq === undefined).map((item) => item.frame);
      this.forgetSession(session);
      if (connection) {
        connection.session = null;
        this.closeConnection(connection, CLOSE_REPLACED, 'replaced', 'session resumed on another connection');
      }
      this.logger.debug('peer resumed on another process', { peer: id });
      return queued;
    },
  };

  private announce(members: readonly Session[], subject: string, seq: number, frame: string): void {
    for (const session of members) {
      if (session.id === subject) continue;
      if (session.state === 'joining') {
        this.enqueue(session, { frame, seq });
      } else if (session.state === 'active' && session.connection && (session.seq === undefined || seq > session.seq)) {
        this.send(session.connection, frame);
      }
      // A dropped peer gets no membership events: its resume welcome lists the current peers.
    }
  }
}

/** Creates a {@link SignalingServer}. */
export function createSignalingServer(options: SignalingServerOptions = {}): SignalingServer {
  return new SignalingServer(options);
}
