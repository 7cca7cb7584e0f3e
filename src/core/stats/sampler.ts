import type { Participant } from '../participant.js';
import type { RoomSession } from '../room-types.js';
import type { TransportConnection } from '../transport/transport.js';
import { TypedEventTarget } from '../typed-event-target.js';
import { bitrateOf } from './bitrate.js';
import { QUALITY_LEVELS, QualityTracker } from './quality.js';
import { type Counters, readLink } from './read.js';
import type { ConnectionSample, QualityLevel, StatsSample } from './types.js';

export interface StatsSamplerOptions {
  /** How often `getStats` is read, in ms. Default 1000. */
  intervalMs?: number;
  /** How much history is kept, in ms. Default 60 000 (the last minute). */
  historyMs?: number;
}

export interface StatsSamplerEventMap {
  /** A new sample was taken (every `intervalMs` while someone listens). */
  sample: CustomEvent<{ sample: StatsSample }>;
  /**
   * A participant's quality level changed: for a remote one, how well we receive them; for the
   * local one, how well the others receive us (your uplink).
   */
  quality: CustomEvent<{ participant: Participant; level: QualityLevel; previous: QualityLevel | null }>;
}

/**
 * What the sampler reads: a `Room`, or any `RoomSession`. One without `connections()` is read as
 * one two-way connection per remote participant (`participant.getStats()`).
 */
export type StatsSession = Pick<RoomSession, 'local' | 'remote' | 'connections'>;

/** What the sampler reads of a connection. */
type Source = Pick<TransportConnection, 'id' | 'direction' | 'participants' | 'connectionState'> & {
  getStats(): Promise<RTCStatsReport | null>;
};

/** What the sampler keeps of a connection between two samples. */
interface ConnectionState {
  counters: Counters | undefined;
  at: number;
  received: QualityTracker;
  sent: QualityTracker;
  quiet: number;
}

/**
 * Reads every connection's `getStats()` (the session's `connections()`; without them, each remote
 * participant's) once a second while anyone listens to its `sample` or `quality` events (it stops
 * when the last listener goes), and turns them into plain objects: bitrates, loss, jitter,
 * round-trip times, frames, codecs, candidate types, freezes (see `StatsSample`). Keeps the last
 * minute in `history`, and a quality level per connection with hysteresis; a remote participant
 * has the level of the connection that carries them, you the median of the connections that send
 * (`quality(participant)`, `quality` events). One sampler per session is enough:
 * {@link sharedStatsSampler} gives the one the elements use.
 */
export class StatsSampler extends TypedEventTarget<StatsSamplerEventMap> {
  readonly session: StatsSession;
  readonly intervalMs: number;
  readonly historyMs: number;
  #history: StatsSample[] = [];
  #connections = new Map<string, ConnectionState>();
  /** Each remote participant's level: that of the connection that carries them (by id). */
  #levels = new Map<string, QualityLevel>();
  #localQuality: QualityLevel | null = null;
  #listeners = new Map<string, Set<unknown>>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #busy = false;

  constructor(session: StatsSession, options: StatsSamplerOptions = {}) {
    super();
    this.session = session;
    this.intervalMs = Math.max(50, options.intervalMs ?? 1000);
    this.historyMs = Math.max(this.intervalMs, options.historyMs ?? 60_000);
  }

  /** The newest sample, or null before the first. */
  get latest(): StatsSample | null {
    return this.#history.at(-1) ?? null;
  }

  /** The samples of the last `historyMs`, oldest first. */
  get history(): readonly StatsSample[] {
    return this.#history;
  }

  /** True while it samples (someone listens). */
  get running(): boolean {
    return this.#timer !== undefined;
  }

  /** A participant's level now (null before it is known): see `quality` events. */
  quality(participant: Participant): QualityLevel | null {
    if (participant.local) return this.#localQuality;
    return this.#levels.get(participant.id) ?? null;
  }

  override addEventListener<K extends keyof StatsSamplerEventMap>(
    type: K,
    listener: ((event: StatsSamplerEventMap[K]) => void) | { handleEvent(event: StatsSamplerEventMap[K]): void } | null,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: unknown): void;
  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: unknown,
  ): void {
    super.addEventListener(type, listener, options as AddEventListenerOptions);
    if (!listener) return;
    const set = this.#listeners.get(type) ?? new Set();
    set.add(listener);
    this.#listeners.set(type, set);
    this.#update();
  }

  override removeEventListener<K extends keyof StatsSamplerEventMap>(
    type: K,
    listener: ((event: StatsSamplerEventMap[K]) => void) | { handleEvent(event: StatsSamplerEventMap[K]): void } | null,
    options?: boolean | EventListenerOptions,
  ): void;
  override removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: unknown,
  ): void;
  override removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: unknown,
  ): void {
    super.removeEventListener(type, listener, options as EventListenerOptions);
    this.#listeners.get(type)?.delete(listener);
    this.#update();
  }

  #update() {
    const listened = [...this.#listeners.values()].some((set) => set.size > 0);
    if (listened && !this.#timer) {
      this.#timer = setInterval(() => void this.sample(), this.intervalMs);
      void this.sample();
    } else if (!listened && this.#timer) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }

  /** Takes a sample now (the timer calls it); resolves with it, or null if one is already under way. */
  async sample(): Promise<StatsSample | null> {
    if (this.#busy) return null;
    this.#busy = true;
    try {
      return this.#take(await this.#read());
    } finally {
      this.#busy = false;
    }
  }

  async #read() {
    const { session } = this;
    // A session without connections (a static one): each remote participant is a two-way one.
    const read: readonly Source[] =
      session.connections?.() ??
      [...session.remote.values()].map((p) => ({
        id: p.id,
        direction: 'both',
        participants: [p.id],
        connectionState: p.connectionState,
        getStats: () => p.getStats(),
      }));
    const reports = await Promise.all(read.map((c) => c.getStats().catch(() => null)));
    return read.map((connection, i) => ({ connection, report: reports[i] ?? null }));
  }

  #take(read: { connection: Source; report: RTCStatsReport | null }[]): StatsSample {
    const now = Date.now();
    const { local, remote } = this.session;
    const connections: ConnectionSample[] = [];
    const sentLevels: QualityLevel[] = [];
    for (const id of this.#connections.keys())
      if (!read.some((r) => r.connection.id === id)) this.#connections.delete(id);
    let sentBitrate = 0;
    let receivedBitrate = 0;
    const levels = new Map<string, QualityLevel>();
    for (const { connection, report } of read) {
      const { id, direction, participants, connectionState } = connection;
      let state = this.#connections.get(id);
      if (!state) {
        state = { counters: undefined, at: now, received: new QualityTracker(), sent: new QualityTracker(), quiet: 0 };
        this.#connections.set(id, state);
      }
      const sends = direction !== 'receive';
      const receives = direction !== 'send';
      if (report) {
        const reading = readLink(report, state.counters, (now - state.at) / 1000);
        state.counters = reading.counters;
        state.at = now;
        const up = connectionState !== 'disconnected' && connectionState !== 'failed';
        if (reading.receivedInput && reading.sentInput) {
          if (receives) {
            // Nothing came while someone it carries has their microphone or camera on.
            const expected = participants.some((p) => remote.get(p)?.audioEnabled || remote.get(p)?.videoEnabled);
            state.quiet = expected && reading.receivedInput.packets === 0 ? state.quiet + 1 : 0;
            state.received.push({ ...reading.receivedInput, flowing: up && state.quiet < 2 });
          }
          if (sends) sentLevels.push(state.sent.push({ ...reading.sentInput, flowing: up }));
        }
        const sent = sends ? reading.sent : null;
        const received = receives ? reading.received : null;
        sentBitrate += bitrateOf(sent) ?? 0;
        receivedBitrate += bitrateOf(received) ?? 0;
        connections.push({
          id,
          direction,
          participants,
          connectionState,
          sent,
          received,
          candidatePair: reading.candidatePair,
          quality: (receives ? state.received : state.sent).level,
        });
      }
      // Everyone it carries has its level (see ConnectionSample.quality).
      const level = receives && state.received.level;
      if (level) for (const p of participants) levels.set(p, level);
    }
    const before = this.#levels;
    this.#levels = levels;
    for (const [id, level] of levels) {
      const participant = remote.get(id);
      const previous = before.get(id) ?? null;
      if (participant && level !== previous) this.emit('quality', { participant, level, previous });
    }
    // Your uplink: the median of the connections that send (the better of two), so one peer's
    // poor downlink in a mesh is not yours.
    const ranks = sentLevels.map((l) => QUALITY_LEVELS.indexOf(l)).sort((a, b) => a - b);
    const localQuality = ranks.length ? QUALITY_LEVELS[ranks[Math.floor((ranks.length - 1) / 2)]!]! : null;
    const previous = this.#localQuality;
    this.#localQuality = localQuality;
    if (local && localQuality && localQuality !== previous)
      this.emit('quality', { participant: local, level: localQuality, previous });
    const last = this.latest;
    const sample: StatsSample = {
      timestamp: now,
      intervalMs: last ? now - last.timestamp : 0,
      connections,
      sentBitrateKbps: Math.round(sentBitrate * 10) / 10,
      receivedBitrateKbps: Math.round(receivedBitrate * 10) / 10,
      localQuality,
    };
    this.#history.push(sample);
    while (this.#history.length && this.#history[0]!.timestamp < now - this.historyMs) this.#history.shift();
    this.emit('sample', { sample });
    return sample;
  }
}

const shared = new WeakMap<object, StatsSampler>();

/** The one sampler of `session` that the elements share (created on first use, 1 s interval). */
export function sharedStatsSampler(session: StatsSession): StatsSampler {
  let sampler = shared.get(session);
  if (!sampler) {
    sampler = new StatsSampler(session);
    shared.set(session, sampler);
  }
  return sampler;
}
