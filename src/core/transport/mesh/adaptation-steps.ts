/**
 * The measuring half of the mesh's bandwidth adaptation (adaptation.ts): what a link's camera
 * sender's stats say, and the steps the rule takes from them for the sender's CPU and the link's
 * bandwidth (the second table of docs/adaptation.md). It acts only once a link has been up for
 * `settleMs` (2 s), so it is loaded behind an `import()` at the first measure, and the core a page
 * loads up front does not carry it. It imports nothing.
 */

/** What a link's video sender measured in its last stats. */
export interface VideoSample {
  /** Of the selected candidate pair, in bits per second. */
  availableOutgoingBitrate?: number;
  qualityLimitationReason?: string;
  /**
   * Where the engine has no estimate (Firefox): the sender's counters (packets and bytes sent, at
   * `at` ms) and what the receiver's reports say of them (packets lost, round-trip time in s).
   */
  sent?: number;
  bytes?: number;
  at?: number;
  lost?: number;
  rtt?: number;
}

/** A link's bandwidth steps, and the samples in a row short of bandwidth or with room for the level above. */
export interface BandwidthSteps {
  steps: number;
  short: number;
  ample: number;
  /** Samples since the last step up (absent: none taken). */
  since?: number;
  /** Step-ups that did not hold (stepped down again within {@link HELD} samples): each doubles the wait for the next. */
  failed?: number;
  /** The last sample's counters (a link with no estimate measures its loss between two samples). */
  last?: VideoSample;
  /** The least round-trip time seen, in s: the path with no queue. */
  minRtt?: number;
}

/** A step up that lasts this many samples (10 s) held: the link carries that level. */
const HELD = 5;
/**
 * The estimate, as a share of the current level's cap, that says the link is not full: a step up
 * is then worth a try. (Raising the cap makes Chromium probe the link for it: one it cannot carry
 * is short in two samples, and steps down again.)
 */
const ROOM = 1.15;

/** The CPU's steps (for every link), and the passes in a row with some link limited by it or none. */
export interface CpuSteps {
  steps: number;
  busy: number;
  idle: number;
}

/** Copies the numbers of `values` into `sample` (a stat an engine lacks stays absent). */
function count(sample: VideoSample, values: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(values))
    if (typeof value === 'number') (sample as Record<string, number>)[key] = value;
}

/** Reads the camera sender's limitation and the link's available bitrate from its `getStats()` report. */
export function readSample(report: RTCStatsReport): VideoSample {
  const sample: VideoSample = {};
  let pairId: string | undefined;
  // A sender's own report: its outbound-rtp is the only video one.
  report.forEach((s: Record<string, unknown>) => {
    if (s.type === 'outbound-rtp' && s.kind === 'video') {
      sample.qualityLimitationReason ??= s.qualityLimitationReason as string | undefined;
      count(sample, { sent: s.packetsSent, bytes: s.bytesSent, at: s.timestamp });
    } else if (s.type === 'remote-inbound-rtp' && s.kind === 'video') {
      count(sample, { lost: s.packetsLost, rtt: s.roundTripTime });
    } else if (s.type === 'transport') {
      pairId = s.selectedCandidatePairId as string | undefined;
    }
  });
  report.forEach((s: Record<string, unknown>) => {
    const selected = pairId ? s.id === pairId : s.nominated === true && s.state === 'succeeded';
    if (s.type === 'candidate-pair' && selected && typeof s.availableOutgoingBitrate === 'number') {
      sample.availableOutgoingBitrate = s.availableOutgoingBitrate;
    }
  });
  return sample;
}

/**
 * The loss between the last sample and this one (the receiver's reports against the packets
 * sent), and the video delivered meanwhile in bits per second (sent, less the loss): where the
 * engine gives no estimate, what the link says of its bandwidth. Undefined while a counter is missing.
 */
export function deliveredSince(
  last: VideoSample | undefined,
  sample: VideoSample,
): { loss: number; rate: number } | undefined {
  const { sent, bytes, at, lost } = sample;
  if (!last || sent === undefined || bytes === undefined || at === undefined || lost === undefined) return undefined;
  if (last.sent === undefined || last.bytes === undefined || last.at === undefined || last.lost === undefined)
    return undefined;
  const packets = sent - last.sent;
  if (packets <= 0 || at <= last.at) return undefined;
  const loss = Math.min(1, Math.max(0, (lost - last.lost) / packets));
  return { loss, rate: (((bytes - last.bytes) * 8000) / (at - last.at)) * (1 - loss) };
}

/** Loss over a sample that says the link is full (a queue that overflows), with no estimate: libwebrtc's own threshold. */
const FULL = 0.1;
/** Loss under this, with the round trip near its least: a link with room. */
const CLEAN = 0.02;
/** A round trip this much over its least (s): a queue on the path. */
const QUEUED = 0.05;
/** How much the least round trip seen rises each sample (s): 1 ms a second at a sample every 2 s. */
const RTT_CREEP = 0.002;
/** Each level carries about this share of the one above's bitrate (docs/adaptation.md's table). */
const LEVEL_RATIO = 0.6;

/**
 * One step of the rule for a link: short of bandwidth (the encoder says so and the estimate is
 * below the current cap) twice in a row, one step down (while fewer than `maxSteps` were taken);
 * with room to grow twice in a row, one step back up. Room to grow: an estimate {@link ROOM} times
 * the current cap. Not the level above's bitrate: a sender held down by its own cap is
 * application-limited, and Chromium's estimate then stays 1.2 to 1.5 times what it sends, so a
 * link would never climb back once a cap is gone. A step up that did not hold (a cap between two
 * levels) doubles the samples the next one waits for. Returns the new steps and the streaks.
 *
 * An engine with no estimate nor limitation (Firefox) is judged by what the receiver's reports say:
 * short when {@link FULL} of the packets were lost (a queue that overflows: random loss of a few
 * percent, with a long round trip, keeps the level), and then down as many levels at once as
 * bring the cap under the video delivered (its congestion control alone let a 300 kbit/s uplink
 * freeze a 640x480 picture); room to grow when next to nothing was lost and there is no queue.
 */
export function nextBandwidthSteps(
  state: BandwidthSteps,
  sample: VideoSample,
  currentCap: number,
  _betterCap: number,
  maxSteps: number,
): BandwidthSteps {
  const available = sample.availableOutgoingBitrate;
  const delivered = available === undefined ? deliveredSince(state.last, sample) : undefined;
  // The least round trip creeps up a millisecond a second, so that a longer route (after an ICE
  // restart) is not taken for a queue for ever.
  const minRtt = Math.min(
    (state.minRtt ?? Number.POSITIVE_INFINITY) + RTT_CREEP,
    sample.rtt ?? Number.POSITIVE_INFINITY,
  );
  const queued = sample.rtt !== undefined && sample.rtt > minRtt + QUEUED;
  const short = delivered
    ? delivered.loss >= FULL
    : sample.qualityLimitationReason === 'bandwidth' && available !== undefined && available < currentCap;
  // (The encoder may say `bandwidth` at our own cap: Chromium scales a picture down for a low target.)
  const ample = delivered
    ? delivered.loss < CLEAN && !queued
    : available !== undefined && available > currentCap * ROOM;
  const since = state.since === undefined ? undefined : state.since + 1;
  const next: BandwidthSteps = {
    steps: state.steps,
    short: short ? state.short + 1 : 0,
    ample: ample ? state.ample + 1 : 0,
    since,
    failed: since !== undefined && since > 3 * HELD ? 0 : (state.failed ?? 0),
    ...(sample.sent !== undefined && { last: sample }),
    ...(Number.isFinite(minRtt) && { minRtt }),
  };
  if (next.short >= 2 && next.steps < maxSteps) {
    // With no estimate, as many levels as bring the cap under what was delivered.
    const down = delivered ? Math.ceil(Math.log(currentCap / Math.max(1, delivered.rate)) / -Math.log(LEVEL_RATIO)) : 1;
    next.steps = Math.min(maxSteps, next.steps + Math.max(1, down));
    next.short = 0;
    if (since !== undefined && since <= HELD) next.failed = Math.min(4, next.failed! + 1);
    next.since = undefined;
  }
  if (next.ample >= 2 << next.failed! && next.steps > 0) {
    next.steps--;
    next.ample = 0;
    next.since = 0;
  }
  return next;
}

/**
 * The CPU's steps after a pass in which some link was (`limited`) or none was limited by the
 * sender's CPU: one more after two such passes in a row (at most 2), one fewer after five without.
 * Changes `cpu`; returns whether its steps changed.
 */
export function nextCpuSteps(cpu: CpuSteps, limited: boolean): boolean {
  cpu.busy = limited ? cpu.busy + 1 : 0;
  cpu.idle = limited ? 0 : cpu.idle + 1;
  const step = cpu.busy >= 2 && cpu.steps < 2 ? 1 : cpu.idle >= 5 && cpu.steps > 0 ? -1 : 0;
  if (step) {
    cpu.steps += step;
    cpu.busy = cpu.idle = 0;
  }
  return step !== 0;
}
