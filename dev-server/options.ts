/**
 * Options of the signaling server: their defaults, and how the CLI reads them from flags and
 * environment variables. `OPTION_SPECS` is the single table the CLI, the start-up log line and
 * `docs/protocol.md` follow.
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
  /** A connection whose unsent backlog exceeds this many bytes is closed with 1008. Default 1 MiB. */
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
  /** Minimum level of the JSON log lines. Default `info`. */
  logLevel?: LogLevel;
  /** Where log lines go (one JSON object per call). Default: stdout (debug, info) and stderr. */
  logSink?: (line: string, level: Exclude<LogLevel, 'silent'>) => void;
}

/** The options with every default filled in. */
export type ResolvedOptions = Required<
  Omit<SignalingServerOptions, 'jwtSecret' | 'turnSecret' | 'redisUrl' | 'logSink'>
> &
  Pick<SignalingServerOptions, 'jwtSecret' | 'turnSecret' | 'redisUrl' | 'logSink'>;

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
  logLevel: 'info' as LogLevel,
} satisfies Omit<ResolvedOptions, 'jwtSecret' | 'turnSecret' | 'redisUrl' | 'logSink'>;

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
  if (!Number.isSafeInteger(resolved.resumeGraceMs) || resolved.resumeGraceMs < 0) {
    throw new TypeError(`option resumeGraceMs must be a non-negative integer`);
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

/** How one option is read by the CLI. */
export interface OptionSpec {
  /** Library option name, or a CLI-only name (`port`, `host`). */
  name: keyof SignalingServerOptions | 'port' | 'host';
  flag: string;
  env: string[];
  kind: 'integer' | 'number' | 'string' | 'list' | 'json' | 'level';
  /** Default as shown in the docs and help. */
  defaultText: string;
  /** Values that are secrets are masked in the start-up line. */
  secret?: boolean;
  help: string;
}

/** Every CLI option: flag, environment variables (first wins), default. */
export const OPTION_SPECS: readonly OptionSpec[] = [
  {
    name: 'port',
    flag: '--port',
    env: ['PORT', 'RTC_PORT'],
    kind: 'integer',
    defaultText: '8787',
    help: 'HTTP/WebSocket port (0: any free port)',
  },
  {
    name: 'host',
    flag: '--host',
    env: ['RTC_HOST'],
    kind: 'string',
    defaultText: '0.0.0.0',
    help: 'interface to bind',
  },
  { name: 'path', flag: '--path', env: ['RTC_PATH'], kind: 'string', defaultText: '/signal', help: 'WebSocket path' },
  {
    name: 'maxFrameBytes',
    flag: '--max-frame-bytes',
    env: ['RTC_MAX_FRAME_BYTES'],
    kind: 'integer',
    defaultText: '65536',
    help: 'largest frame; larger: too-large, close 1009',
  },
  {
    name: 'rate',
    flag: '--rate',
    env: ['RTC_RATE'],
    kind: 'number',
    defaultText: '50',
    help: 'messages per second per connection (token bucket refill)',
  },
  {
    name: 'burst',
    flag: '--burst',
    env: ['RTC_BURST'],
    kind: 'integer',
    defaultText: '200',
    help: 'token bucket size',
  },
  {
    name: 'maxPeersPerRoom',
    flag: '--max-peers-per-room',
    env: ['RTC_MAX_PEERS_PER_ROOM'],
    kind: 'integer',
    defaultText: '32',
    help: 'peers per room; over: room-full',
  },
  {
    name: 'maxRooms',
    flag: '--max-rooms',
    env: ['RTC_MAX_ROOMS'],
    kind: 'integer',
    defaultText: '10000',
    help: 'rooms with members on this process; over: room-full',
  },
  {
    name: 'maxConnections',
    flag: '--max-connections',
    env: ['RTC_MAX_CONNECTIONS'],
    kind: 'integer',
    defaultText: '10000',
    help: 'connections on this process; over: close 1013',
  },
  {
    name: 'maxBackloggedBytes',
    flag: '--max-backlogged-bytes',
    env: ['RTC_MAX_BACKLOGGED_BYTES'],
    kind: 'integer',
    defaultText: '1048576',
    help: 'unsent bytes before a slow reader is closed (1008)',
  },
  {
    name: 'abuseThreshold',
    flag: '--abuse-threshold',
    env: ['RTC_ABUSE_THRESHOLD'],
    kind: 'integer',
    defaultText: '50',
    help: 'refused messages per window before close 1008',
  },
  {
    name: 'abuseWindowMs',
    flag: '--abuse-window-ms',
    env: ['RTC_ABUSE_WINDOW_MS'],
    kind: 'integer',
    defaultText: '10000',
    help: 'abuse window (ms)',
  },
  {
    name: 'heartbeatMs',
    flag: '--heartbeat-ms',
    env: ['RTC_HEARTBEAT_MS'],
    kind: 'integer',
    defaultText: '10000',
    help: 'ping interval (ms); two missed pongs terminate',
  },
  {
    name: 'resumeGraceMs',
    flag: '--resume-grace-ms',
    env: ['RTC_RESUME_GRACE_MS'],
    kind: 'integer',
    defaultText: '15000',
    help: 'resume grace period (ms)',
  },
  {
    name: 'resumeQueueMax',
    flag: '--resume-queue-max',
    env: ['RTC_RESUME_QUEUE_MAX'],
    kind: 'integer',
    defaultText: '256',
    help: 'relayed messages queued for a dropped peer',
  },
  {
    name: 'jwtSecret',
    flag: '--jwt-secret',
    env: ['RTC_JWT_SECRET'],
    kind: 'string',
    defaultText: '(none: no auth)',
    secret: true,
    help: 'HS256 secret; joins then need a token',
  },
  {
    name: 'allowedOrigins',
    flag: '--allowed-origins',
    env: ['RTC_ALLOWED_ORIGINS'],
    kind: 'list',
    defaultText: '(any)',
    help: 'comma-separated browser origins allowed to connect',
  },
  {
    name: 'turnSecret',
    flag: '--turn-secret',
    env: ['RTC_TURN_SECRET'],
    kind: 'string',
    defaultText: '(none)',
    secret: true,
    help: 'TURN REST API secret (coturn static-auth-secret)',
  },
  {
    name: 'turnUrls',
    flag: '--turn-url',
    env: ['RTC_TURN_URLS'],
    kind: 'list',
    defaultText: '(none)',
    help: 'TURN URLs, repeatable or comma-separated',
  },
  {
    name: 'turnTtlSeconds',
    flag: '--turn-ttl',
    env: ['RTC_TURN_TTL'],
    kind: 'integer',
    defaultText: '86400',
    help: 'TURN credential lifetime (s)',
  },
  {
    name: 'stunUrls',
    flag: '--stun-url',
    env: ['RTC_STUN_URLS'],
    kind: 'list',
    defaultText: '(none)',
    help: 'STUN URLs, repeatable or comma-separated',
  },
  {
    name: 'iceServers',
    flag: '--ice-servers',
    env: ['RTC_ICE_SERVERS'],
    kind: 'json',
    defaultText: '[]',
    help: 'static ICE servers as a JSON array of RTCIceServer',
  },
  {
    name: 'redisUrl',
    flag: '--redis',
    env: ['RTC_REDIS_URL'],
    kind: 'string',
    defaultText: '(none: in memory)',
    secret: true,
    help: 'Redis URL to share rooms across processes',
  },
  {
    name: 'redisPrefix',
    flag: '--redis-prefix',
    env: ['RTC_REDIS_PREFIX'],
    kind: 'string',
    defaultText: 'rtc:',
    help: 'prefix of Redis keys and channels',
  },
  {
    name: 'redisNodeTtlMs',
    flag: '--redis-node-ttl-ms',
    env: ['RTC_REDIS_NODE_TTL_MS'],
    kind: 'integer',
    defaultText: '10000',
    help: 'process liveness TTL (ms); dead peers swept within 1.5x',
  },
  {
    name: 'logLevel',
    flag: '--log-level',
    env: ['RTC_LOG_LEVEL'],
    kind: 'level',
    defaultText: 'info',
    help: 'debug | info | warn | error | silent',
  },
];

/** The options as printed at start: secrets masked, credentials stripped from URLs. */
export function describeOptions(options: ResolvedOptions): Record<string, unknown> {
  const shown: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (key === 'logSink' || value === undefined) continue;
    if (key === 'jwtSecret' || key === 'turnSecret') shown[key] = '***';
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
