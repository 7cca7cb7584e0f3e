/**
 * The table of the server's options: for each, its CLI flag and environment variables, how the
 * CLI reads it, and its help. The defaults come from `DEFAULT_OPTIONS` (and `CLI_DEFAULTS` for
 * the CLI's own), so `rtc-signal --help`, the CLI and the table in `docs/protocol.md` (generated
 * by `scripts/options-doc.mjs`, checked by a test) all follow this one table.
 */
import { DEFAULT_OPTIONS, type SignalingServerOptions } from './options.js';

/** Defaults of the CLI's own options (the library's `listen` has its own). */
export const CLI_DEFAULTS = { port: 8787, host: '0.0.0.0' } as const;

/** How one option is read by the CLI. */
export interface OptionSpec {
  /** Library option name, or a CLI-only name (`port`, `host`). */
  name: keyof SignalingServerOptions | 'port' | 'host';
  flag: string;
  env: string[];
  kind: 'integer' | 'number' | 'string' | 'list' | 'json' | 'level';
  /** Default as shown in the help (from `DEFAULT_OPTIONS`, or what no value means). */
  defaultText: string;
  /** Values that are secrets are masked in the start-up line. */
  secret?: boolean;
  help: string;
  /** In the docs: how the flag takes its value (`(comma-separated)`). */
  flagNote?: string;
  /** In the docs: the unit or a note after the default (`messages/s`, `(per process)`). */
  defaultNote?: string;
}

type Row = Omit<OptionSpec, 'defaultText'> & {
  /** What no value means, for an option without a default value (`(none: no auth)`). */
  none?: string;
};

const ROWS: readonly Row[] = [
  {
    name: 'port',
    flag: '--port',
    env: ['PORT', 'RTC_PORT'],
    kind: 'integer',
    help: 'HTTP/WebSocket port (0: any free port)',
    defaultNote: '(0: any free port)',
  },
  {
    name: 'host',
    flag: '--host',
    env: ['RTC_HOST'],
    kind: 'string',
    help: 'interface to bind',
    defaultNote: "(the CLI; the library's `listen`: `127.0.0.1`)",
  },
  { name: 'path', flag: '--path', env: ['RTC_PATH'], kind: 'string', help: 'WebSocket path' },
  {
    name: 'maxFrameBytes',
    flag: '--max-frame-bytes',
    env: ['RTC_MAX_FRAME_BYTES'],
    kind: 'integer',
    help: 'largest frame; larger: too-large, close 1009',
  },
  {
    name: 'rate',
    flag: '--rate',
    env: ['RTC_RATE'],
    kind: 'number',
    help: 'messages per second per connection (token bucket refill)',
    defaultNote: 'messages/s',
  },
  {
    name: 'burst',
    flag: '--burst',
    env: ['RTC_BURST'],
    kind: 'integer',
    help: 'token bucket size',
    defaultNote: 'messages',
  },
  {
    name: 'maxPeersPerRoom',
    flag: '--max-peers-per-room',
    env: ['RTC_MAX_PEERS_PER_ROOM'],
    kind: 'integer',
    help: 'peers per room; over: room-full',
  },
  {
    name: 'maxRooms',
    flag: '--max-rooms',
    env: ['RTC_MAX_ROOMS'],
    kind: 'integer',
    help: 'rooms with members on this process; over: room-full',
    defaultNote: '(per process)',
  },
  {
    name: 'maxConnections',
    flag: '--max-connections',
    env: ['RTC_MAX_CONNECTIONS'],
    kind: 'integer',
    help: 'connections on this process; over: close 1013',
    defaultNote: '(per process)',
  },
  {
    name: 'maxBackloggedBytes',
    flag: '--max-backlogged-bytes',
    env: ['RTC_MAX_BACKLOGGED_BYTES'],
    kind: 'integer',
    help: 'unsent bytes before a slow reader is closed (1008)',
  },
  {
    name: 'abuseThreshold',
    flag: '--abuse-threshold',
    env: ['RTC_ABUSE_THRESHOLD'],
    kind: 'integer',
    help: 'refused messages per window before close 1008',
    defaultNote: 'refused messages',
  },
  {
    name: 'abuseWindowMs',
    flag: '--abuse-window-ms',
    env: ['RTC_ABUSE_WINDOW_MS'],
    kind: 'integer',
    help: 'abuse window (ms)',
  },
  {
    name: 'heartbeatMs',
    flag: '--heartbeat-ms',
    env: ['RTC_HEARTBEAT_MS'],
    kind: 'integer',
    help: 'ping interval (ms); two missed pongs terminate',
  },
  {
    name: 'resumeGraceMs',
    flag: '--resume-grace-ms',
    env: ['RTC_RESUME_GRACE_MS'],
    kind: 'integer',
    help: 'resume grace period (ms)',
    defaultNote: '(0: no resume)',
  },
  {
    name: 'resumeQueueMax',
    flag: '--resume-queue-max',
    env: ['RTC_RESUME_QUEUE_MAX'],
    kind: 'integer',
    help: 'relayed messages queued for a dropped peer',
    defaultNote: 'messages',
  },
  {
    name: 'jwtSecret',
    flag: '--jwt-secret',
    env: ['RTC_JWT_SECRET'],
    kind: 'string',
    none: '(none: no auth)',
    secret: true,
    help: 'HS256 secret; joins then need a token',
  },
  {
    name: 'allowedOrigins',
    flag: '--allowed-origins',
    env: ['RTC_ALLOWED_ORIGINS'],
    kind: 'list',
    none: '(any)',
    help: 'comma-separated browser origins allowed to connect',
    flagNote: '(comma-separated)',
  },
  {
    name: 'turnSecret',
    flag: '--turn-secret',
    env: ['RTC_TURN_SECRET'],
    kind: 'string',
    none: '(none)',
    secret: true,
    help: 'TURN REST API secret (coturn static-auth-secret)',
  },
  {
    name: 'turnUrls',
    flag: '--turn-url',
    env: ['RTC_TURN_URLS'],
    kind: 'list',
    none: '(none)',
    help: 'TURN URLs, repeatable or comma-separated',
    flagNote: '(repeatable, comma-separated)',
  },
  {
    name: 'turnTtlSeconds',
    flag: '--turn-ttl',
    env: ['RTC_TURN_TTL'],
    kind: 'integer',
    help: 'TURN credential lifetime (s)',
    defaultNote: '(24 h)',
  },
  {
    name: 'stunUrls',
    flag: '--stun-url',
    env: ['RTC_STUN_URLS'],
    kind: 'list',
    none: '(none)',
    help: 'STUN URLs, repeatable or comma-separated',
    flagNote: '(repeatable, comma-separated)',
  },
  {
    name: 'iceServers',
    flag: '--ice-servers',
    env: ['RTC_ICE_SERVERS'],
    kind: 'json',
    help: 'static ICE servers as a JSON array of RTCIceServer',
    flagNote: '(JSON array)',
  },
  {
    name: 'redisUrl',
    flag: '--redis',
    env: ['RTC_REDIS_URL'],
    kind: 'string',
    none: '(none: in memory)',
    secret: true,
    help: 'Redis URL to share rooms across processes',
  },
  {
    name: 'redisPrefix',
    flag: '--redis-prefix',
    env: ['RTC_REDIS_PREFIX'],
    kind: 'string',
    help: 'prefix of Redis keys and channels',
  },
  {
    name: 'redisNodeTtlMs',
    flag: '--redis-node-ttl-ms',
    env: ['RTC_REDIS_NODE_TTL_MS'],
    kind: 'integer',
    help: 'process liveness TTL (ms); dead peers swept within 1.5x',
    defaultNote: '(ghosts gone within 1.5×)',
  },
  {
    name: 'janus',
    flag: '--janus',
    env: ['RTC_JANUS'],
    kind: 'list',
    none: '(none: every room a mesh)',
    help: 'Janus WebSocket API URLs; rooms past --sfu-above move there',
    flagNote: '(repeatable, comma-separated)',
  },
  {
    name: 'janusPublic',
    flag: '--janus-public',
    env: ['RTC_JANUS_PUBLIC'],
    kind: 'list',
    none: '(the --janus URLs)',
    help: 'the same Janus URLs as clients reach them, same order',
    flagNote: '(repeatable, comma-separated)',
  },
  {
    name: 'janusAdminKey',
    flag: '--janus-admin-key',
    env: ['RTC_JANUS_ADMIN_KEY'],
    kind: 'string',
    none: '(none)',
    secret: true,
    help: 'Janus VideoRoom admin_key (to create rooms)',
  },
  {
    name: 'janusSecret',
    flag: '--janus-secret',
    env: ['RTC_JANUS_SECRET'],
    kind: 'string',
    none: '(none)',
    secret: true,
    help: 'Janus api_secret, if it has one',
  },
  {
    name: 'sfuAbove',
    flag: '--sfu-above',
    env: ['RTC_SFU_ABOVE'],
    kind: 'integer',
    help: 'a room moves to the SFU past this many auto/sfu members',
    defaultNote: 'members',
  },
  {
    name: 'sfuIdleMs',
    flag: '--sfu-idle-ms',
    env: ['RTC_SFU_IDLE_MS'],
    kind: 'integer',
    help: "an empty room's Janus room is destroyed after this (ms)",
    defaultNote: '(30 s)',
  },
  {
    name: 'hosts',
    flag: '--hosts',
    env: ['RTC_HOSTS'],
    kind: 'string',
    help: 'first: the first participant is host (then the longest present); none',
    defaultNote: '(besides tokens with `role: host`)',
  },
  {
    name: 'waitingRoom',
    flag: '--waiting-room',
    env: ['RTC_WAITING_ROOM'],
    kind: 'list',
    help: 'rooms whose newcomers wait for a host to let them in (* for all)',
    flagNote: '(comma-separated)',
  },
  {
    name: 'removeBanMs',
    flag: '--remove-ban-ms',
    env: ['RTC_REMOVE_BAN_MS'],
    kind: 'integer',
    help: "a removed participant's token may not rejoin for this long (ms)",
    defaultNote: '(10 min)',
  },
  {
    name: 'logLevel',
    flag: '--log-level',
    env: ['RTC_LOG_LEVEL'],
    kind: 'level',
    help: 'debug | info | warn | error | silent',
    defaultNote: '(`debug`, `info`, `warn`, `error`, `silent`)',
  },
];

const DEFAULTS: Record<string, unknown> = { ...CLI_DEFAULTS, ...DEFAULT_OPTIONS };

/** A default value as the help shows it. */
export function defaultText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Every CLI option: flag, environment variables (first wins), default. */
export const OPTION_SPECS: readonly OptionSpec[] = ROWS.map(({ none, ...spec }) => ({
  ...spec,
  defaultText: none ?? defaultText(DEFAULTS[spec.name]),
}));
