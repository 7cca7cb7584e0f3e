/**
 * The server's HTTP surface: the signaling path and origin checks of WebSocket upgrades, and the
 * `/healthz` and `/metrics` answers (one handler, shared by `SignalingServer.handleHttp` and the
 * `@web/dev-server` plugin).
 */
import type { Duplex } from 'node:stream';
import type { Logger } from './logger.js';
import type { SignalingMetrics } from './metrics.js';

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
  /** With `janus` set: each Janus server and whether the server is connected to it. */
  janus?: Array<{ url: string; up: boolean }>;
  /** With `janus` set: rooms with members on this process that are on the SFU. */
  sfuRooms?: number;
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

/** The path of a request URL, without its query string. */
export function pathOf(url: string | undefined): string {
  if (!url) return '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** The error listener of a socket being upgraded (`this` is the socket). */
export function destroySocket(this: Duplex): void {
  this.destroy();
}

/** Answers an upgrade that is not accepted with a plain HTTP response, then ends the socket. */
export function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  try {
    socket.end(
      `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length}\r\n\r\n${text}`,
    );
  } catch {
    socket.destroy();
  }
}

/** True when an upgrade from `origin` may go on: no Origin header, no list, or listed. */
export function originAllowed(origin: string | undefined, allowedOrigins: readonly string[]): boolean {
  return origin === undefined || allowedOrigins.length === 0 || allowedOrigins.includes(origin);
}

/**
 * An answer to an HTTP request: status, content type (a bare type is UTF-8 text: the server adds
 * the charset, `@web/dev-server` decides itself) and body.
 */
export interface HttpAnswer {
  status: number;
  type: string;
  body: string;
}

/** What the `/healthz` and `/metrics` answers read. */
export interface HttpSource {
  health(): HealthReport;
  readonly metrics: SignalingMetrics;
  readonly logger: Logger;
}

/**
 * The answer to `GET`/`HEAD` `/healthz` (JSON; 503 unless `ok`) or `/metrics` (Prometheus text;
 * 501 when prom-client is missing, 500 with no type when collecting fails), or undefined for
 * anything else. `/metrics` answers later (a promise); the others at once.
 */
export function healthOrMetrics(
  method: string | undefined,
  path: string,
  source: HttpSource,
): HttpAnswer | Promise<HttpAnswer> | undefined {
  if (method !== 'GET' && method !== 'HEAD') return undefined;
  if (path === '/healthz') {
    const report = source.health();
    return { status: report.status === 'ok' ? 200 : 503, type: 'application/json', body: JSON.stringify(report) };
  }
  if (path !== '/metrics') return undefined;
  const { metrics } = source;
  if (metrics.missing) return { status: 501, type: 'text/plain', body: `${metrics.missing.message}\n` };
  return metrics.registry.metrics().then(
    (text): HttpAnswer => ({ status: 200, type: metrics.registry.contentType, body: text }),
    (error: unknown): HttpAnswer => {
      source.logger.error('metrics failed', { error });
      return { status: 500, type: '', body: '' };
    },
  );
}
