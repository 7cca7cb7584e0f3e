/**
 * docs/benchmarks.md's section on the mesh against the SFU mode (bench/sfu.ts measures it, in the
 * network namespace; bench/run.ts keeps its JSON as docs/benchmarks.json's `sfu`). Pure functions
 * of that data, read as the rest of the report reads its rounds: a row's figures come from one
 * round, its median round by time (bench/report.ts's `medianRound`). Unlike the mesh's rows, a
 * time is divided by another whatever the sizes of the first frames: through Janus, both SFU sides
 * ask for the same layer, and the first frame is of whichever layer Janus forwards first (the
 * table gives the sizes).
 */
import { wrap } from './regions.js';
import { frameSizes, medianRound, table, x } from './report.js';
import type { SfuSample, SfuSide } from './sfu-rounds.js';

type Num = number | null;

/** An SFU round as docs/benchmarks.json holds it (NaN written as null). */
export type SfuRound = Omit<SfuSample, 'ms' | 'cpu' | 'sent'> & { ms: Num; cpu: Num; sent: Num };

/** What `node dist/bench/sfu.js --json` writes (docs/benchmarks.json's `sfu`). */
export interface SfuData {
  command: string;
  started: string;
  options: {
    rounds: number;
    meshSizes: number[];
    sfuSizes: number[];
    settleSeconds: number;
    cpuSeconds: number;
    timeoutS: number;
  };
  /** Why no SFU row was measured (no network namespace, no Janus), or null. */
  skipped: string | null;
  /** Why our SFU mode was not measured while the mesh and the floor were, or null. */
  sfuMode: string | null;
  chromium: string;
  /** Every round of every N (keys are N); round i of every side ran in the same round. */
  results: Record<string, Record<SfuSide, SfuRound[]>>;
}

/** The goals of issue 21. */
export const SFU_GOALS = {
  /** Our SFU mode ÷ the floor, time until everyone sees everyone and renderer CPU. */
  floor: 1.2,
  /** Uplink per participant at N = 8 ÷ at N = 2, our SFU mode. */
  uplink: 1.3,
} as const;

const finite = (v: Num | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
const ms = (v: Num | undefined) => (finite(v) ? Math.round(v).toLocaleString('en-US') : 'did not finish');
const fixed = (v: number | undefined, digits = 2) => (v !== undefined && Number.isFinite(v) ? v.toFixed(digits) : '–');
/** `a`'s time ÷ `b`'s, from their median rounds, where both finished. */
function timeRatio(data: SfuData, n: number, a: SfuSide, b: SfuSide): number | undefined {
  const [ta, tb] = [median(data, n, a)?.ms, median(data, n, b)?.ms];
  return finite(ta) && finite(tb) && tb > 0 ? ta / tb : undefined;
}
const ratioText = (r: number | undefined) => (r === undefined ? 'a side did not finish' : x(r));

function sizes(data: SfuData): number[] {
  return Object.keys(data.results)
    .map(Number)
    .sort((a, b) => a - b);
}

function median(data: SfuData, n: number, side: SfuSide) {
  const round = medianRound(data.results[String(n)]?.[side] ?? []);
  return round && { round, ms: round.ms, frames: frameSizes(round) };
}

/** Per participant, from the median round: kB/s uploaded, renderer CPU s/s. */
function perParticipant(data: SfuData, n: number, side: SfuSide) {
  const round = median(data, n, side)?.round;
  return {
    up: round && finite(round.sent) && finite(round.ms) ? round.sent / n / 1000 : undefined,
    cpu: round && finite(round.cpu) && finite(round.ms) ? round.cpu / n : undefined,
  };
}

/** Why a side has no figures at N, or undefined where it was run. */
function absent(data: SfuData, n: number, side: SfuSide): string | undefined {
  if (data.results[String(n)]?.[side]?.length) return undefined;
  if (side === 'sfu' && data.sfuMode && data.options.sfuSizes.includes(n)) return data.sfuMode;
  return 'not run at this N';
}

export function sfuTimeTable(data: SfuData): string {
  const cell = (n: number, side: SfuSide) => {
    const m = median(data, n, side);
    const why = absent(data, n, side);
    return why ? '–' : `${ms(m?.ms)} (${frameSizes(m?.round) || '–'})`;
  };
  const rows = sizes(data).map((n) => [
    String(n),
    cell(n, 'mesh'),
    cell(n, 'sfu'),
    cell(n, 'floor'),
    absent(data, n, 'sfu') ?? ratioText(timeRatio(data, n, 'sfu', 'floor')),
    absent(data, n, 'sfu') ?? absent(data, n, 'mesh') ?? ratioText(timeRatio(data, n, 'sfu', 'mesh')),
  ]);
  return table(
    [
      'N',
      'our mesh: median round, ms (first frames)',
      'our SFU mode',
      'the floor (plain VideoRoom client)',
      'SFU mode ÷ floor',
      'SFU mode ÷ mesh',
    ],
    rows,
    [true, true, true, true, false, false],
  );
}

export function sfuCostTable(data: SfuData): string {
  const two = (side: SfuSide) => perParticipant(data, 2, side).up;
  const rows = sizes(data).map((n) => {
    const sides = (['mesh', 'sfu', 'floor'] as const).map((side) => ({ side, ...perParticipant(data, n, side) }));
    const up = sides.map(({ side, up }) => {
      if (absent(data, n, side)) return '–';
      const base = two(side);
      return `${fixed(up, 0)}${up !== undefined && base ? ` (${x(up / base)})` : ''}`;
    });
    return [String(n), ...up, sides.map(({ side, cpu }) => (absent(data, n, side) ? '–' : fixed(cpu))).join(' / ')];
  });
  return table(
    [
      'N',
      'uplink per participant, kB/s (÷ N = 2): our mesh',
      'our SFU mode',
      'the floor',
      'renderer CPU per participant, s/s: mesh / SFU mode / floor',
    ],
    rows,
    [true, true, true, true, true],
  );
}

const verdict = (ratio: number | undefined, limit: number) =>
  ratio === undefined || !Number.isFinite(ratio)
    ? 'a side did not finish → no verdict'
    : `${x(ratio)} → ${ratio <= limit ? 'met' : 'NOT met'}`;

/** One line per goal of issue 21, from the median rounds. */
export function sfuTargetLines(data: SfuData | undefined): string[] {
  if (!data) return [];
  if (data.skipped) return [`- mesh against SFU: not measured (${data.skipped})`];
  const lines: string[] = [];
  const sfuSizes = sizes(data).filter((n) => data.options.sfuSizes.includes(n));
  for (const n of sfuSizes) {
    const why = absent(data, n, 'sfu');
    if (why) {
      lines.push(`- our SFU mode ≤ ${SFU_GOALS.floor}× the floor at N = ${n}: ${why} → no verdict`);
      continue;
    }
    const ours = perParticipant(data, n, 'sfu').cpu;
    const floor = perParticipant(data, n, 'floor').cpu;
    lines.push(
      `- our SFU mode ≤ ${SFU_GOALS.floor}× the floor at N = ${n}: time until everyone sees everyone ` +
        `${verdict(timeRatio(data, n, 'sfu', 'floor'), SFU_GOALS.floor)}; ` +
        `renderer CPU per participant ${verdict(ours !== undefined && floor ? ours / floor : undefined, SFU_GOALS.floor)}`,
    );
  }
  const growth = (side: SfuSide) => {
    const two = perParticipant(data, 2, side).up;
    const eight = perParticipant(data, 8, side).up;
    return two && eight !== undefined ? eight / two : undefined;
  };
  lines.push(
    `- our SFU mode's uplink per participant at N = 8 ≤ ${SFU_GOALS.uplink}× its N = 2: ` +
      ((absent(data, 8, 'sfu') ?? absent(data, 2, 'sfu'))
        ? `${absent(data, 8, 'sfu') ?? absent(data, 2, 'sfu')} → no verdict`
        : verdict(growth('sfu'), SFU_GOALS.uplink)) +
      ` (the floor: ${growth('floor') === undefined ? '–' : x(growth('floor')!)})`,
  );
  const mesh = sizes(data)
    .filter((n) => !absent(data, n, 'mesh'))
    .map((n) => ({ n, up: perParticipant(data, n, 'mesh').up }));
  if (mesh.length > 1) {
    const grows = mesh.every((m, i) => i === 0 || (m.up ?? 0) > (mesh[i - 1]!.up ?? Number.POSITIVE_INFINITY));
    lines.push(
      `- the mesh's uplink per participant grows with N: ${mesh.map((m) => `${fixed(m.up, 0)} kB/s at N = ${m.n}`).join(', ')} → ` +
        `${grows ? 'it grows' : 'it does NOT grow'}`,
    );
  }
  return lines;
}

/**
 * The headline figures of a run, for "Against the previous run" (bench/report-previous.ts): our SFU
 * mode ÷ the floor at each N, and its uplink per participant at N = 8 ÷ at N = 2.
 */
export function sfuHeadlines(data: SfuData | undefined): Map<string, string> {
  const lines = new Map<string, string>();
  if (!data || data.skipped) return lines;
  for (const n of sizes(data).filter((n) => !absent(data, n, 'sfu') && !absent(data, n, 'floor'))) {
    lines.set(
      `SFU mode ÷ floor, N = ${n} (time until everyone sees everyone)`,
      ratioText(timeRatio(data, n, 'sfu', 'floor')),
    );
  }
  const two = perParticipant(data, 2, 'sfu').up;
  const eight = perParticipant(data, 8, 'sfu').up;
  if (two && eight !== undefined) lines.set('SFU mode uplink per participant, N = 8 ÷ N = 2', x(eight / two));
  return lines;
}

/** docs/benchmarks.md's section, or why there is none. */
export function sfuSection(data: SfuData | undefined): string {
  if (!data) return '(not measured in this run)';
  if (data.skipped) return `Not measured in this run: ${data.skipped}.`;
  const o = data.options;
  return [
    wrap(
      `Written by \`${data.command}\` (run by \`npm run bench\`), ${o.rounds} round${o.rounds === 1 ? '' : 's'}, ` +
        `settling ${o.settleSeconds} s, CPU and uplink over ${o.cpuSeconds} s, a call not rendered fully in ` +
        `${o.timeoutS} s "did not finish"; ${data.chromium}.` +
        (data.sfuMode ? ` Our SFU mode: ${data.sfuMode}.` : ''),
      100,
    ),
    '',
    sfuTimeTable(data),
    '',
    sfuCostTable(data),
    '',
    ...sfuTargetLines(data),
  ].join('\n');
}
