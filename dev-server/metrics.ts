/**
 * Prometheus metrics of one signaling server, on a registry of its own (never prom-client's
 * global default), so several servers in one process do not clash.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { RELAY_TYPES, type RelayType } from '../src/core/protocol.js';

/** Live counts the gauges read when scraped. */
export interface MetricsSource {
  connections(): number;
  rooms(): number;
  peers(): number;
}

export class SignalingMetrics {
  readonly registry = new Registry();
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

  constructor(source: MetricsSource) {
    const registers = [this.registry];
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
    collectDefaultMetrics({ register: this.registry });
  }
}
