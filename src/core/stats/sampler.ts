import type { Participant } from '../participant.js';
import type { RoomSession } from '../room-types.js';
import { TypedEventTarget } from '../typed-event-target.js';
import { QUALITY_LEVELS, QualityTracker } from './quality.js';
import { type Counters, readLink } from './read.js';
import type { LinkStats, QualityLevel, StatsSample } from './types.js';

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

/** What the sampler reads: a `Room`, or any `RoomSession`. */
export type StatsSession = Pick<RoomSession, 'local' | 'remote'>;

interface LinkState {
  counters: Counters | undefined;
  at: number;
  received: QualityTracker;
  sent: QualityTracker;
  quiet: number;
}

/**
 * Reads every link's `getStats()` once a second while anyone listens to its `sample` or `quality`
 * events (it stops when the last listener goes), and turns them into plain objects: bitrates,
 * loss, jitter, round-trip times, frames, codecs, candidate types, freezes (see `StatsSample`).
 * Keeps the last minute in `history`, and a quality level per participant with hysteresis
 * (`quality(participant)`, `quality` events). One sampler per session is enough:
 * {@link sharedStatsSampler} gives the one the elements use.
 */
export class StatsSampler extends TypedEventTarget<StatsSamplerEventMap> {
  readonly session: StatsSession;
  readonly intervalMs: number;
  readonly historyMs: number;
  #history: StatsSample[] = [];
  #links = new Map<string, LinkState>();
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
    return this.#links.get(participant.id)?.received.level ?? null;
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
    const remote = [...this.session.remote.values()];
    const reports = await Promise.all(remote.map((p) => p.getStats().catch(() => null)));
    return remote.map((participant, i) => ({ participant, report: reports[i] ?? null }));
  }

  #take(read: { participant: Participant; report: RTCStatsReport | null }[]): StatsSample {
    const now = Date.now();
    const links: LinkStats[] = [];
    const sentLevels: QualityLevel[] = [];
    for (const id of this.#links.keys()) if (!read.some((r) => r.participant.id === id)) this.#links.delete(id);
    let sentBitrate = 0;
    let receivedBitrate = 0;
    for (const { participant, report } of read) {
      let state = this.#links.get(participant.id);
      if (!state) {
        state = { counters: undefined, at: now, received: new QualityTracker(), sent: new QualityTracker(), quiet: 0 };
        this.#links.set(participant.id, state);
      }
      const connectionState = participant.connectionState;
      if (!report) continue;
      const reading = readLink(report, state.counters, (now - state.at) / 1000);
      state.counters = reading.counters;
      state.at = now;
      const down = connectionState === 'disconnected' || connectionState === 'failed';
      const before = state.received.level;
      if (reading.receivedInput && reading.sentInput) {
        const expected = participant.state.audio !== false || participant.state.video !== false;
        state.quiet = expected && reading.receivedInput.packets === 0 ? state.quiet + 1 : 0;
        state.received.push({ ...reading.receivedInput, flowing: !down && state.quiet < 2 });
        sentLevels.push(state.sent.push({ ...reading.sentInput, flowing: !down }));
      }
      const level = state.received.level;
      if (level && level !== before) this.emit('quality', { participant, level, previous: before });
      for (const media of [reading.sent.audio, reading.sent.video]) sentBitrate += media?.bitrateKbps ?? 0;
      for (const media of [reading.received.audio, reading.received.video]) receivedBitrate += media?.bitrateKbps ?? 0;
      links.push({
        participantId: participant.id,
        connectionState,
        sent: reading.sent,
        received: reading.received,
        connection: reading.connection,
        quality: level,
      });
    }
    // Your uplink: the median of your links (the better of two), so one peer's poor downlink is not yours.
    const ranks = sentLevels.map((l) => QUALITY_LEVELS.indexOf(l)).sort((a, b) => a - b);
    const localQuality = ranks.length ? QUALITY_LEVELS[ranks[Math.floor((ranks.length - 1) / 2)]!]! : null;
    const previous = this.#localQuality;
    this.#localQuality = localQuality;
    const local = this.session.local;
    if (local && localQuality && localQuality !== previous)
      this.emit('quality', { participant: local, level: localQuality, previous });
    const last = this.latest;
    const sample: StatsSample = {
      timestamp: now,
      intervalMs: last ? now - last.timestamp : 0,
      links,
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
