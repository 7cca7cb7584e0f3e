/**
 * The signaling server: protocol version 1 (`docs/protocol.md`) over `ws`, attachable to any
 * Node HTTP server (the `@web/dev-server` one included) or listening on its own port.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import {
  CLOSE_CODES,
  PROTOCOL_VERSION,
  isRelayType,
  isValidName,
  isValidRoom,
  type ErrorCode,
  type PeerInfo,
  type RelayType,
  type ServerMessage,
} from '../src/core/protocol.js';
import { verifyJoinToken } from './auth.js';
import { createLogger, type Logger } from './logger.js';
import { SignalingMetrics } from './metrics.js';
import { describeOptions, resolveOptions, type ResolvedOptions, type SignalingServerOptions } from './options.js';
import { MemoryRooms, type RoomDirectory, type RoomDirectoryHost } from './rooms.js';
import { iceServersFor } from './turn.js';

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
  | 'shutdown';

/** Closes after which a joined peer stays resumable for the grace period. */
const GRACE_REASONS: ReadonlySet<CloseReason> = new Set(['client-abnormal', 'heartbeat']);

interface QueuedFrame {
  frame: string;
  /** Sequence number of a membership event; absent for relayed messages. */
  seq?: number;
}

/** One peer in one room; outlives its socket during the resume grace period. */
interface Session {
  readonly id: string;
  readonly room: string;
  /** Display name (set once the directory confirmed a resume from another process). */
  name: string;
  /** Hash of the current resume token. */
  resumeHash: string;
  connection: Connection | null;
  state: 'joining' | 'active' | 'removed';
  /** Sequence number of the last membership event the welcome covered. */
  seq: number | undefined;
  /** Frames held while joining or dropped: sent after the welcome. Bounded. */
  queue: QueuedFrame[];
  graceTimer: NodeJS.Timeout | undefined;
}

interface Connection {
  readonly ws: WebSocket;
  /** The TCP socket, for its remote address in logs (read only when logging). */
  readonly socket: Duplex;
  session: Session | null;
  tokens: number;
  refilledAt: number;
  /** Times of recent refused messages (at most `abuseThreshold + 1`). */
  refusals: number[];
  awaitingPong: boolean;
  missedPongs: number;
  /** Set when the server decided to close this connection. */
  closeReason: CloseReason | undefined;
  closed: boolean;
  inbox: Array<{ type: string; message: Record<string, unknown> }>;
  busy: boolean;
  closeTimer: NodeJS.Timeout | undefined;
}

/** The `/healthz` body. */
export interface HealthReport {
  status: 'ok' | 'degraded' | 'shutting-down';
  protocol: number;
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

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

/** The remote address of a connection, for logs. */
function remoteOf(connection: Connection): string {
  return (connection.socket as Partial<Socket>).remoteAddress ?? '';
}

/** The error listener of a socket being upgraded (`this` is the socket). */
function destroySocket(this: Duplex): void {
  this.destroy();
}

function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  try {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length}\r\n\r\n${text}`);
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
  private readonly connections = new Set<Connection>();
  private readonly sessions = new Map<string, Session>();
  private readonly localRooms = new Map<string, Set<Session>>();
  private readonly attachments: Array<{ server: http.Server; listener: (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void }> = [];
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
      connections: () => this.connections.size,
      rooms: () => this.localRooms.size,
      peers: () => this.sessions.size,
    });
    this.wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
      // Frames up to twice the limit are read and answered with `too-large`; longer ones are cut
      // off by ws while they arrive (close 1009 without the error message).
      maxPayload: this.options.maxFrameBytes * 2,
      // Rule 3: bad input is answered, not closed on; invalid UTF-8 becomes `bad-json`.
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
      if (this.options.redisUrl !== undefined && this.directory instanceof MemoryRooms) {
        const { RedisRooms } = await import('./redis-rooms.js');
        this.directory = new RedisRooms({
          url: this.options.redisUrl,
          prefix: this.options.redisPrefix,
          nodeTtlMs: this.options.redisNodeTtlMs,
          logger: this.logger,
        });
      }
      await this.directory.start(this.host);
      if (this.state === 'idle') this.state = 'running';
      this.heartbeatTimer = setInterval(() => this.heartbeat(), this.options.heartbeatMs);
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
      if (origin !== undefined && this.options.allowedOrigins.length > 0 && !this.options.allowedOrigins.includes(origin)) {
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
      status: this.state === 'closing' || this.state === 'closed' ? 'shutting-down' : directoryHealthy ? 'ok' : 'degraded',
      protocol: PROTOCOL_VERSION,
      uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
      connections: this.connections.size,
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
    this.logger.info('shutting down', { connections: this.connections.size });
    clearInterval(this.heartbeatTimer);
    for (const { server, listener } of this.attachments) server.off('upgrade', listener);
    const serverClosed = this.httpServer
      ? new Promise<void>((resolve) => this.httpServer!.close(() => resolve()))
      : Promise.resolve();
    const allClosed = [...this.connections].map(
      (connection) =>
        new Promise<void>((resolve) => {
          if (connection.closed) return resolve();
          connection.ws.once('close', () => resolve());
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
    await this.directory.close({ keepMembers: true, graceMs: this.options.resumeGraceMs }).catch((error: unknown) =>
      this.logger.warn('directory close failed', { error }),
    );
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
    this.onConnection(ws, req.socket);
  };

  private onConnection(ws: WebSocket, socket: Duplex): void {
    ws.on('error', (error) => this.logger.debug('socket error', { error }));
    if (this.state !== 'running') {
      ws.close(CLOSE_CODES.goingAway, 'server shutting down');
      return;
    }
    if (this.connections.size >= this.options.maxConnections) {
      this.metrics.closes.inc({ reason: 'connection-limit' });
      this.logger.debug('connection refused: limit reached', { limit: this.options.maxConnections });
      ws.close(CLOSE_CODES.tryAgainLater, 'server at its connection limit');
      return;
    }
    const connection: Connection = {
      ws,
      socket,
      session: null,
      tokens: this.options.burst,
      refilledAt: Date.now(),
      refusals: [],
      awaitingPong: false,
      missedPongs: 0,
      closeReason: undefined,
      closed: false,
      inbox: [],
      busy: false,
      closeTimer: undefined,
    };
    this.connections.add(connection);
    // Reading the address makes Node keep it with the socket: only when it is logged.
    if (this.logger.enabled('debug')) this.logger.debug('connected', { remote: remoteOf(connection) });
    ws.on('message', (data, isBinary) => {
      try {
        this.onFrame(connection, data, isBinary);
      } catch (error) {
        this.logger.error('frame handler failed', { error });
      }
    });
    ws.on('pong', () => {
      connection.awaitingPong = false;
      connection.missedPongs = 0;
    });
    ws.on('close', (code) => {
      try {
        this.onClose(connection, code);
      } catch (error) {
        this.logger.error('close handler failed', { error });
      }
    });
  }

  private onClose(connection: Connection, code: number): void {
    connection.closed = true;
    clearTimeout(connection.closeTimer);
    this.connections.delete(connection);
    connection.inbox.length = 0;
    const reason: CloseReason =
      connection.closeReason ??
      (code === CLOSE_CODES.normal || code === CLOSE_CODES.goingAway || code === 1005 ? 'client-normal' : 'client-abnormal');
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
      session.graceTimer = setTimeout(() => {
        this.metrics.graceExpired.inc();
        void this.removeSession(session);
      }, this.options.resumeGraceMs);
      session.graceTimer.unref();
    } else {
      void this.removeSession(session);
    }
  }

  /** Closes a connection on the server's initiative; a joined peer leaves at once (no grace). */
  private closeConnection(connection: Connection, code: number, reason: CloseReason, text: string): void {
    if (connection.closed || connection.closeReason !== undefined) return;
    connection.closeReason = reason;
    this.metrics.closes.inc({ reason });
    connection.inbox.length = 0;
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
      connection.ws.close(code, text);
    } catch {
      connection.ws.terminate();
    }
    connection.closeTimer = setTimeout(() => connection.ws.terminate(), CLOSE_HANDSHAKE_MS);
    connection.closeTimer.unref();
  }

  private heartbeat(): void {
    for (const connection of this.connections) {
      if (connection.closed || connection.closeReason !== undefined) continue;
      if (connection.awaitingPong) {
        connection.missedPongs += 1;
        if (connection.missedPongs >= 2) {
          this.metrics.heartbeatTimeouts.inc();
          this.metrics.closes.inc({ reason: 'heartbeat' });
          connection.closeReason = 'heartbeat';
          this.logger.info('heartbeat timeout', { peer: connection.session?.id, remote: remoteOf(connection) });
          connection.ws.terminate();
          continue;
        }
      }
      connection.awaitingPong = true;
      try {
        connection.ws.ping();
      } catch {
        // The socket is closing; its close event follows.
      }
    }
  }

  /** Sends a frame, closing a slow reader whose backlog went over the bound. */
  private send(connection: Connection, frame: string): void {
    const ws = connection.ws;
    if (ws.readyState !== WebSocket.OPEN || connection.closeReason !== undefined) return;
    ws.send(frame);
    if (ws.bufferedAmount > this.options.maxBackloggedBytes) {
      this.logger.warn('slow reader closed', { peer: connection.session?.id, backlog: ws.bufferedAmount });
      this.closeConnection(connection, CLOSE_CODES.policyViolation, 'slow-reader', 'send backlog over limit');
    }
  }

  private sendMessage(connection: Connection, message: ServerMessage): void {
    this.send(connection, JSON.stringify(message));
  }

  /** Refuses a message: an `error` reply, and a close 1008 after too many refusals. */
  private refuse(connection: Connection, code: ErrorCode, message: string, ref?: string): void {
    this.metrics.errors.inc({ code });
    const data = ref === undefined ? { code, message } : { code, message, ref };
    this.sendMessage(connection, { type: 'error', data });
    if (code === 'unauthorized' || code === 'too-large') return; // closed right after
    const now = Date.now();
    const refusals = connection.refusals;
    refusals.push(now);
    while (refusals.length > 0 && refusals[0]! <= now - this.options.abuseWindowMs) refusals.shift();
    if (refusals.length > this.options.abuseThreshold) {
      this.logger.warn('closing abusive connection', { peer: connection.session?.id, remote: remoteOf(connection) });
      this.closeConnection(connection, CLOSE_CODES.policyViolation, 'abuse', 'too many refused messages');
    }
  }

  private takeToken(connection: Connection): boolean {
    const now = Date.now();
    const elapsed = (now - connection.refilledAt) / 1000;
    connection.refilledAt = now;
    connection.tokens = Math.min(this.options.burst, connection.tokens + elapsed * this.options.rate);
    if (connection.tokens < 1) return false;
    connection.tokens -= 1;
    return true;
  }

  // ---- messages --------------------------------------------------------------------------------

  private onFrame(connection: Connection, data: RawData, isBinary: boolean): void {
    if (connection.closed || connection.closeReason !== undefined) return;
    if (rawByteLength(data) > this.options.maxFrameBytes) {
      this.refuse(connection, 'too-large', `frames are limited to ${this.options.maxFrameBytes} bytes`);
      this.closeConnection(connection, CLOSE_CODES.tooLarge, 'too-large', 'frame too large');
      return;
    }
    if (isBinary) return this.refuse(connection, 'bad-message', 'binary frames are not accepted');
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawToString(data));
    } catch {
      return this.refuse(connection, 'bad-json', 'the frame is not valid JSON');
    }
    if (!isPlainObject(parsed)) return this.refuse(connection, 'bad-message', 'a message must be a JSON object');
    const type = parsed.type;
    if (typeof type !== 'string') return this.refuse(connection, 'bad-message', 'a message needs a string `type`');
    const ref = type.slice(0, MAX_REF_LENGTH);
    if (!this.takeToken(connection)) return this.refuse(connection, 'rate-limited', 'too many messages; slow down', ref);
    if (type !== 'join' && type !== 'leave' && !isRelayType(type)) {
      return this.refuse(connection, 'unknown-type', `unknown message type`, ref);
    }
    if (connection.inbox.length >= MAX_PENDING_MESSAGES) {
      return this.refuse(connection, 'rate-limited', 'too many messages waiting for a join to complete', ref);
    }
    connection.inbox.push({ type, message: parsed });
    if (!connection.busy) void this.drain(connection);
  }

  /** Handles a connection's messages one at a time, in order; joins may wait for auth or Redis. */
  private async drain(connection: Connection): Promise<void> {
    connection.busy = true;
    try {
      while (connection.inbox.length > 0) {
        const { type, message } = connection.inbox.shift()!;
        if (connection.closed || connection.closeReason !== undefined) break;
        try {
          const pending = this.handle(connection, type, message);
          if (pending) await pending;
        } catch (error) {
          this.logger.error('message handler failed', { error, type });
          if (!connection.closed) this.refuse(connection, 'bad-message', 'the server could not handle this message', type);
        }
      }
    } finally {
      connection.busy = false;
    }
  }

  private handle(connection: Connection, type: string, message: Record<string, unknown>): Promise<void> | void {
    if (type === 'join') return this.join(connection, message);
    if (type === 'leave') return this.leave(connection);
    if (isRelayType(type)) return this.relay(connection, type, message);
  }

  private relay(connection: Connection, type: RelayType, message: Record<string, unknown>): void {
    const { to, data } = message;
    if (typeof to !== 'string' || to.length === 0 || to.length > MAX_PEER_ID_LENGTH) {
      return this.refuse(connection, 'bad-message', '`to` must be a peer id', type);
    }
    const dataOk =
      type === 'ice-candidate' ? data === null || isPlainObject(data) : isPlainObject(data);
    if (!dataOk) {
      return this.refuse(
        connection,
        'bad-message',
        type === 'ice-candidate' ? '`data` must be an object, or null for end-of-candidates' : '`data` must be an object',
        type,
      );
    }
    const session = connection.session;
    if (!session || session.state !== 'active') return this.refuse(connection, 'not-joined', 'join a room first', type);
    if (to === session.id) return this.refuse(connection, 'unknown-peer', '`to` must name another peer', type);
    const frame = JSON.stringify({ type, from: session.id, data });
    if (!this.directory.relay(session.room, to, frame)) {
      return this.refuse(connection, 'unknown-peer', 'no such peer in this room', type);
    }
    this.metrics.relayed.inc({ type });
  }

  private async leave(connection: Connection): Promise<void> {
    const session = connection.session;
    if (!session || session.state !== 'active') return this.refuse(connection, 'not-joined', 'not in a room', 'leave');
    connection.session = null;
    session.connection = null;
    this.logger.debug('left', { peer: session.id, room: session.room });
    await this.removeSession(session);
  }

  private async join(connection: Connection, message: Record<string, unknown>): Promise<void> {
    const data = message.data;
    if (!isPlainObject(data)) return this.refuse(connection, 'bad-message', '`data` must be an object', 'join');
    const { room, name, token, resume } = data;
    if (!isValidRoom(room)) {
      return this.refuse(connection, 'bad-message', '`room` must be 1 to 64 characters of A-Z a-z 0-9 . _ -', 'join');
    }
    if (name !== undefined && !isValidName(name)) {
      return this.refuse(connection, 'bad-message', '`name` must be text of at most 64 characters', 'join');
    }
    if (token !== undefined && (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH)) {
      return this.refuse(connection, 'bad-message', '`token` must be a string', 'join');
    }
    if (resume !== undefined && (typeof resume !== 'string' || resume.length > MAX_RESUME_LENGTH)) {
      return this.refuse(connection, 'bad-message', '`resume` must be a string', 'join');
    }
    if (connection.session) return this.refuse(connection, 'already-joined', 'already in a room; leave first', 'join');
    let displayName = name ?? '';
    if (this.jwtKey) {
      const check = await verifyJoinToken(token, room, this.jwtKey);
      if (connection.closed) return;
      if (!check.ok) {
        this.logger.info('join refused: unauthorized', { room, reason: check.reason, remote: remoteOf(connection) });
        this.refuse(connection, 'unauthorized', check.reason, 'join');
        this.closeConnection(connection, CLOSE_CODES.unauthorized, 'unauthorized', 'unauthorized');
        return;
      }
      if (check.name !== undefined) displayName = check.name;
    }
    if (resume !== undefined && (await this.resume(connection, room, resume))) return;
    if (connection.closed) return;
    if (!this.localRooms.has(room) && this.localRooms.size >= this.options.maxRooms) {
      return this.refuse(connection, 'room-full', 'this server has no room for another room', 'join');
    }

    const id = randomBytes(16).toString('base64url');
    const resumeToken = `${id}.${randomBytes(24).toString('base64url')}`;
    const session: Session = {
      id,
      room,
      name: displayName,
      resumeHash: hashToken(resumeToken),
      connection,
      state: 'joining',
      seq: undefined,
      queue: [],
      graceTimer: undefined,
    };
    connection.session = session;
    this.sessions.set(id, session);
    this.indexSession(session);
    let outcome;
    try {
      outcome = await this.directory.join(room, { id, name: displayName }, this.options.maxPeersPerRoom, session.resumeHash);
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

  /** Resumes the session of `token` on `connection`; false when the token does not resume anything here. */
  private async resume(connection: Connection, room: string, token: string): Promise<boolean> {
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
      local.connection = connection;
      connection.session = local;
      if (previous && previous !== connection) {
        previous.session = null;
        this.closeConnection(previous, CLOSE_REPLACED, 'replaced', 'session resumed on another connection');
      }
      this.directory.setResumeHash(room, id, newHash).catch((error: unknown) =>
        this.logger.warn('could not store the resume token', { error }),
      );
      this.metrics.resumes.inc();
      this.logger.debug('resumed', { peer: id, room });
      this.welcome(local, connection, this.directory.members(room), newToken);
      return true;
    }
    // Perhaps another process holds it (Redis). Register it first, as joining: what the old
    // process forwards, and room events, may arrive before the claim's reply; they are queued.
    const session: Session = {
      id,
      room,
      name: '',
      resumeHash: newHash,
      connection,
      state: 'joining',
      seq: undefined,
      queue: [],
      graceTimer: undefined,
    };
    this.sessions.set(id, session);
    this.indexSession(session);
    let claimed;
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
    session.name = claimed.peer.name;
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
      data: { id: session.id, room: session.room, peers, iceServers: iceServersFor(this.options, session.id), resume: resumeToken },
    });
    const queued = session.queue;
    session.queue = [];
    for (const item of queued) {
      if (item.seq !== undefined && session.seq !== undefined && item.seq <= session.seq) continue;
      this.send(connection, item.frame);
    }
  }

  private indexSession(session: Session): void {
    let members = this.localRooms.get(session.room);
    if (!members) {
      members = new Set();
      this.localRooms.set(session.room, members);
    }
    members.add(session);
  }

  /** Drops a session from this process's books, without telling the directory. */
  private forgetSession(session: Session): void {
    session.state = 'removed';
    clearTimeout(session.graceTimer);
    session.queue = [];
    if (this.sessions.get(session.id) === session) this.sessions.delete(session.id);
    const members = this.localRooms.get(session.room);
    if (members?.delete(session) && members.size === 0) this.localRooms.delete(session.room);
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
    session.queue.push(item);
    if (session.queue.length > this.options.resumeQueueMax) session.queue.shift();
  }

  /** The directory's view of this process. */
  private readonly host: RoomDirectoryHost = {
    peerJoined: (room, peer, seq) => {
      const members = this.localRooms.get(room);
      if (!members) return;
      const frame = JSON.stringify({ type: 'peer-joined', from: peer.id, data: { name: peer.name } });
      this.announce(members, peer.id, seq, frame);
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
    movedAway: (id) => {
      const session = this.sessions.get(id);
      if (!session || session.state === 'removed') return undefined;
      const connection = session.connection;
      const queued = session.queue.filter((item) => item.seq === undefined).map((item) => item.frame);
      this.forgetSession(session);
      if (connection) {
        connection.session = null;
        this.closeConnection(connection, CLOSE_REPLACED, 'replaced', 'session resumed on another connection');
      }
      this.logger.debug('peer resumed on another process', { peer: id });
      return queued;
    },
  };

  private announce(members: Set<Session>, subject: string, seq: number, frame: string): void {
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
