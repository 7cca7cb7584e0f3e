/**
 * Options of the signaling server: the type, the defaults, and their checks. How the CLI reads
 * them, and the help and docs, come from the table in `option-specs.ts`; `scripts/options-doc.mjs
 * --check` (a test) keeps the `Default …` of each field's JSDoc below in step with `DEFAULT_OPTIONS`.
 */
import { DEFAULT_SIGNAL_PATH, type IceServer } from '../src/core/protocol.js';

/** Log levels, most verbose first. `silent` logs nothing. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Options of {@link SignalingServer}. Every field is optional; defaults are in `DEFAULT_OPTIONS`. */
export interface SignalingServerOptions {
  /** WebSocket path (query strings are allowed on the request). Default `/signal`. */
  path?: string;
  /** Largest accepted frame, in bytes. Larger: `error` `too-large`, then close 1009. Default 65536. */
  maxFrameBytes?: number;
  /** Sustained messages per second per connection (token bucket refill rate). Default 50. */
  rate?: number;
  /** Token bucket size: messages a connection may send in a burst. Default 200. */
  burst?: number;
  /** Peers per room (counted across processes with Redis). Over it: `room-full`. Default 32. */
  maxPeersPerRoom?: number;
  /** Rooms with members on this process. A join that would open one more: `room-full`. Default 10000. */
  maxRooms?: number;
  /** Open WebSocket connections on this process. Over it: the socket is closed with 1013. Default 10000. */
  maxConnections?: number;
  /** A connection whose unsent backlog exceeds this many bytes is closed with 1008. Default 1048576 (1 MiB). */
  maxBackloggedBytes?: number;
  /** More than this many refused messages within `abuseWindowMs` closes the connection with 1008. Default 50. */
  abuseThreshold?: number;
  /** Window of `abuseThreshold`, in milliseconds. Default 10000. */
  abuseWindowMs?: number;
  /** Ping interval in milliseconds; two missed pongs terminate the connection. Default 10000. */
  heartbeatMs?: number;
  /** How long a dropped peer stays in its room, resumable, in milliseconds. Default 15000. */
  resumeGraceMs?: number;
  /** Relayed messages kept for a dropped peer until it resumes (oldest dropped first). Default 256. */
  resumeQueueMax?: number;
  /** HS256 secret; when set, `join.data.token` must be a valid JWT for the room. Default: no auth. */
  jwtSecret?: string;
  /** Browser origins allowed to open the WebSocket (others get HTTP 403). Default: any. */
  allowedOrigins?: string[];
  /** TURN REST API shared secret (coturn `static-auth-secret`). With `turnUrls`: ephemeral credentials. */
  turnSecret?: string;
  /** TURN server URLs, e.g. `turn:turn.example.com:3478?transport=udp`. */
  turnUrls?: string[];
  /** Lifetime of the ephemeral TURN credentials, in seconds. Default 86400 (24 h). */
  turnTtlSeconds?: number;
  /** STUN server URLs, sent without credentials. */
  stunUrls?: string[];
  /** Further static ICE servers, sent as they are. */
  iceServers?: IceServer[];
  /** Redis URL (`redis://host:port/db`); when set, rooms are shared with other processes through it. */
  redisUrl?: string;
  /** Prefix of every Redis key and channel. Default `rtc:`. */
  redisPrefix?: string;
  /**
   * Liveness TTL of this process's key in Redis, in milliseconds. A process that stops refreshing
   * it is presumed dead; its peers are removed (and `peer-left` broadcast) within 1.5 × this value.
   * Default 10000.
   */
  redisNodeTtlMs?: number;
  /**
   * Janus WebSocket API URLs (`ws://host:8188`) the server talks to: with at least one, rooms move
   * to the SFU (protocol 1.2). Default: none (every room is a mesh).
   */
  janus?: string[];
  /** The same Janus servers as clients reach them, in the same order. Default: the `janus` URLs. */
  janusPublic?: string[];
  /** The VideoRoom plugin's `admin_key` (rooms can be made only with it). */
  janusAdminKey?: string;
  /** Janus's `api_secret`, when it has one. */
  janusSecret?: string;
  /**
   * A room moves to the SFU when more than this many of its members joined with media `auto` or
   * `sfu` (one with `sfu` moves it at once). Default 4.
   */
  sfuAbove?: number;
  /** How long a room's Janus room outlives the room's last member, in milliseconds. Default 30000. */
  sfuIdleMs?: number;
  /**
   * Who is a host of a room (protocol 1.2) besides those whose token says `role: host`: `first`,
   * the first 1.2 participant to join, passed on to the longest-present one when it leaves;
   * `none`, nobody. Default `none`.
   */
  hosts?: 'first' | 'none';
  /**
   * Rooms that require admission (protocol 1.2): a newcomer that is not a host waits until a host
   * lets it in; `*` for every room. A token with `wait: true` waits in any room. Default: none.
   */
  waitingRoom?: string[];
  /** How long the token of a participant a host removed may not rejoin the room, in milliseconds. Default 600000. */
  removeBanMs?: number;
  /** Minimum level of the JSON log lines. Default `info`. */
  logLevel?: LogLevel;
  /** Where log lines go (one JSON object per call). Default: stdout (debug, info) and stderr. */
  logSink?: (line: string, level: Exclude<LogLevel, 'silent'>) => void;
}

/** Options without a default value. */
type Unset = 'jwtSecret' | 'turnSecret' | 'redisUrl' | 'logSink' | 'janusAdminKey' | 'janusSecret';

/** The options with every default filled in. */
export type ResolvedOptions = Required<Omit<SignalingServerOptions, Unset>> & Pick<SignalingServerOptions, Unset>;

export const DEFAULT_OPTIONS = {
  path: DEFAULT_SIGNAL_PATH,
  maxFrameBytes: 64 * 1024,
  rate: 50,
  burst: 200,
  maxPeersPerRoom: 32,
  maxRooms: 10_000,
  maxConnections: 10_000,
  maxBackloggedBytes: 1024 * 1024,
  abuseThreshold: 50,
  abuseWindowMs: 10_000,
  heartbeatMs: 10_000,
  resumeGraceMs: 15_000,
  resumeQueueMax: 256,
  allowedOrigins: [] as string[],
  turnUrls: [] as string[],
  turnTtlSeconds: 86_400,
  stunUrls: [] as string[],
  iceServers: [] as IceServer[],
  redisPrefix: 'rtc:',
  redisNodeTtlMs: 10_000,
  janus: [] as string[],
  janusPublic: [] as string[],
  sfuAbove: 4,
  sfuIdleMs: 30_000,
  hosts: 'none' as 'first' | 'none',
  waitingRoom: [] as string[],
  removeBanMs: 600_000,
  logLevel: 'info' as LogLevel,
} satisfies Omit<ResolvedOptions, Unset>;

/** Fills in defaults and checks every value; throws a `TypeError` naming the bad option. */
export function resolveOptions(options: SignalingServerOptions = {}): ResolvedOptions {
  const defined = Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as SignalingServerOptions;
  const resolved: ResolvedOptions = { ...DEFAULT_OPTIONS, ...defined };
  const positiveIntegers = [
    'maxFrameBytes',
    'burst',
    'maxPeersPerRoom',
    'maxRooms',
    'maxConnections',
    'maxBackloggedBytes',
    'abuseThreshold',
    'abuseWindowMs',
    'heartbeatMs',
    'resumeQueueMax',
    'turnTtlSeconds',
    'redisNodeTtlMs',
  ] as const;
  for (const key of positiveIntegers) {
    const value = resolved[key];
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new TypeError(`option ${key} must be a positive integer, got ${String(value)}`);
    }
  }
  if (resolved.hosts !== 'first' && resolved.hosts !== 'none') {
    throw new TypeError('option hosts must be first or none');
  }
  for (const key of ['resumeGraceMs', 'sfuAbove', 'sfuIdleMs', 'removeBanMs'] as const) {
    if (!Number.isSafeInteger(resolved[key]) || resolved[key] < 0) {
      throw new TypeError(`option ${key} must be a non-negative integer`);
    }
  }
  for (const key of ['janus', 'janusPublic'] as const) {
    for (const url of resolved[key]) {
      if (typeof url !== 'string' || !/^wss?:\/\//.test(url)) {
        throw new TypeError(`option ${key}: every entry must be a ws:// or wss:// URL`);
      }
    }
  }
  if (resolved.janusPublic.length > 0 && resolved.janusPublic.length !== resolved.janus.length) {
    throw new TypeError('option janusPublic must list as many URLs as janus, in the same order');
  }
  if (!(typeof resolved.rate === 'number' && resolved.rate > 0 && Number.isFinite(resolved.rate))) {
    throw new TypeError(`option rate must be a positive number`);
  }
  if (typeof resolved.path !== 'string' || !resolved.path.startsWith('/')) {
    throw new TypeError(`option path must start with "/"`);
  }
  if (!LOG_LEVELS.includes(resolved.logLevel)) {
    throw new TypeError(`option logLevel must be one of ${LOG_LEVELS.join(', ')}`);
  }
  if (resolved.turnSecret !== undefined && resolved.turnUrls.length === 0) {
    throw new TypeError('option turnSecret needs at least one turnUrls entry');
  }
  for (const server of resolved.iceServers) {
    const urls = server?.urls;
    const ok =
      typeof urls === 'string' ||
      (Array.isArray(urls) && urls.length > 0 && urls.every((url) => typeof url === 'string'));
    if (!ok) throw new TypeError('option iceServers: every entry needs `urls` (a string or strings)');
  }
  return resolved;
}

/** The options as printed at start: secrets masked, credentials stripped from URLs. */
export function describeOptions(options: ResolvedOptions): Record<string, unknown> {
  const shown: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (key === 'logSink' || value === undefined) continue;
    if (key === 'jwtSecret' || key === 'turnSecret' || key === 'janusAdminKey' || key === 'janusSecret')
      shown[key] = '***';
    else if (key === 'redisUrl') shown[key] = redactUrl(String(value));
    else shown[key] = value;
  }
  return shown;
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '***';
  }
}
