/**
 * docs/benchmarks.md's section "Against the previous run": every headline figure of this run beside
 * the same figure of the run before it. `npm run bench` keeps the previous docs/benchmarks.json
 * (without its own `previous`, and without the signaling benchmark's printout) as this run's
 * `previous`, so both sides are computed here by the same functions from raw rounds, and
 * test/node/docs.test.ts checks the section like every other.
 *
 * Two runs are minutes or days apart on a shared machine, so an absolute time says little on its
 * own: each time is given with its ratio to the floor measured in the same run, which is what a
 * regression moves.
 */
import {
  type BenchData,
  type Comparison,
  measuredSizes,
  medianRound,
  pairedRatios,
  SIDES,
  TTFF_LABELS,
  table,
  ttffComparison,
  meshComparison,
  frameSizes,
  x,
} from './report.js';
import { sfuHeadlines } from './report-sfu.js';

/** What a run keeps of the run before it (docs/benchmarks.json's `previous`). */
export type PreviousRun = NonNullable<BenchData['previous']>;

/** The previous run as this run keeps it: no chain of runs, no printout. */
export function asPrevious(data: BenchData): PreviousRun {
  const { previous: _dropped, ...rest } = data;
  return { ...rest, signal: { ...rest.signal, output: '' } };
}

const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
const ms = (v: number | null | undefined) =>
  finite(v) ? `${Math.round(v).toLocaleString('en-US')} ms` : 'did not finish';
const ratioText = (c: Comparison) =>
  'ratio' in c ? x(c.ratio) : c.notComparable.replace(/^not like for like: first frames (.*)$/, 'no ratio: $1');
/** This ÷ previous, where both are numbers. */
const change = (now: number | null | undefined, before: number | null | undefined) =>
  finite(now) && finite(before) && before > 0 ? x(now / before) : '–';

const middle = (values: readonly number[]) => {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

type Row = [figure: string, before: string, now: string, change: string];

function ttffRows(now: BenchData, before: PreviousRun): Row[] {
  return SIDES.flatMap((side): Row[] => {
    const a = medianRound(before.ttff[side] ?? []);
    const b = medianRound(now.ttff[side] ?? []);
    if (!a && !b) return [];
    const cell = (r: typeof a) => (r ? `${ms(r.ms)} (${r.frame})` : 'not measured');
    const rows: Row[] = [[`first frame, ${TTFF_LABELS[side]}`, cell(a), cell(b), change(b?.ms, a?.ms)]];
    if (side !== 'floor') {
      rows.push([
        '(÷ the floor of the same run)',
        ratioText(ttffComparison(before as BenchData, side)),
        ratioText(ttffComparison(now, side)),
        '',
      ]);
    }
    return rows;
  });
}

function meshRows(now: BenchData, before: PreviousRun): Row[] {
  const sizes = [...new Set([...measuredSizes(now), ...measuredSizes(before as BenchData)])].sort((a, b) => a - b);
  return sizes.flatMap((n): Row[] => {
    const side = (data: BenchData | PreviousRun, which: 'ours' | 'floor') =>
      medianRound(data.mesh[String(n)]?.[which] ?? []);
    const cell = (r: ReturnType<typeof side>) => (r ? `${ms(r.ms)} (${frameSizes(r) || '?'})` : 'not measured');
    return [
      [
        `mesh of ${n}, ours`,
        cell(side(before, 'ours')),
        cell(side(now, 'ours')),
        change(side(now, 'ours')?.ms, side(before, 'ours')?.ms),
      ],
      [
        `mesh of ${n}, floor`,
        cell(side(before, 'floor')),
        cell(side(now, 'floor')),
        change(side(now, 'floor')?.ms, side(before, 'floor')?.ms),
      ],
      ['(ours ÷ floor)', ratioText(meshComparison(before as BenchData, n)), ratioText(meshComparison(now, n)), ''],
    ];
  });
}

function loadRows(now: BenchData, before: PreviousRun): Row[] {
  const median = (data: BenchData | PreviousRun) => {
    const loads = data.pageLoad ?? [];
    return loads.length
      ? [...loads].sort((a, b) => a.lobbyShownMs - b.lobbyShownMs)[Math.floor((loads.length - 1) / 2)]
      : undefined;
  };
  const a = median(before);
  const b = median(now);
  if (!a && !b) return [];
  const n = (v: number | undefined, unit = '') =>
    finite(v) ? `${Math.round(v).toLocaleString('en-US')}${unit}` : 'not measured';
  return [
    ['demo first load: requests', n(a?.requests), n(b?.requests), change(b?.requests, a?.requests)],
    [
      'demo first load: bytes',
      n(a?.transferredBytes),
      n(b?.transferredBytes),
      change(b?.transferredBytes, a?.transferredBytes),
    ],
    [
      'demo first load: lobby shown',
      n(a?.lobbyShownMs, ' ms'),
      n(b?.lobbyShownMs, ' ms'),
      change(b?.lobbyShownMs, a?.lobbyShownMs),
    ],
  ];
}

function sizeRows(now: BenchData, before: PreviousRun): Row[] {
  const ours = now.sizes.results.filter((r) => r.entry.ours);
  return ours.map((r): Row => {
    const old = before.sizes.results.find((o) => o.entry.name === r.entry.name);
    return [
      `gzip bytes, ${r.entry.name}`,
      old ? old.gzip.toLocaleString('en-US') : 'not measured',
      r.gzip.toLocaleString('en-US'),
      change(r.gzip, old?.gzip),
    ];
  });
}

function signalRows(now: BenchData, before: PreviousRun): Row[] {
  const ratio = (data: BenchData | PreviousRun) => middle(pairedRatios(data.signal.runs ?? [], 'cpuPerMessageUs'));
  const a = ratio(before);
  const b = ratio(now);
  if (a === null && b === null) return [];
  return [['signaling: server CPU per message, ours ÷ PeerJS', a === null ? '–' : x(a), b === null ? '–' : x(b), '']];
}

function sfuRows(now: BenchData, before: PreviousRun): Row[] {
  const [a, b] = [sfuHeadlines(before.sfu), sfuHeadlines(now.sfu)];
  return [...new Set([...a.keys(), ...b.keys()])].map(
    (key): Row => [key, a.get(key) ?? 'not measured', b.get(key) ?? 'not measured', ''],
  );
}

/** The section, or a line saying there is no previous run to compare with. */
export function previousRunSection(data: BenchData): string {
  const before = data.previous;
  if (!before) return '(no previous run was kept: this is the first run of this format)';
  const rows = [
    ...ttffRows(data, before),
    ...meshRows(data, before),
    ...sfuRows(data, before),
    ...loadRows(data, before),
    ...sizeRows(data, before),
    ...signalRows(data, before),
  ];
  const head = [
    'figure (median rounds)',
    `previous run (${before.commit}, ${before.started.slice(0, 16).replace('T', ' ')} UTC)`,
    `this run (${data.commit})`,
    'this ÷ previous',
  ];
  return table(head, rows, [false, true, true, true]);
}
