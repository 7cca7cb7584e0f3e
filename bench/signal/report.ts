/** The report: one table per server, the ratios ours / PeerJS, round by round, and the verdict. */
import { type Options, together, serverKeys } from './options.js';
import { median } from './util.js';
import { type Adapter, ours, ADAPTERS } from './adapters.js';
import type { RunResult } from './run.js';
import { scaleReport } from './report-scale.js';

export function fmt(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

export interface Metric {
  name: string;
  get: (r: RunResult) => number;
  digits: number;
  /** Included in the ratio table. */
  ratio: boolean;
  /** Also in the table of per-round (paired) ratios. */
  paired?: boolean;
}

export function metrics(opts: Options, adapter: Adapter): Metric[] {
  const n = opts.connections;
  // One generator drives both servers' loads when they run together.
  const generator = together(opts) ? 'generator (both loads)' : 'generator';
  return [
    { name: `connections held after connect (of ${n})`, get: (r) => r.heldAfterConnect, digits: 0, ratio: true },
    { name: `connections held at end (of ${n})`, get: (r) => r.heldAtEnd, digits: 0, ratio: true },
    { name: `join p50, open -> ${adapter.readyName} (ms)`, get: (r) => r.joinOpenP50, digits: 2, ratio: true },
    { name: `join p99, open -> ${adapter.readyName} (ms)`, get: (r) => r.joinOpenP99, digits: 2, ratio: true },
    {
      name: `connect+join p50, start -> ${adapter.readyName} (ms)`,
      get: (r) => r.joinStartP50,
      digits: 2,
      ratio: true,
    },
    {
      name: `connect+join p99, start -> ${adapter.readyName} (ms)`,
      get: (r) => r.joinStartP99,
      digits: 2,
      ratio: true,
    },
    { name: 'server CPU per connection+join (us)', get: (r) => r.cpuPerJoinUs, digits: 0, ratio: true },
    { name: 'server RSS before connecting (MiB)', get: (r) => r.rssBefore / 2 ** 20, digits: 1, ratio: false },
    { name: 'server RSS with connections idle (MiB)', get: (r) => r.rssIdle / 2 ** 20, digits: 1, ratio: false },
    {
      name: 'server memory per idle connection, RSS (bytes)',
      get: (r) => r.memoryPerConnection,
      digits: 0,
      ratio: true,
      paired: true,
    },
    {
      name: '  same, V8 heap+external only (bytes)',
      get: (r) => r.heapPerConnection,
      digits: 0,
      ratio: true,
      paired: true,
    },
    { name: 'messages sent', get: (r) => r.sent, digits: 0, ratio: false },
    { name: 'messages relayed (received)', get: (r) => r.relayed, digits: 0, ratio: false },
    { name: 'server CPU in relay phase (ms)', get: (r) => r.serverCpuMs, digits: 0, ratio: false },
    { name: `server CPU idle, ${n} conns (% of a core)`, get: (r) => r.idleCpuPercent, digits: 2, ratio: true },
    {
      name: 'server CPU per relayed message (us)',
      get: (r) => r.cpuPerMessageUs,
      digits: 1,
      ratio: true,
      paired: true,
    },
    { name: '  same, net of idle CPU (us)', get: (r) => r.netCpuPerMessageUs, digits: 1, ratio: true },
    ...(adapter.redis
      ? [
          {
            name: '  of which redis-server (us)',
            get: (r: RunResult) => r.redisCpuPerMessageUs,
            digits: 1,
            ratio: false,
          },
          {
            name: 'redis-server memory per idle connection, RSS (bytes)',
            get: (r: RunResult) => r.redisMemoryPerConnection,
            digits: 0,
            ratio: false,
          },
        ]
      : []),
    {
      name: '  same, user-space only (us)',
      get: (r) => r.userCpuPerMessageUs,
      digits: 1,
      ratio: true,
      paired: true,
    },
    { name: 'server CPU load in relay phase (% of a core)', get: (r) => r.serverCpuPercent, digits: 1, ratio: false },
    { name: 'relay latency p50 (ms)', get: (r) => r.latencyP50, digits: 2, ratio: true },
    { name: 'relay latency p99 (ms)', get: (r) => r.latencyP99, digits: 2, ratio: true },
    { name: 'messages lost (sent - received)', get: (r) => r.lost, digits: 0, ratio: true },
    {
      name: `${generator} CPU in relay phase (% of a core)`,
      get: (r) => r.generatorCpuPercent,
      digits: 0,
      ratio: false,
    },
    { name: `${generator} event-loop delay p99 (ms)`, get: (r) => r.generatorLagP99, digits: 1, ratio: false },
  ];
}

export const ORDINAL = ['', '1st', '2nd'];

export function serverTable(opts: Options, adapter: Adapter, results: RunResult[]): string {
  // Run together, both servers started at the same time: which went first means nothing.
  const column = (r: RunResult) => (together(opts) ? `r${r.round}` : `r${r.round} ${ORDINAL[r.position]}`);
  const header = ['metric', 'median', ...results.map(column)];
  const rows = metrics(opts, adapter).map((m) => [
    m.name,
    fmt(median(results.map(m.get)), m.digits),
    ...results.map((r) => fmt(m.get(r), m.digits)),
  ]);
  return table(header, rows);
}

export function ratioText(a: number, b: number): string {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return 'n/a';
  if (b === 0) return a === 0 ? '1.00 (both 0)' : 'inf (PeerJS 0)';
  return fmt(a / b, 2);
}

export function problems(adapter: Adapter, results: RunResult[], opts: Options): string[] {
  const out: string[] = [];
  for (const r of results) {
    const at = `${adapter.label}, round ${r.round}`;
    if (r.crashed) out.push(`${at}: server ${r.crashed}`);
    if (r.heldAfterConnect < opts.connections)
      out.push(
        `${at}: held ${r.heldAfterConnect} of ${opts.connections} connections after the connect phase; failures ${JSON.stringify(r.connectFailures)}`,
      );
    if (r.heldAtEnd < r.heldAfterConnect)
      out.push(`${at}: ${r.heldAfterConnect - r.heldAtEnd} connections dropped during the relay phase`);
    if (r.lost > 0) out.push(`${at}: ${r.lost} of ${r.sent} messages lost (${r.refused} refused with an error)`);
    if (r.misrouted > 0)
      out.push(`${at}: ${r.misrouted} relayed messages came from the wrong peer or without a timestamp`);
    if (Object.keys(r.errors).length) out.push(`${at}: server errors ${JSON.stringify(r.errors)}`);
    if (Object.keys(r.closes).length)
      out.push(`${at}: sockets closed by the server, by close code: ${JSON.stringify(r.closes)}`);
    if (r.generatorLagP99 > 20)
      out.push(
        `${at}: the load generator's event loop was late by ${fmt(r.generatorLagP99, 0)} ms (p99): latency figures are inflated (busy machine?)`,
      );
    if (r.generatorCpuPercent > 85)
      out.push(
        `${at}: the load generator used ${fmt(r.generatorCpuPercent, 0)}% of a core: latencies include its queueing`,
      );
  }
  return out;
}

export function report(opts: Options, all: RunResult[]): void {
  const keys = serverKeys(opts);
  const lines: string[] = [];
  for (const key of keys) {
    const adapter = ADAPTERS[key];
    const results = all.filter((r) => r.server === key);
    lines.push('', `### ${adapter.label}`, '', serverTable(opts, adapter, results));
  }
  if (keys.includes('ours') && keys.includes('peerjs')) {
    const a = all.filter((r) => r.server === 'ours');
    const b = all.filter((r) => r.server === 'peerjs');
    const rows: string[][] = [];
    for (const m of metrics(opts, ours)) {
      if (!m.ratio) continue;
      const va = median(a.map(m.get));
      const vb = median(b.map(m.get));
      rows.push([
        m.name.replace(` ${ours.readyName} `, ' ready '),
        fmt(va, m.digits),
        fmt(vb, m.digits),
        ratioText(va, vb),
      ]);
    }
    lines.push(
      '',
      '### ratios, medians (ours / PeerJS; below 1.00 = ours smaller)',
      '',
      table(['metric', 'ours', 'PeerJS', 'ours/PeerJS'], rows),
    );

    // Paired: ours / PeerJS within each round. Run together, both servers saw the same machine
    // in that round, so its speed drifting from round to round cancels out of these ratios.
    const rounds = [...new Set(all.map((r) => r.round))].sort((x, y) => x - y);
    const perRound = (get: (r: RunResult) => number): number[] =>
      rounds.flatMap((round) => {
        const ra = a.find((r) => r.round === round);
        const rb = b.find((r) => r.round === round);
        if (!ra || !rb) return [];
        const va = get(ra);
        const vb = get(rb);
        return Number.isFinite(va) && Number.isFinite(vb) && vb !== 0 ? [va / vb] : [];
      });
    const pairedRows = metrics(opts, ours)
      .filter((m) => m.paired)
      .map((m) => {
        const byRound = rounds.map((round) => {
          const ra = a.find((r) => r.round === round);
          const rb = b.find((r) => r.round === round);
          return ra && rb ? ratioText(m.get(ra), m.get(rb)) : 'n/a';
        });
        return [m.name.replace(/ \((us|bytes)\)$/, ''), ...byRound, fmt(median(perRound(m.get)), 2)];
      });
    lines.push(
      '',
      together(opts)
        ? '### paired ratios, round by round (ours / PeerJS in the same round; both servers ran at the same time)'
        : '### paired ratios, round by round (ours / PeerJS in the same round; the servers ran one after the other)',
      '',
      table(['metric', ...rounds.map((round) => `r${round}`), 'median'], pairedRows),
    );

    lines.push(
      '',
      'Verdict (targets: less server CPU per relayed message, and less memory per connection, than PeerJS):',
    );
    const verdict = (label: string, get: (r: RunResult) => number, unit: string, digits: number) => {
      const va = median(a.map(get));
      const vb = median(b.map(get));
      if (!Number.isFinite(va) || !Number.isFinite(vb)) return `  ${label}: not measured`;
      const met = va < vb;
      const ratios = perRound(get);
      const below = ratios.filter((q) => q < 1).length;
      const sides =
        below === ratios.length
          ? 'every round below 1'
          : below === 0
            ? 'no round below 1'
            : `${below} of ${ratios.length} rounds below 1`;
      const paired = ratios.length
        ? `; per-round ratios ${ratios.map((q) => fmt(q, 2)).join(' ')} (median ${fmt(median(ratios), 2)}, ${sides})`
        : '';
      let confidence: string;
      if (together(opts)) {
        // Paired rounds: each round compares the two servers on the same machine at the same time.
        const agree = met ? below === ratios.length : below === 0;
        confidence =
          ratios.length < 2
            ? ' (one round only: indicative)'
            : agree
              ? ' (every round agrees)'
              : ' (rounds disagree: not conclusive)';
      } else {
        // One after the other, a round's two runs saw different moments of the machine: ask
        // instead whether every run of one server beat every run of the other.
        const aAll = a.map(get).filter(Number.isFinite);
        const bAll = b.map(get).filter(Number.isFinite);
        const separated = met ? Math.max(...aAll) < Math.min(...bAll) : Math.min(...aAll) >= Math.max(...bAll);
        confidence =
          aAll.length < 2
            ? ' (one round only: indicative)'
            : separated
              ? ' (every round agrees)'
              : ' (rounds overlap: not conclusive)';
      }
      return `  ${label}: ours ${fmt(va, digits)} ${unit} vs PeerJS ${fmt(vb, digits)} ${unit} -> ratio of medians ${ratioText(va, vb)}${paired} -> ${met ? 'MET' : 'NOT MET'}${confidence}`;
    };
    lines.push(verdict('CPU per relayed message', (r) => r.cpuPerMessageUs, 'us', 1));
    lines.push(verdict('memory per idle connection (RSS)', (r) => r.memoryPerConnection, 'bytes', 0));
    lines.push(verdict('  for reference, V8 heap+external per connection', (r) => r.heapPerConnection, 'bytes', 0));
  }
  if (keys.length > 2) lines.push(...scaleReport(opts, all));
  const issues = keys.flatMap((k) =>
    problems(
      ADAPTERS[k],
      all.filter((r) => r.server === k),
      opts,
    ),
  );
  lines.push(
    '',
    issues.length
      ? 'Problems seen:'
      : 'Problems seen: none (every connection held, every message delivered, no server errors).',
  );
  for (const issue of issues) lines.push(`  - ${issue}`);
  console.log(lines.join('\n'));
}
