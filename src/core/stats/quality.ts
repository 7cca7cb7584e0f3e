import type { QualityInput, QualityLevel } from './types.js';

/** Worst to best is the order of this list's reverse: index 0 is the best. */
export const QUALITY_LEVELS: readonly QualityLevel[] = ['good', 'fair', 'poor', 'lost'];

/**
 * The thresholds of the quality rule: a link is `poor` when any of its numbers reaches the `poor`
 * row, else `fair` when any reaches the `fair` row, else `good`. Documented in docs/stats.md.
 */
export const QUALITY_THRESHOLDS = {
  fair: { lossPercent: 2, roundTripTimeMs: 300, jitterMs: 30 },
  poor: { lossPercent: 8, roundTripTimeMs: 600, jitterMs: 80 },
} as const;

/** Consecutive samples a change needs: worse after 2 (2 s), better after 4 (4 s). */
export const QUALITY_HYSTERESIS = { worse: 2, better: 4 } as const;

const rank = (level: QualityLevel) => QUALITY_LEVELS.indexOf(level);

/** The level one interval's numbers alone give (no hysteresis). */
export function qualityOf(input: QualityInput): QualityLevel {
  if (!input.flowing) return 'lost';
  const over = (row: (typeof QUALITY_THRESHOLDS)['fair' | 'poor']) =>
    (input.lossPercent ?? 0) >= row.lossPercent ||
    (input.roundTripTimeMs ?? 0) >= row.roundTripTimeMs ||
    (input.jitterMs ?? 0) >= row.jitterMs;
  if (input.freezes > 0 || over(QUALITY_THRESHOLDS.poor)) return 'poor';
  return over(QUALITY_THRESHOLDS.fair) ? 'fair' : 'good';
}

/**
 * A link's level over time, with hysteresis so it does not flicker: it gets worse once the last
 * 2 samples are all worse than it (to the better of them), and better once the last 4 are all
 * better (to the worst of them). The first sample sets it directly.
 */
export class QualityTracker {
  #level: QualityLevel | null = null;
  #recent: QualityLevel[] = [];

  /** The level now; null before the first sample. */
  get level(): QualityLevel | null {
    return this.#level;
  }

  /** Adds one interval's numbers (or a level already judged); returns the level after it. */
  push(input: QualityInput | QualityLevel): QualityLevel {
    const raw = typeof input === 'string' ? input : qualityOf(input);
    this.#recent = [...this.#recent, raw].slice(-QUALITY_HYSTERESIS.better);
    const current = this.#level;
    if (current === null) {
      this.#level = raw;
      return raw;
    }
    const last = (n: number) => (this.#recent.length >= n ? this.#recent.slice(-n).map(rank) : []);
    const worse = last(QUALITY_HYSTERESIS.worse);
    const better = last(QUALITY_HYSTERESIS.better);
    if (worse.length && worse.every((r) => r > rank(current))) this.#level = QUALITY_LEVELS[Math.min(...worse)]!;
    else if (better.length && better.every((r) => r < rank(current)))
      this.#level = QUALITY_LEVELS[Math.max(...better)]!;
    return this.#level as QualityLevel;
  }

  /** Forgets everything (a new link). */
  reset(): void {
    this.#level = null;
    this.#recent = [];
  }
}
