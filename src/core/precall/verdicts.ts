/**
 * What the pre-call check calls good, fair and bad: the thresholds, documented in docs/precall.md,
 * and the pure functions that apply them (tested in Node).
 */

/** One part's verdict: `good` (go ahead), `fair` (works, but worse than a call wants), `bad` (will not work). */
export type Verdict = 'good' | 'fair' | 'bad';

/** The thresholds, as the docs give them. */
export const THRESHOLDS = {
  network: {
    /** Good: under 5 % of the datagrams lost, a round trip under 300 ms, at least 1.1 Mb/s through the relay. */
    good: { loss: 0.05, rttMs: 300, bitrate: 1_100_000 },
    /** Bad: 15 % lost or more, a round trip of 1 s or more, or under 300 kb/s (or no connection through the relay). */
    bad: { loss: 0.15, rttMs: 1000, bitrate: 300_000 },
  },
  camera: {
    /** Good: at least 10 frames a second decoded; fair: fewer, but some; bad: none. */
    goodFps: 10,
  },
  microphone: {
    /** Heard: a level (RMS, 0 to 1) of at least this at some moment; silence is fair (a muted headset), no track is bad. */
    heardRms: 0.01,
  },
} as const;

/** What the network test measured through the relay. */
export interface NetworkMeasure {
  /** The round trip through the relay, in ms (ICE's, from `getStats`); null when none was measured. */
  rttMs: number | null;
  /** The share of datagrams lost, 0 to 1. */
  loss: number;
  /** Bits per second that crossed the relay, from the receiving end's `getStats`. */
  bitrate: number;
}

export function networkVerdict({ rttMs, loss, bitrate }: NetworkMeasure): Verdict {
  const { good, bad } = THRESHOLDS.network;
  if (loss >= bad.loss || bitrate < bad.bitrate || (rttMs ?? 0) >= bad.rttMs) return 'bad';
  if (loss < good.loss && bitrate >= good.bitrate && rttMs !== null && rttMs < good.rttMs) return 'good';
  return 'fair';
}

export function cameraVerdict(fps: number): Verdict {
  return fps >= THRESHOLDS.camera.goodFps ? 'good' : fps > 0 ? 'fair' : 'bad';
}

export function microphoneVerdict(peak: number, live: boolean): Verdict {
  return !live ? 'bad' : peak >= THRESHOLDS.microphone.heardRms ? 'good' : 'fair';
}

/** The whole check's verdict: its worst part's. */
export function overallVerdict(verdicts: readonly Verdict[]): Verdict {
  return verdicts.includes('bad') ? 'bad' : verdicts.includes('fair') ? 'fair' : 'good';
}
