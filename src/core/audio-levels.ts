import type { Meter } from './audio-clock.js';
import type { TrackMeter } from './audio-meter.js';
import { loadOnce } from './load-once.js';
import type { LocalTracks } from './local-tracks.js';
import { type Participant, updateParticipant } from './participant.js';
import type { RoomTransport } from './transport/transport.js';

export interface AudioLevelsOptions {
  /** How often levels are measured, in ms. Default 100 (ten times a second). */
  intervalMs?: number;
  /** The level (0 to 1) above which a participant counts as making sound. Default 0.02. */
  threshold?: number;
  /** How long `speaking` holds after the last sound, in ms. Default 700. */
  holdMs?: number;
}

/** Where the levels come from: the participants, our microphone, and the transport that receives the others. */
export interface AudioLevelSource {
  participants(): readonly Participant[];
  /** What this page sends (its microphone; whether its media is still starting). */
  tracks(): Pick<LocalTracks, 'sending' | 'starting'> | null;
  /** The room's transport, which gives the receiver of each participant's audio. */
  transport(): Pick<RoomTransport, 'audioReceiver'> | null;
}

type Measuring = [typeof import('./audio-clock.js'), typeof import('./audio-meter.js')];

/** The page's clock and the microphone meter once they are in. */
let measuring: Measuring | undefined;

/**
 * The clock and the meter: chunks of their own, loaded the first time a room starts its levels, as
 * it joins (issue 24). Nothing is lost meanwhile: a look at the others waits until the join is
 * over anyway, and the first look at the microphone comes an interval after the start.
 */
const loadMeasuring = loadOnce(
  () => Promise.all([import('./audio-clock.js'), import('./audio-meter.js')]).then((modules) => (measuring = modules)),
  'the audio levels',
);

/**
 * How loud everyone is, measured ten times a second, with `speaking` held for a moment after
 * each sound so it does not flicker. Remote levels come from each receiver's synchronization
 * source (the level the sender wrote in its latest packet), one connected remote participant a
 * look, in turn, so a big room costs no more than a small one (see `Clock` in audio-clock.ts: the
 * page's rooms take turns too); the local one from a `TrackMeter` whose window spans the interval. Writes
 * `audioLevel` and `speaking` on each participant (which fire their events), and calls
 * `onActiveSpeaker` when the loudest speaker changes.
 */
export class AudioLevels {
  #source: AudioLevelSource;
  #options: Required<AudioLevelsOptions>;
  #meter: Meter | null = null;
  /** Started (its meter joins the clock once the clock's code is in). */
  #started = false;
  #lastLoud = new Map<Participant, number>();
  #microphone: TrackMeter | null = null;
  #active: Participant | null = null;
  #onActiveSpeaker: (participant: Participant | null) => void;

  constructor(
    source: AudioLevelSource,
    onActiveSpeaker: (participant: Participant | null) => void,
    options: AudioLevelsOptions = {},
  ) {
    this.#source = source;
    this.#onActiveSpeaker = onActiveSpeaker;
    this.#options = { intervalMs: 100, threshold: 0.02, holdMs: 700, ...options };
  }

  /** The loudest participant who spoke last (kept through silence, until someone else speaks). */
  get activeSpeaker(): Participant | null {
    return this.#active;
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    if (measuring) this.#join(measuring);
    else void loadMeasuring().then((loaded) => loaded && this.#started && !this.#meter && this.#join(loaded));
  }

  #join([clock, { TrackMeter }]: Measuring) {
    const source = this.#source;
    // A window a little longer than the longest gap between two ticks (1.25 intervals, see
    // `Clock`): no sound falls between two looks.
    this.#microphone = new TrackMeter(this.#options.intervalMs * 1.5);
    // What the page's clock calls, and only it (kept off this class's public members).
    this.#meter = {
      lookable: () => source.participants().filter((p) => !p.local && p.connectionState === 'connected'),
      joinProgress: () => clock.joinProgress(source),
      tick: (look, looks) => this.#tick(look, looks),
      probe: (participant) => {
        const receiver = source.transport()?.audioReceiver(participant.id);
        return receiver ? receiver.getStats().catch(() => undefined) : Promise.resolve();
      },
    };
    clock.joinClock(this.#options.intervalMs, this.#meter);
  }

  stop(): void {
    this.#started = false;
    if (this.#meter) measuring?.[0].leaveClock(this.#options.intervalMs, this.#meter);
    this.#meter = null;
    this.#microphone?.close();
    this.#microphone = null;
    this.#lastLoud.clear();
    this.#active = null;
  }

  /**
   * One tick of the clock: the microphone, and `look` (the one remote participant looked at this
   * tick, if it is one of ours); `looks` is how many the clock takes turns over, which sets how long
   * `speaking` must hold for the others until their turn.
   */
  async #tick(look: Participant | null, looks: number) {
    const now = performance.now();
    const participants = this.#source.participants();
    // (Until their next turn: `looks` ticks later, each at most 1.25 intervals apart.)
    const hold = Math.max(this.#options.holdMs, (looks + 1) * this.#options.intervalMs * 1.25);
    const levels = await Promise.all(
      participants.map((p) => (p.local || p === look ? this.#level(p).catch(() => 0) : p.audioLevel)),
    );
    if (!this.#meter) return;
    let loudest: Participant | null = null;
    let loudestLevel = 0;
    participants.forEach((participant, i) => {
      const level = participant.state.audio === false ? 0 : Math.min(1, levels[i]!);
      if (level > this.#options.threshold) this.#lastLoud.set(participant, now);
      const speaking = now - (this.#lastLoud.get(participant) ?? -Infinity) < hold;
      updateParticipant(participant, { audioLevel: Math.round(level * 100) / 100, speaking });
      if (speaking && level > loudestLevel) {
        loudest = participant;
        loudestLevel = level;
      }
    });
    for (const gone of this.#lastLoud.keys()) if (!participants.includes(gone)) this.#lastLoud.delete(gone);
    const active = this.#active;
    const keep = active && participants.includes(active) && active.speaking;
    const next = keep ? active : (loudest ?? (active && participants.includes(active) ? active : null));
    if (next !== active) {
      this.#active = next;
      this.#onActiveSpeaker(next);
    }
  }

  #level(participant: Participant): Promise<number> {
    return participant.local ? Promise.resolve(this.#localLevel()) : this.#remoteLevel(participant);
  }

  async #remoteLevel(participant: Participant): Promise<number> {
    // The level its sender wrote in the latest packet (no getStats: three times the cost).
    const receiver = this.#source.transport()?.audioReceiver(participant.id);
    return receiver?.getSynchronizationSources?.()[0]?.audioLevel ?? 0;
  }

  #localLevel(): number {
    return this.#microphone?.rms(this.#source.tracks()?.sending('audio')) ?? 0;
  }
}
