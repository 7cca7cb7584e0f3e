/**
 * A sharp picture, not only a first one (issue 24): of the time-to-first-frame rounds, the time
 * until each side presents a frame at the camera's full width (640), for docs/benchmarks.md and
 * the targets. Every side's full-width frame is the same size, so every ratio is like for like.
 */
import type { TtffSample } from './first-frame.js';
import { type BenchData, medianRound, SIDES, TTFF_LABELS, table, x } from './report.js';

/** The goal: the first full-width frame of two people at most this many times the floor's. */
export const SHARP_GOAL = 1.3;

type Num = number | null;
const finite = (v: Num | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
const ms = (v: Num | undefined) => (finite(v) ? Math.round(v).toLocaleString('en-US') : 'none within 10 s');

/** The rounds of `side` that measured the full width, as `{ ms }` (null: it never came). */
function fullRounds(data: BenchData, side: keyof BenchData['ttff']): { ms: Num }[] {
  return (data.ttff[side] ?? [])
    .filter((r: TtffSample) => r.full !== undefined)
    .map((r: TtffSample) => ({ ms: r.full ?? null }));
}

/** The median round's full-width time of `side` (undefined: not measured). */
function fullMedian(data: BenchData, side: keyof BenchData['ttff']): Num | undefined {
  const rounds = fullRounds(data, side);
  return rounds.length ? (medianRound(rounds)?.ms ?? null) : undefined;
}

/** `side`'s median full-width time ÷ the floor's, or why there is none. */
export function sharpRatio(data: BenchData, side: keyof BenchData['ttff']): { ratio: number } | { none: string } {
  const mine = fullMedian(data, side);
  const floor = fullMedian(data, 'floor');
  if (mine === undefined || floor === undefined) return { none: 'not measured' };
  if (!finite(mine) || !finite(floor)) return { none: 'a side never reached the full width' };
  return { ratio: mine / floor };
}

/** The table: per side, the median round's time to the first full-width frame, every round, ÷ floor. */
export function sharpTable(data: BenchData): string {
  if (!SIDES.some((side) => fullRounds(data, side).length)) return '(not measured in this run)';
  const rows = SIDES.map((side) => {
    const rounds = fullRounds(data, side);
    const c = side === 'floor' ? { ratio: 1 } : sharpRatio(data, side);
    return [
      TTFF_LABELS[side],
      ms(fullMedian(data, side)),
      rounds.map((r) => ms(r.ms)).join(' · ') || '–',
      'ratio' in c ? x(c.ratio) : c.none,
    ];
  });
  return table(['first remote frame at full width (640)', 'median round (ms)', 'every round (ms)', '÷ floor'], rows, [
    false,
    true,
    true,
    true,
  ]);
}

/** The target lines: our core and `<rtc-room>` against the floor. */
export function sharpTargetLines(data: BenchData): string[] {
  if (!fullRounds(data, 'floor').length) return [];
  return (['core', 'element'] as const).map((side) => {
    const c = sharpRatio(data, side);
    const label = side === 'core' ? 'our core' : '`<rtc-room>`';
    return (
      `- ${label}'s first full-width frame ≤ ${SHARP_GOAL}× the floor's: ` +
      ('ratio' in c ? `${x(c.ratio)} → ${c.ratio <= SHARP_GOAL ? 'met' : 'NOT met'}` : `${c.none} → no verdict`)
    );
  });
}
