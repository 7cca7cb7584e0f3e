/**
 * The report's part for `--redis` and `--processes 2`: every server's medians side by side, each
 * Redis variant against ours in memory round by round (they ran at the same time), and the goals
 * of issue 27 (Redis mode at most 1.2x the memory and 1.15x the CPU of ours in memory; a message
 * between two processes, redis-server's CPU counted, at most 1.5x).
 */
import { type Options, type ServerKey, serverKeys } from './options.js';
import { median } from './util.js';
import { ADAPTERS, ours } from './adapters.js';
import type { RunResult } from './run.js';
import { fmt, metrics, table } from './report.js';

/** `a / b`, or why not. */
function ratioText(a: number, b: number): string {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return 'n/a';
  if (b === 0) return a === 0 ? '1.00 (both 0)' : 'n/a (ours 0)';
  return fmt(a / b, 2);
}

/** The rows of the side-by-side table (the full tables above have the rest). */
const ROWS: ReadonlyArray<{ name: string; get: (r: RunResult) => number; digits: number }> = [
  { name: 'CPU per relayed message, redis-server counted (us)', get: (r) => r.cpuPerMessageUs, digits: 1 },
  { name: '  of which redis-server (us)', get: (r) => r.redisCpuPerMessageUs, digits: 1 },
  { name: 'memory per idle connection, signaling RSS (bytes)', get: (r) => r.memoryPerConnection, digits: 0 },
  { name: '  same, V8 heap+external only (bytes)', get: (r) => r.heapPerConnection, digits: 0 },
  { name: 'redis-server memory per idle connection (bytes)', get: (r) => r.redisMemoryPerConnection, digits: 0 },
  { name: 'CPU per connection+join (us)', get: (r) => r.cpuPerJoinUs, digits: 0 },
  { name: 'idle CPU (% of a core)', get: (r) => r.idleCpuPercent, digits: 2 },
  { name: 'relay latency p50 (ms)', get: (r) => r.latencyP50, digits: 2 },
  { name: 'relay latency p99 (ms)', get: (r) => r.latencyP99, digits: 2 },
  { name: 'messages lost', get: (r) => r.lost, digits: 0 },
];

/** Goals: a variant's figure over ours in memory, at most `max`. */
const GOALS: ReadonlyArray<{ key: ServerKey; what: string; get: (r: RunResult) => number; max: number }> = [
  { key: 'redis', what: 'memory per idle connection (RSS)', get: (r) => r.memoryPerConnection, max: 1.2 },
  { key: 'redis', what: 'CPU per message, pairs on one process', get: (r) => r.cpuPerMessageUs, max: 1.15 },
  { key: 'two', what: 'CPU per message between two processes', get: (r) => r.cpuPerMessageUs, max: 1.5 },
];

/** `variant / ours` within each round where both ran. */
function perRound(all: RunResult[], key: ServerKey, get: (r: RunResult) => number): Array<number | undefined> {
  const rounds = [...new Set(all.map((r) => r.round))].sort((x, y) => x - y);
  return rounds.map((round) => {
    const a = all.find((r) => r.server === key && r.round === round);
    const b = all.find((r) => r.server === 'ours' && r.round === round);
    if (!a || !b) return undefined;
    const va = get(a);
    const vb = get(b);
    return Number.isFinite(va) && Number.isFinite(vb) && vb !== 0 ? va / vb : undefined;
  });
}

export function scaleReport(opts: Options, all: RunResult[]): string[] {
  const keys = serverKeys(opts);
  const variants: ServerKey[] = keys.filter((k) => k === 'redis' || k === 'two');
  const lines: string[] = [];
  const medianOf = (key: ServerKey, get: (r: RunResult) => number) =>
    median(all.filter((r) => r.server === key).map(get));
  const side = ROWS.map((row) => [
    row.name,
    ...keys.map((k) => fmt(medianOf(k, row.get), row.digits)),
    ...variants.map((k) => ratioText(medianOf(k, row.get), medianOf('ours', row.get))),
  ]);
  lines.push(
    '',
    '### side by side, medians (the servers ran at the same time; redis-server counted where there is one)',
    '',
    table(['metric', ...keys.map((k) => ADAPTERS[k].label), ...variants.map((k) => `${k} / ours`)], side),
  );
  const rounds = [...new Set(all.map((r) => r.round))].sort((x, y) => x - y);
  const pairedRows = variants.flatMap((key) =>
    metrics(opts, ours)
      .filter((m) => m.paired)
      .concat([{ name: 'relay latency p99 (ms)', get: (r) => r.latencyP99, digits: 2, ratio: true }])
      .map((m) => {
        const ratios = perRound(all, key, m.get);
        const finite = ratios.filter((q): q is number => q !== undefined);
        return [
          `${key}: ${m.name.replace(/ \((us|bytes|ms)\)$/, '')}`,
          ...ratios.map((q) => (q === undefined ? 'n/a' : fmt(q, 2))),
          fmt(median(finite), 2),
        ];
      }),
  );
  lines.push(
    '',
    '### paired ratios against ours in memory, round by round (same round, same machine)',
    '',
    table(['metric', ...rounds.map((round) => `r${round}`), 'median'], pairedRows),
    '',
    'Goals against ours in memory (issue 27; ratios of the paired per-round figures):',
  );
  for (const goal of GOALS) {
    if (!variants.includes(goal.key)) continue;
    const ratios = perRound(all, goal.key, goal.get).filter((q): q is number => q !== undefined);
    const mid = median(ratios);
    const verdict = !Number.isFinite(mid) ? 'not measured' : mid <= goal.max ? 'MET' : 'NOT MET';
    lines.push(
      `  ${ADAPTERS[goal.key].label}, ${goal.what}: ${ratios.map((q) => fmt(q, 2)).join(' ')} (median ${fmt(mid, 2)}, goal <= ${fmt(goal.max, 2)}) -> ${verdict}`,
    );
  }
  return lines;
}
