/**
 * The report of `npm run bench`: docs/benchmarks.md and README.md's `bench:run` region, both made
 * from the run's data alone (docs/benchmarks.json, which bench/run.ts writes beside it with every
 * round's raw values). Pure functions of that data, so test/node/docs.test.ts can render them again
 * from the JSON and compare with the documents: a figure edited by hand fails `npm test`.
 *
 * What the text claims is computed from what the run measured: a row's figures all come from its
 * median round; a ratio to the floor is given only where both sides presented first frames of the
 * same size (otherwise the two did different work, and the row says so with the sizes).
 */
import type { TtffSample, TtffSide } from './first-frame.js';
import type { MeshSample } from './mesh.js';
import type { ImpairData } from './report-impair.js';
import type { ProcessorsData } from './report-processors.js';
import type { SfuData } from './report-sfu.js';
import type { Budget, Goal } from './size-measure.js';
import type { Measured } from './size-report.js';

/** A number as JSON keeps it: NaN (a round that did not finish) is written as null. */
type Num = number | null;

/** A mesh round as docs/benchmarks.json holds it. */
export type MeshRound = Omit<MeshSample, 'ms' | 'cpu' | 'task'> & { ms: Num; cpu: Num; task: Num };

/** One run of the signaling benchmark (bench/signal/run.ts's RunResult; the fields the report reads). */
export interface SignalRun {
  server: 'ours' | 'peerjs';
  round: number;
  cpuPerMessageUs: Num;
  memoryPerConnection: Num;
  heapPerConnection: Num;
  sent: number;
  lost: number;
  [field: string]: unknown;
}

/** Everything `npm run bench` measured: docs/benchmarks.json. */
export interface BenchData {
  format: 1;
  /** The command line that wrote it. */
  command: string;
  /** When the run started (ISO 8601, UTC). */
  started: string;
  /** `git rev-parse --short HEAD`, with ` + uncommitted changes` when the tree was not clean. */
  commit: string;
  machine: {
    cpus: number;
    cpu: string;
    memoryGiB: number;
    os: string;
    node: string;
    chromium: string;
    loadAverageEnd: number[];
    /** The 1-minute load average read every 10 s through the run: how many reads, their mean and highest (absent before). */
    loadDuring?: { reads: number; mean: number; max: number };
  };
  options: {
    rounds: number;
    meshRounds: number;
    sizes: number[];
    cpuSeconds: number;
    meshTimeoutS: number;
    signal: string;
    /** Rounds of the processors bench (`--processors`; absent from runs before it was part). */
    processors?: number;
    /** Engines of the impairment bench, or `skip` (`--impair`; absent from runs before it was part). */
    impair?: string;
  };
  /** Every round of every side, in the order measured. */
  ttff: Record<TtffSide, TtffSample[]>;
  /** Every round of every N (keys are N), ours and the floor; round i of both ran in the same round. */
  mesh: Record<string, { ours: MeshRound[]; floor: MeshRound[] }>;
  sizes: { results: Measured[]; budgets: Budget[]; goals: Goal[] };
  /** The mesh against the SFU mode (bench/sfu.ts, bench/report-sfu.ts); absent from runs before it was measured. */
  sfu?: SfuData;
  /** The processors' costs and the blur call (bench/processors-cost.ts); absent from runs before it was part. */
  processors?: ProcessorsData;
  /** What each bad network does to a call (bench/impair.ts); absent from runs before it was part. */
  impair?: ImpairData;
  /** The demo's first loads (bench/page-load.ts), in order; absent from runs before it was measured. */
  pageLoad?: { requests: number; transferredBytes: number; lobbyShownMs: number }[];
  signal: {
    command: string;
    exitCode: number | null;
    /** What it printed. */
    output: string;
    /** Its `--json` output's runs (null when it wrote none). */
    runs: SignalRun[] | null;
    quick: boolean;
    connections: number | null;
    rounds: number | null;
  };
  /**
   * The run before this one, as it was (raw rounds; without its own `previous` and the signaling
   * printout), for docs/benchmarks.md's side-by-side section (bench/report-previous.ts). Absent
   * from the first run of this format.
   */
  previous?: Omit<BenchData, 'previous'>;
}

export const TTFF_LABELS: Record<TtffSide, string> = {
  floor: 'raw floor (2 RTCPeerConnections, candidates handed over directly)',
  peerjs: 'PeerJS 1.5 with its server (peer 1.0)',
  core: 'our core (`Room`) with rtc-signal',
  element: '`<rtc-room>` with rtc-signal',
};
const SHORT: Record<TtffSide, string> = {
  floor: 'the floor',
  peerjs: 'PeerJS',
  core: 'our core',
  element: '`<rtc-room>`',
};

/** The targets set for `npm run bench` (issue 11). */
export const TARGETS = { core: 1.15, element: 1.25, mesh: 1.3 } as const;

const finite = (v: Num | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
const ms = (v: Num | undefined) => (finite(v) ? Math.round(v).toLocaleString('en-US') : 'did not finish');
export const x = (v: number) => `${v.toFixed(2)}×`;
const fixed = (v: Num | undefined, digits = 2) => (finite(v) ? v.toFixed(digits) : '–');

/**
 * The median round of `rounds` by time: sorted (a round that did not finish counts as slower than
 * any that did), the middle one; of an even count, the faster of the two middle ones. Every
 * figure of a row is taken from this one round.
 */
export function medianRound<T extends { ms: Num }>(rounds: readonly T[]): T | undefined {
  const sorted = [...rounds].sort(
    (a, b) => (finite(a.ms) ? a.ms : Number.POSITIVE_INFINITY) - (finite(b.ms) ? b.ms : Number.POSITIVE_INFINITY),
  );
  return sorted[(sorted.length - 1) >> 1];
}

/** The sizes of a mesh round's first frames, as one comparable string (`240x180` or `240x180, 320x240`). */
export function frameSizes(round: { firstFrames?: Record<string, number> } | undefined): string {
  return Object.keys(round?.firstFrames ?? {})
    .sort()
    .join(', ');
}

/** `240x180 ×12` or `240x180 ×10, 320x240 ×2`. */
function frameCounts(round: { firstFrames?: Record<string, number> } | undefined): string {
  return (
    Object.entries(round?.firstFrames ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([size, count]) => `${size} ×${count}`)
      .join(', ') || '–'
  );
}

/** Two sides' times compared: a ratio where they did the same work, else why not. */
export type Comparison = { ratio: number } | { notComparable: string };

/** `a` against `b` when both presented first frames of the same size (and both finished). */
export function compare(a: { ms: Num; frames: string } | undefined, b: { ms: Num; frames: string } | undefined) {
  if (!a || !b) return { notComparable: 'not measured' } satisfies Comparison;
  if (!finite(a.ms) || !finite(b.ms)) return { notComparable: 'a side did not finish' } satisfies Comparison;
  if (!a.frames || !b.frames || a.frames !== b.frames) {
    return {
      notComparable: `not like for like: first frames ${a.frames || 'unknown'} vs ${b.frames || 'unknown'}`,
    } satisfies Comparison;
  }
  return { ratio: a.ms / b.ms } satisfies Comparison;
}

const comparisonText = (c: Comparison) => ('ratio' in c ? x(c.ratio) : c.notComparable);

export function table(head: string[], rows: string[][], right: boolean[]): string {
  // At least 3 wide: a delimiter cell needs a hyphen (`--:`), or Markdown sees no table.
  const widths = head.map((h, i) => Math.max(3, h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (right[i] ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(head), rule, ...rows.map(line)].join('\n');
}

// ---- Time to first frame ------------------------------------------------------------------------

export const SIDES = Object.keys(TTFF_LABELS) as TtffSide[];

function ttffMedian(data: BenchData, side: TtffSide) {
  const round = medianRound(data.ttff[side] ?? []);
  return round && { ms: round.ms, frames: round.frame };
}

/** `side` against the floor (or `base`), from their median rounds. */
export function ttffComparison(data: BenchData, side: TtffSide, base: TtffSide = 'floor'): Comparison {
  return compare(ttffMedian(data, side), ttffMedian(data, base));
}

export function ttffTable(data: BenchData): string {
  if (!SIDES.some((side) => data.ttff[side]?.length)) return '(no rounds: `--rounds 0`)';
  const rows = SIDES.map((side) => {
    const rounds = data.ttff[side] ?? [];
    const median = medianRound(rounds);
    const sorted = rounds.map((r) => r.ms).sort((a, b) => a - b);
    return [
      TTFF_LABELS[side],
      ms(median?.ms),
      median?.frame ?? '–',
      `${ms(sorted[0])}–${ms(sorted.at(-1))}`,
      side === 'floor' ? '1.00×' : comparisonText(ttffComparison(data, side)),
      String(rounds.length),
    ];
  });
  return table(
    ['time to first remote frame', 'median round (ms)', 'its first frame', 'min–max (ms)', '÷ floor', 'rounds'],
    rows,
    [false, true, true, true, true, true],
  );
}

/** Every round's first-frame size, per side: `320x240 ×12, 640x480 ×3`. */
export function ttffFrameSpread(data: BenchData): string {
  return SIDES.map((side) => {
    const counts: Record<string, number> = {};
    for (const round of data.ttff[side] ?? []) counts[round.frame] = (counts[round.frame] ?? 0) + 1;
    return `- ${SHORT[side]}: ${frameCounts({ firstFrames: counts })}`;
  }).join('\n');
}

// ---- Mesh ---------------------------------------------------------------------------------------

function meshMedian(data: BenchData, n: number, side: 'ours' | 'floor') {
  const round = medianRound(data.mesh[String(n)]?.[side] ?? []);
  return round && { round, ms: round.ms, frames: frameSizes(round) };
}

/** Ours against the floor for a mesh of `n`, from their median rounds. */
export function meshComparison(data: BenchData, n: number): Comparison {
  return compare(meshMedian(data, n, 'ours'), meshMedian(data, n, 'floor'));
}

export function measuredSizes(data: BenchData): number[] {
  return Object.keys(data.mesh)
    .map(Number)
    .filter((n) => data.mesh[String(n)]!.ours.length || data.mesh[String(n)]!.floor.length)
    .sort((a, b) => a - b);
}

export function meshTimeTable(data: BenchData): string {
  const sizes = measuredSizes(data);
  if (!sizes.length) return '(no mesh rounds: `--mesh-rounds 0`)';
  const rows = sizes.map((n) => {
    const { ours, floor } = data.mesh[String(n)]!;
    const every = (list: MeshRound[]) => list.map((r) => ms(r.ms)).join(' · ');
    const c = meshComparison(data, n);
    const perRound =
      'ratio' in c && ours.length > 1
        ? ` (every round: ${ours.map((o, i) => (finite(o.ms) && finite(floor[i]?.ms) ? x(o.ms / floor[i]!.ms!) : '–')).join(' · ')})`
        : '';
    return [
      String(n),
      ms(meshMedian(data, n, 'floor')?.ms),
      every(floor),
      ms(meshMedian(data, n, 'ours')?.ms),
      every(ours),
      `${frameCounts(meshMedian(data, n, 'ours')?.round)} / ${frameCounts(meshMedian(data, n, 'floor')?.round)}`,
      `${comparisonText(c)}${perRound}`,
    ];
  });
  return table(
    [
      'N',
      'floor: median round (ms)',
      'floor: every round (ms)',
      'ours: median round (ms)',
      'ours: every round (ms)',
      'first frames, median rounds: ours / floor',
      'ours ÷ floor',
    ],
    rows,
    [true, true, true, true, true, false, false],
  );
}

export function meshCostTable(data: BenchData): string {
  const sizes = measuredSizes(data);
  if (!sizes.length) return '(no mesh rounds: `--mesh-rounds 0`)';
  const rows = sizes.map((n) => {
    const ours = meshMedian(data, n, 'ours')?.round;
    const floor = meshMedian(data, n, 'floor')?.round;
    return [
      String(n),
      `${ours?.frame || '–'} / ${floor?.frame || '–'}`,
      `${fixed(floor?.cpu)} / ${fixed(ours?.cpu)}`,
      `${fixed(floor?.task)} / ${fixed(ours?.task)}`,
      fixed(ours?.perPair),
    ];
  });
  return table(
    [
      'N',
      'one link after the CPU window, median rounds: ours / floor (encoded size, caps)',
      'renderer CPU (s/s): floor / ours',
      'main thread (s/s): floor / ours',
      'offers+answers per pair (ours)',
    ],
    rows,
    [true, false, true, true, true],
  );
}

// ---- Targets ------------------------------------------------------------------------------------

const verdict = (c: Comparison, limit: number, strict = false) =>
  'ratio' in c
    ? `${x(c.ratio)} → ${(strict ? c.ratio < limit : c.ratio <= limit) ? 'met' : 'NOT met'}`
    : `${c.notComparable} → no verdict`;

/** One line per target, from the median rounds. */
export function targetLines(data: BenchData): string[] {
  const lines: string[] = [];
  if (data.ttff.floor?.length) {
    lines.push(
      `- our core ≤ ${TARGETS.core}× the floor: ${verdict(ttffComparison(data, 'core'), TARGETS.core)}; ` +
        `faster than PeerJS: ${verdict(ttffComparison(data, 'core', 'peerjs'), 1, true)}`,
      `- \`<rtc-room>\` ≤ ${TARGETS.element}× the floor: ${verdict(ttffComparison(data, 'element'), TARGETS.element)}`,
    );
  }
  const sizes = measuredSizes(data);
  for (const n of [4, 6].filter((n) => sizes.includes(n))) {
    lines.push(`- mesh of ${n} ≤ ${TARGETS.mesh}× the floor: ${verdict(meshComparison(data, n), TARGETS.mesh)}`);
  }
  if (sizes.includes(8)) {
    const ours = data.mesh['8']!.ours;
    const done = ours.filter((r) => finite(r.ms)).length;
    lines.push(
      `- mesh of 8 completes: ${done} of ${ours.length} rounds (median round ${finite(medianRound(ours)?.ms) ? `${ms(medianRound(ours)?.ms)} ms` : 'did not finish'}) → ` +
        `${done === ours.length && ours.length ? 'met' : 'NOT met'}`,
    );
  }
  return lines;
}

// ---- Signaling ----------------------------------------------------------------------------------

/** Ours / PeerJS within each round, for one field of the signal runs. */
export function pairedRatios(
  runs: readonly SignalRun[],
  field: 'cpuPerMessageUs' | 'memoryPerConnection' | 'heapPerConnection',
) {
  const rounds = [...new Set(runs.map((r) => r.round))].sort((a, b) => a - b);
  return rounds.flatMap((round) => {
    const ours = runs.find((r) => r.round === round && r.server === 'ours')?.[field];
    const theirs = runs.find((r) => r.round === round && r.server === 'peerjs')?.[field];
    return finite(ours) && finite(theirs) && theirs > 0 ? [ours / theirs] : [];
  });
}

const middle = (values: readonly number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** The signaling figures in a sentence, or why there are none. */
export function signalSummary(data: BenchData): string {
  const { signal } = data;
  if (!signal.runs?.length)
    return `signaling: no figures (\`${signal.command}\`: ${signal.output.trim().split('\n').at(-1) ?? 'no output'})`;
  const runs = signal.runs;
  const paired = (field: 'cpuPerMessageUs' | 'memoryPerConnection' | 'heapPerConnection') => {
    const ratios = pairedRatios(runs, field);
    if (!ratios.length) return 'n/a';
    const each = ratios.length > 1 ? ` (rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')})` : '';
    return `${x(middle(ratios))}${each}`;
  };
  const lost = (server: 'ours' | 'peerjs') => {
    const mine = runs.filter((r) => r.server === server);
    return `${mine.reduce((s, r) => s + r.lost, 0)} of ${mine.reduce((s, r) => s + r.sent, 0)}`;
  };
  const shape = `${signal.connections ?? '?'} connections, ${signal.rounds ?? '?'} round${signal.rounds === 1 ? '' : 's'}${signal.quick ? ', the quick run' : ''}`;
  return (
    `signaling (\`${signal.command}\`: ${shape}), ours / PeerJS in the same round, median: server CPU per ` +
    `relayed message ${paired('cpuPerMessageUs')}, memory per idle connection ${paired('memoryPerConnection')} ` +
    `(RSS; V8 heap ${paired('heapPerConnection')}); messages lost: ours ${lost('ours')}, PeerJS ${lost('peerjs')}`
  );
}
