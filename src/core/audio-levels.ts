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

/**
 * The meters of one page that share an interval share one clock: each tick, every meter reads its
 * microphone, and ONE remote participant of all their rooms is looked at, in turn. A look waits
 * on the browser's WebRTC threads (a few ms while they carry many calls), so a page costs the
 * same however many rooms it holds (a page with one room, the usual case, looks at one of its
 * remote participants a tick, as before).
 */
class Clock {
  readonly meters = new Set<AudioLevels>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #turn = 0;
  #intervalMs: number;
  /** No remote look before this time (see `#tick`). */
  #resumeAt = 0;
  /** How far the page's joining rooms had got at the last tick, and when that last grew (see `#tick`). */
  #progress = -1;
  #progressAt = 0;
  /** Until when the WebRTC threads are known to answer quickly (a look may wait on them until then). */
  #calmUntil = 0;
  #probing = false;

  constructor(intervalMs: number) {
    this.#intervalMs = intervalMs;
  }

  add(meter: AudioLevels) {
    this.meters.add(meter);
    if (this.#timer === undefined) this.#next();
  }

  delete(meter: AudioLevels) {
    this.meters.delete(meter);
    if (this.meters.size) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /**
   * The next tick, a quarter of the interval early or late at random. A look reads the level of
   * the latest packet only (20 ms of sound): ticks on a fixed beat would see a sound that repeats
   * on a beat of its own (a beep every 500 ms, like Chromium's fake microphone; a clock ticking
   * in the room) at the same moment each time, and could miss it for good.
   */
  #next() {
    const delay = this.#intervalMs * (0.75 + Math.random() / 2);
    this.#timer = setTimeout(() => {
      this.#next();
      this.#tick();
    }, delay);
  }

  #tick() {
    const meters = [...this.meters];
    const lookable = meters.flatMap((meter) => meter.lookable().map((participant) => ({ meter, participant })));
    const start = performance.now();
    // None while a room of the page is joining, nor for a while after: a look waits on the WebRTC
    // threads the join keeps busy (its new links start sending), and holds the whole page meanwhile
    // (a camera that is starting, and the other links, included). A big join on a slow machine
    // holds them for as long as it gets on; one that is stuck (a link that never comes up, a
    // camera that never comes) no longer holds them once it has not got on for JOIN_STALL_MS.
    const progress = meters.map((meter) => meter.joinProgress());
    if (progress.some((p) => p !== null)) {
      const reached = progress.reduce<number>((sum, p) => sum + (p ?? 0), 0);
      // (Only a step further counts: a track that mutes and unmutes again is not progress.)
      if (reached > this.#progress) [this.#progress, this.#progressAt] = [reached, start];
      if (start - this.#progressAt < JOIN_STALL_MS) this.#resumeAt = Math.max(this.#resumeAt, start + JOIN_QUIET_MS);
    } else this.#progress = -1;
    const quiet = start >= this.#resumeAt && !this.#probing;
    let look = quiet ? lookable[this.#turn++ % Math.max(1, lookable.length)] : undefined;
    // Not known to be quick: ask the WebRTC threads first in a way that does not hold the page (a
    // stats read), and look on a later tick if they answered quickly. A look that waits on threads
    // a big mesh saturates holds the page for seconds, and in Chromium a page held that way can
    // stop answering altogether.
    if (look && start >= this.#calmUntil) {
      this.#probe(look.meter, look.participant);
      look = undefined;
    }
    for (const meter of meters) void meter.tick(look?.meter === meter ? look.participant : null, lookable.length);
    if (!look) return;
    // A look that had to wait (the WebRTC threads are busy: a room joining, many calls) is
    // followed by a pause twenty times as long (5 s at most, or levels would go blind): levels
    // hold the page at most 1 tick in 20 while looks are quick. A slow one is probed again first.
    const took = performance.now() - start;
    this.#pauseAfter(took);
    if (took >= SLOW_MS) this.#calmUntil = 0;
  }

  /** After a call that took `took` ms: no look for twenty times as long (5 s at most). */
  #pauseAfter(took: number) {
    this.#resumeAt = performance.now() + Math.min(took * 20, 5_000);
  }

  #probe(meter: AudioLevels, participant: Participant) {
    this.#probing = true;
    const start = performance.now();
    void meter.probe(participant).then(() => {
      this.#probing = false;
      const took = performance.now() - start;
      if (took < SLOW_MS) this.#calmUntil = performance.now() + CALM_MS;
      else this.#pauseAfter(took);
    });
  }
}

/** How long remote looks wait after a room of the page was last seen joining, in ms. */
const JOIN_QUIET_MS = 2_000;
/** A probe (or look) that took this long (ms) means the WebRTC threads are busy: no look waits on them. */
const SLOW_MS = 1_000;
/** How long after a quick probe looks may wait on the WebRTC threads, in ms. */
const CALM_MS = 1_000;
/** How long a join that does not get on holds remote looks back, in ms. */
const JOIN_STALL_MS = 10_000;

const clocks = new Map<number, Clock>();

/** One `AudioContext` for the page's meters (browsers cap how many a page may run). */
let sharedContext: { context: AudioContext; users: number } | null = null;

function takeContext(): AudioContext {
  sharedContext ??= { context: new AudioContext(), users: 0 };
  sharedContext.users++;
  return sharedContext.context;
}

function releaseContext() {
  if (!sharedContext || --sharedContext.users > 0) return;
  void sharedContext.context.close().catch(() => undefined);
  sharedContext = null;
}

/**
 * How loud everyone is, measured ten times a second, with `speaking` held for a moment after
 * each sound so it does not flicker. Remote levels come from each receiver's synchronization
 * source (the level the sender wrote in its latest packet), one connected remote participant a
 * look, in turn, so a big room costs no more than a small one (see `Clock`: the page's rooms
 * take turns too); the local one from an `AnalyserNode` whose window spans the interval. Writes
 * `audioLevel` and `speaking` on each participant (which fire their events), and calls
 * `onActiveSpeaker` when the loudest speaker changes.
 */
export class AudioLevels {
  #source: AudioLevelSource;
  #options: Required<AudioLevelsOptions>;
  #clock: Clock | null = null;
  #lastLoud = new Map<Participant, number>();
  #context: AudioContext | null = null;
  #analyser: AnalyserNode | null = null;
  #analysed: MediaStreamTrack | null = null;
  #node: MediaStreamAudioSourceNode | null = null;
  #silence: GainNode | null = null;
  #samples: Float32Array<ArrayBuffer> | null = null;
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
    if (this.#clock) return;
    const interval = this.#options.intervalMs;
    this.#clock = clocks.get(interval) ?? new Clock(interval);
    clocks.set(interval, this.#clock);
    this.#clock.add(this);
  }

  stop(): void {
    this.#clock?.delete(this);
    if (this.#clock?.meters.size === 0) clocks.delete(this.#options.intervalMs);
    this.#clock = null;
    this.#node?.disconnect();
    this.#silence?.disconnect();
    if (this.#context) releaseContext();
    this.#context = this.#analyser = this.#node = this.#analysed = this.#silence = null;
    this.#lastLoud.clear();
    this.#active = null;
  }

  /** @internal The remote participants a look can measure now (connected ones). */
  lookable(): Participant[] {
    return this.#source.participants().filter((p) => !p.local && p.connectionState === 'connected');
  }

  /**
   * @internal While this room is joining (its media is starting, a link is `new` or `connecting`,
   * or a microphone or camera a participant has on has not reached us yet): how far it has got, a
   * count that grows as links come up and media arrives. Null once it has joined.
   */
  joinProgress(): number | null {
    const tracks = this.#source.tracks();
    let joining = !!(tracks?.starting('audio') || tracks?.starting('video'));
    let reached = joining ? 0 : 1;
    for (const p of this.#source.participants()) {
      if (p.local) continue;
      const linking = p.connectionState === 'new' || p.connectionState === 'connecting';
      joining ||= linking;
      if (linking) continue;
      reached++;
      for (const track of p.stream?.getTracks() ?? []) {
        // (A remote track is muted until its first packet; one that is off never comes.)
        if (p.state[track.kind as 'audio' | 'video'] === false) continue;
        if (track.muted) joining = true;
        else reached++;
      }
    }
    return joining ? reached : null;
  }

  /**
   * @internal One tick of the clock: the microphone, and `look` (the one remote participant looked at this
   * tick, if it is one of ours); `looks` is how many the clock takes turns over, which sets how long
   * `speaking` must hold for the others until their turn.
   */
  async tick(look: Participant | null, looks: number) {
    const now = performance.now();
    const participants = this.#source.participants();
    // (Until their next turn: `looks` ticks later, each at most 1.25 intervals apart.)
    const hold = Math.max(this.#options.holdMs, (looks + 1) * this.#options.intervalMs * 1.25);
    const levels = await Promise.all(
      participants.map((p) => (p.local || p === look ? this.#level(p).catch(() => 0) : p.audioLevel)),
    );
    if (!this.#clock) return;
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

  /** @internal Asks the WebRTC threads for `participant`'s audio stats, without holding the page (see `Clock`). */
  probe(participant: Participant): Promise<unknown> {
    const receiver = this.#source.transport()?.audioReceiver(participant.id);
    return receiver ? receiver.getStats().catch(() => undefined) : Promise.resolve();
  }

  async #remoteLevel(participant: Participant): Promise<number> {
    // The level its sender wrote in the latest packet (no getStats: three times the cost).
    const receiver = this.#source.transport()?.audioReceiver(participant.id);
    return receiver?.getSynchronizationSources?.()[0]?.audioLevel ?? 0;
  }

  #localLevel(): number {
    const track = this.#source.tracks()?.sending('audio');
    if (track?.readyState !== 'live' || !track.enabled) return 0;
    if (track !== this.#analysed) this.#analyse(track);
    // Suspended until the page may play sound (a click, usually): ask again on each look.
    if (this.#context?.state === 'suspended') void this.#context.resume().catch(() => undefined);
    const analyser = this.#analyser;
    const samples = this.#samples;
    if (!analyser || !samples) return 0;
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const sample of samples) sum += sample * sample;
    return Math.sqrt(sum / samples.length);
  }

  #analyse(track: MediaStreamTrack) {
    this.#node?.disconnect();
    this.#analysed = track;
    try {
      this.#context ??= takeContext();
      void this.#context.resume().catch(() => undefined);
      const analyser = this.#analyser ?? this.#context.createAnalyser();
      // A window a little longer than the longest gap between two ticks (1.25 intervals, see
      // `Clock`): no sound falls between two looks.
      analyser.fftSize = 2 ** Math.ceil(Math.log2((this.#context.sampleRate * this.#options.intervalMs * 1.5) / 1000));
      this.#analyser = analyser;
      this.#samples = new Float32Array(analyser.fftSize);
      this.#node = this.#context.createMediaStreamSource(new MediaStream([track]));
      this.#node.connect(analyser);
      // Some engines (Firefox) only run a graph that reaches the output: reach it, silently.
      if (!this.#silence) {
        this.#silence = this.#context.createGain();
        this.#silence.gain.value = 0;
        analyser.connect(this.#silence).connect(this.#context.destination);
      }
    } catch {
      // No Web Audio here: the local level stays 0.
      this.#analyser = null;
    }
  }
}
