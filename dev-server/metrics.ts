/**
 * Prometheus metrics of one signaling server, on a registry of its own (never prom-client's
 * global default), so several servers in one process do not clash.
 *
 * `prom-client` is an optional peer dependency. Without it the metrics are off: the server still
 * runs, says so in one warning line, and answers `/metrics` with 501 and the install hint.
 */
import type * as PromClient from 'prom-client';
import type { Counter, Registry } from 'prom-client';
import { RELAY_TYPES, type RelayType } from '../src/core/protocol.js';
import { MissingPackageError, requireOptional } from './optional.js';

const WHY = 'Metrics (/metrics)';
/** prom-client once loaded, or why it could not be. */
let promClient: typeof PromClient | MissingPackageError | undefined;

function loadPromClient(): typeof PromClient | MissingPackageError {
  if (promClient === undefined) {
    try {
      promClient = requireOptional<typeof PromClient>('prom-client', WHY);
    } catch (error) {
      if (!(error instanceof MissingPackageError)) throw error;
      promClient = error;
    }
  }
  return promClient;
}

/** A counter that counts nothing: what the server's code calls (`inc`, `labels`) and nothing more. */
function uncounted<T extends string>(): Counter<T> {
  const counter = { inc(): void {}, labels: () => counter };
  return counter as unknown as Counter<T>;
}

/** Live counts the gauges read when scraped. */
export interface MetricsSource {
  connections(): number;
  rooms(): number;
  peers(): number;
  /** Janus servers the server is connected to (0 without `janus`). */
  janusUp(): number;
  /** Rooms with members on this process that are on the SFU. */
  sfuRooms(): number;
}

export class SignalingMetrics {
  /**
   * False when `prom-client` is not installed: the counters then count nothing, `registry` throws
   * a {@link MissingPackageError} and `/metrics` answers 501 with `missing.message`.
   */
  readonly enabled: boolean;
  /** Why the metrics are off (names `npm install prom-client`); undefined when they are on. */
  readonly missing: MissingPackageError | undefined;
  private readonly promRegistry: Registry | undefined;
  readonly relayed: Counter<'type'>;
  /**
   * `relayed` by type, each label set looked up once: the relay hot path then skips prom-client's
   * label hashing on every message.
   */
  readonly relayedByType: Record<RelayType, { inc(): void }>;
  readonly errors: Counter<'code'>;
  readonly joins: Counter<never>;
  readonly resumes: Counter<never>;
  readonly closes: Counter<'reason'>;
  readonly heartbeatTimeouts: Counter<never>;
  readonly graceExpired: Counter<never>;

  /** The registry of this server's metrics; throws a {@link MissingPackageError} when they are off. */
  get registry(): Registry {
    if (!this.promRegistry) throw new MissingPackageError('prom-client', WHY);
    return this.promRegistry;
  }

  constructor(source: MetricsSource) {
    const prom = loadPromClient();
    if (prom instanceof MissingPackageError) {
      this.enabled = false;
      this.missing = prom;
      this.promRegistry = undefined;
      this.relayed = uncounted();
      const nothing = { inc(): void {} };
      this.relayedByType = Object.fromEntries(RELAY_TYPES.map((type) => [type, nothing])) as Record<
        RelayType,
        { inc(): void }
      >;
      this.errors = uncounted();
      this.closes = uncounted();
      this.joins = uncounted();
      this.resumes = uncounted();
      this.heartbeatTimeouts = uncounted();
      this.graceExpired = uncounted();
      return;
    }
    const { Counter, Gauge, Registry, collectDefaultMetrics } = prom;
    this.enabled = true;
    this.missing = undefined;
    this.promRegistry = new Registry();
    const registers = [this.promRegistry];
    new Gauge({
      name: 'rtc_signal_connections',
      help: 'Open WebSocket connections on this process.',
      registers,
      collect() {
        this.set(source.connections());
      },
    });
    new Gauge({
      name: 'rtc_signal_rooms',
      help: 'Rooms with at least one member on this process.',
      registers,
      collect() {
        this.set(source.rooms());
      },
    });
    new Gauge({
      name: 'rtc_signal_peers',
      help: 'Peers joined on this process, including dropped peers inside their resume grace period.',
      registers,
      collect() {
        this.set(source.peers());
      },
    });
    new Gauge({
      name: 'rtc_signal_janus_up',
      help: 'Janus servers this process is connected to (of the --janus list).',
      registers,
      collect() {
        this.set(source.janusUp());
      },
    });
    new Gauge({
      name: 'rtc_signal_sfu_rooms',
      help: 'Rooms with members on this process whose media goes through the SFU.',
      registers,
      collect() {
        this.set(source.sfuRooms());
      },
    });
    this.relayed = new Counter({
      name: 'rtc_signal_messages_relayed_total',
      help: 'Messages relayed between peers, by type.',
      labelNames: ['type'],
      registers,
    });
    const relayed = this.relayed;
    this.relayedByType = Object.fromEntries(RELAY_TYPES.map((type) => [type, relayed.labels({ type })])) as Record<
      RelayType,
      { inc(): void }
    >;
    this.errors = new Counter({
      name: 'rtc_signal_errors_total',
      help: 'Error replies sent, by code.',
      labelNames: ['code'],
      registers,
    });
    this.joins = new Counter({ name: 'rtc_signal_joins_total', help: 'Successful joins (not resumes).', registers });
    this.resumes = new Counter({ name: 'rtc_signal_resumes_total', help: 'Successful resumes.', registers });
    this.closes = new Counter({
      name: 'rtc_signal_closes_total',
      help: 'Closed connections, by reason.',
      labelNames: ['reason'],
      registers,
    });
    this.heartbeatTimeouts = new Counter({
      name: 'rtc_signal_heartbeat_timeouts_total',
      help: 'Connections terminated after two missed pongs.',
      registers,
    });
    this.graceExpired = new Counter({
      name: 'rtc_signal_resume_grace_expired_total',
      help: 'Dropped peers removed because they did not resume in time.',
      registers,
    });
    collectDefaultMetrics({ register: this.promRegistry });
  }
}
