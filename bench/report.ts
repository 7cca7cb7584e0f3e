/** The tables of `npm run bench`: printed, and written to docs/benchmarks.md. */
import type { TtffSide } from './first-frame.js';
import type { MeshResults, MeshSample } from './mesh.js';

export function median(values: readonly number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (!sorted.length) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The median time of rounds where some may not have finished (NaN): an unfinished round counts as
 * slower than any finished one, so a median that lands on one is "did not finish".
 */
export function medianTime(values: readonly number[]): number {
  return median(values.map((v) => (Number.isNaN(v) ? Number.POSITIVE_INFINITY : v)));
}

const ms = (v: number) => (Number.isFinite(v) ? `${Math.round(v).toLocaleString('en-US')}` : 'did not finish');
const ratio = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : '–');

function table(head: string[], rows: string[][], right: boolean[]): string {
  // At least 3 wide: a delimiter cell needs a hyphen (`--:`), or Markdown sees no table.
  const widths = head.map((h, i) => Math.max(3, h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (right[i] ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(head), rule, ...rows.map(line)].join('\n');
}

const LABELS: Record<TtffSide, string> = {
  floor: 'raw floor (2 RTCPeerConnections, candidates handed over directly)',
  peerjs: 'PeerJS 1.5 with its server (peer 1.0)',
  core: 'our core (`Room`) with rtc-signal',
  element: '`<rtc-room>` with rtc-signal',
};

export function ttffTable(times: Record<TtffSide, number[]>): string {
  const floor = median(times.floor);
  const rows = (Object.keys(LABELS) as TtffSide[]).map((side) => {
    const m = median(times[side]);
    const sorted = [...times[side]].sort((a, b) => a - b);
    return [
      LABELS[side],
      ms(m),
      `${ms(sorted[0] ?? Number.NaN)}–${ms(sorted.at(-1) ?? Number.NaN)}`,
      ratio(m / floor),
      String(times[side].length),
    ];
  });
  return table(['time to first remote frame', 'median (ms)', 'range (ms)', '÷ floor', 'rounds'], rows, [
    false,
    true,
    true,
    true,
    true,
  ]);
}

export function meshTable(results: MeshResults): string {
  // A size with no rounds (`--mesh-rounds 0`) has nothing to show: no row of NaNs.
  const measured = Object.entries(results).filter(([, { ours, floor }]) => ours.length || floor.length);
  if (!measured.length) return '(no mesh rounds: `--mesh-rounds 0`)';
  const rows = measured.map(([n, { ours, floor }]) => {
    const m = (list: MeshSample[], key: 'ms' | 'cpu' | 'task') => median(list.map((s) => s[key]));
    const time = (list: MeshSample[]) => {
      const finished = list.filter((s) => Number.isFinite(s.ms));
      const note = finished.length < list.length ? ` (${finished.length} of ${list.length} rounds finished)` : '';
      return `${ms(medianTime(list.map((s) => s.ms)))}${note}`;
    };
    const frame = `${ours.find((s) => s.frame)?.frame ?? ''} / ${floor.find((s) => s.frame)?.frame ?? ''}`;
    return [
      n,
      frame,
      time(floor),
      time(ours),
      ratio(medianTime(ours.map((s) => s.ms)) / medianTime(floor.map((s) => s.ms))),
      m(floor, 'cpu').toFixed(2),
      m(ours, 'cpu').toFixed(2),
      `${m(floor, 'task').toFixed(2)} / ${m(ours, 'task').toFixed(2)}`,
      median(ours.map((s) => s.perPair ?? Number.NaN)).toFixed(2),
    ];
  });
  return table(
    [
      'N',
      'camera sent on one link: ours / floor (encoded size, caps)',
      'floor: all rendered (ms)',
      'ours (ms)',
      'ours ÷ floor',
      'floor CPU (s/s)',
      'ours CPU (s/s)',
      'main thread (s/s) floor / ours',
      'offers+answers per pair',
    ],
    rows,
    [true, false, true, true, true, true, true, true, true],
  );
}
