import type { AudioLevelSource } from './audio-levels.js';
import type { Participant } from './participant.js';

/**
 * What the page's clock asks of one room's meter (`AudioLevels`, which keeps these private: the
 * clock is the only caller, and this module is not exported).
 */
export interface Meter {
  /** The remote participants a look can measure now (connected ones). */
  lookable(): Participant[];
  /** While the room is joining, how far it has got (see `joinProgress`); null once it has joined. */
  joinProgress(): number | null;
  /** One tick: the microphone, and `look` if it is one of ours; `looks` is how many take turns. */
  tick(look: Participant | null, looks: number): Promise<void>;
  /** Asks the WebRTC threads for `participant`'s audio stats, without holding the page. */
  probe(participant: Participant): Promise<unknown>;
}

/**
 * The meters of one page that share an interval share one clock: each tick, every meter reads its
 * microphone, and ONE remote participant of all their rooms is looked at, in turn. A look waits
 * on the browser's WebRTC threads (a few ms while they carry many calls), so a page costs the
 * same however many rooms it holds (a page with one room, the usual case, looks at one of its
 * remote participants a tick, as before).
 */
class Clock {
  readonly meters = new Set<Meter>();
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

  add(meter: Meter) {
    this.meters.add(meter);
    if (this.#timer === undefined) this.#next();
  }

  delete(meter: Meter) {
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

  #probe(meter: Meter, participant: Participant) {
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

/** Starts `meter` on the page's clock for `intervalMs` (one clock an interval). */
export function joinClock(intervalMs: number, meter: Meter): void {
  const clock = clocks.get(intervalMs) ?? new Clock(intervalMs);
  clocks.set(intervalMs, clock);
  clock.add(meter);
}

/** Stops `meter`; the clock stops with its last meter. */
export function leaveClock(intervalMs: number, meter: Meter): void {
  const clock = clocks.get(intervalMs);
  clock?.delete(meter);
  if (clock?.meters.size === 0) clocks.delete(intervalMs);
}

/**
 * While a room is joining (its media is starting, a link is `new` or `connecting`, or a microphone
 * or camera a participant has on has not reached us yet): how far it has got, a count that grows
 * as links come up and media arrives. Null once it has joined.
 */
export function joinProgress(source: Pick<AudioLevelSource, 'participants' | 'tracks'>): number | null {
  const tracks = source.tracks();
  let joining = !!(tracks?.starting('audio') || tracks?.starting('video'));
  let reached = joining ? 0 : 1;
  for (const p of source.participants()) {
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
