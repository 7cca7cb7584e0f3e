/**
 * The figures of `npm run bench:stats` (bench/stats-cost.ts) as docs/stats.md quotes them: its
 * `bench:stats` region, made from docs/stats-cost.json (every round's raw values) alone, so
 * test/node/docs.test.ts can make it again from the JSON and compare.
 */
import { wrap } from './regions.js';

/** Everything one `npm run bench:stats` measured: docs/stats-cost.json. */
export interface StatsCostData {
  format: 1;
  command: string;
  /** ISO 8601, UTC. */
  started: string;
  commit: string;
  machine: { cpus: number; cpu: string; loadAverageEnd: number[] };
  options: { rounds: number; windowS: number; intervalMs: number; rooms: number; links: number };
  /** Per round, CPU-ms per second of call: every Chromium process, and the page's main thread (busy, JavaScript). */
  rounds: Array<{
    off: { cpu: number; task: number; script: number };
    on: { cpu: number; task: number; script: number };
  }>;
  /** Wall-clock ms of each sample of one room (its 3 links' getStats included). */
  sampleTimes: number[];
  /** ms of JavaScript to turn one room's 3 reports into a sample, timed alone. */
  readCosts: number[];
}

export function median(list: readonly number[]): number {
  const s = [...list].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const signed = (v: number, digits: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(digits)}`;

/** docs/stats.md's `bench:stats` region. */
export function statsRegion(data: StatsCostData): string {
  const { options: o, rounds } = data;
  const read = median(data.readCosts);
  const perSecond = (read * o.rooms * 1000) / o.intervalMs;
  const diffs = (pick: (r: StatsCostData['rounds'][number]['on']) => number, digits: number) => {
    const each = rounds.map((r) => pick(r.on) - pick(r.off));
    return `${each.map((d) => signed(d, digits)).join(', ')} (median ${signed(median(each), digits)})`;
  };
  const head =
    `The last run (\`${data.command}\` at ${data.commit}, ${data.started.slice(0, 16).replace('T', ' ')} UTC; ` +
    `${rounds.length} round${rounds.length === 1 ? '' : 's'} of ${o.windowS} s off and on; load average at the end ` +
    `${data.machine.loadAverageEnd[0]?.toFixed(2)} on ${data.machine.cpus} cores; every value in ` +
    '[`stats-cost.json`](stats-cost.json)):';
  const items = [
    `the sampler's own JavaScript, timed alone (one room's ${o.links / o.rooms} reports into a sample, ` +
      `${data.readCosts.length} times): median ${read.toFixed(2)} ms; for the ${o.rooms} samplers, ` +
      `${perSecond.toFixed(1)} ms of JavaScript per second of call (${(perSecond / 10).toFixed(2)} % of one core)`,
    `the page's JavaScript, samplers on minus off, round by round: ${diffs((m) => m.script, 1)} ms per second of call`,
    `the whole browser's CPU, samplers on minus off, round by round: ${diffs((m) => m.cpu, 0)} CPU-ms per ` +
      `second of call, against a median ${median(rounds.map((r) => r.off.cpu)).toFixed(0)} with the samplers off ` +
      '(the call itself, whose video coding varies between windows)',
    `one sample of one room (${o.links / o.rooms} links, \`getStats\` included), wall clock: median ` +
      `${median(data.sampleTimes).toFixed(1)} ms over ${data.sampleTimes.length} samples`,
  ];
  return `\n${wrap(head, 100)}\n\n${items.map((item) => wrap(item, 100, '  ', '- ')).join('\n')}\n`;
}
