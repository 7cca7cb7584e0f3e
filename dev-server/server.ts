/**
 * The signaling server: protocol version 1.1 (`docs/protocol.md`) over `ws`, attachable to any
 * Node HTTP server (the `@web/dev-server` one included) or listening on its own port.
 *
 * It is built in layers, one file each: `connections.ts` (connections, heartbeat, closing,
 * sending), `messages.ts` (reading frames, the inbox, relay, update, leave), `sessions.ts`
 * (join, auth, resume, the directory's callbacks), and this file, the HTTP surface and the life
 * cycle (start, listen, attach, close). `limits.ts`, `relay.ts`, `http.ts` and `ws-internals.ts`
 * hold what those share.
 */
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { CLOSE_CODES, PROTOCOL_REVISION, PROTOCOL_VERSION } from '../src/core/protocol.js';
import { loadJose } from './auth.js';
import {
  destroySocket,
  healthOrMetrics,
  originAllowed,
  pathOf,
  rejectUpgrade,
  type HealthReport,
  type HttpAnswer,
  type ListenResult,
} from './http.js';
import { describeOptions, type SignalingServerOptions } from './options.js';
import { MemoryRooms, type RoomDirectory } from './rooms.js';
import { MeetingClusterLayer } from './meeting-cluster.js';
import { loadOptional } from './optional.js';

export { CLOSE_REPLACED, type CloseReason } from './connections.js';
export { MAX_RESUME_LENGTH, MAX_TOKEN_LENGTH } from '../src/core/join-data.js';
export type { HealthReport, ListenResult } from './http.js';
export { relayFrame } from './relay.js';

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
export class SignalingServer extends MeetingClusterLayer {
  private readonly attachments: Array<{
    server: http.Server;
    listener: (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void;
  }> = [];
  private httpServer: http.Server | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private startPromise: Promise<void> | undefined;
  private closePromise: Promise<void> | undefined;

  constructor(options: SignalingServerOptions = {}, directory?: RoomDirectory) {
    super(options, directory);
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
      this.startSfu();
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
      if (!originAllowed(origin, this.options.allowedOrigins)) {
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
    const answer = healthOrMetrics(req.method, pathOf(req.url), this);
    if (answer === undefined) return false;
    const write = ({ status, type, body }: HttpAnswer): void => {
      const contentType = type.includes(';') ? type : `${type}; charset=utf-8`;
      if (type) res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
      else res.writeHead(status);
      res.end(req.method === 'HEAD' || !type ? undefined : body);
    };
    if (answer instanceof Promise) void answer.then(write);
    else write(answer);
    return true;
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
      ...(this.sfu ? { janus: this.sfu.status(), sfuRooms: this.sfu.roomCount } : {}),
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
    this.sfu?.close();
    this.httpServer?.closeAllConnections();
    await serverClosed;
    this.wss.close();
    this.state = 'closed';
    this.logger.info('stopped');
  }
}

/** Creates a {@link SignalingServer}. */
export function createSignalingServer(options: SignalingServerOptions = {}): SignalingServer {
  return new SignalingServer(options);
}
