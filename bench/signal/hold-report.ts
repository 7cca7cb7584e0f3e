/** What `bench:signal -- --hold N` measured (`hold.ts`), and its report: the console's and the document's. */
import { fmt, table } from './report.js';

/** One phase: one server group, its connections held idle, then the relay load. */
export interface PhaseResult {
  label: string;
  requested: number;
  held: number;
  connectS: number;
  rssPerConnection: number;
  redisRssPerConnection: number;
  idleCpuPercent: number;
  cpuPerMessageUs: number;
  sent: number;
  received: number;
  p50: number;
  p99: number;
  /** Reconnections of the processes' Redis subscribers, which lose what was queued (absent in older runs). */
  redisCutOffs?: number;
}

export interface HoldData {
  /** Connections asked for over the two processes. */
  requested: number;
  /** Connections attempted: fewer when the limit of open files per process is lower. */
  total: number;
  /** The hard limit of open files of each process here. */
  fdHardLimit: number;
  /** Relayed messages per second and seconds of relay load, as in the main benchmark. */
  rate: number;
  duration: number;
  /** Ours in memory with the main benchmark's connections, then the two processes. */
  phases: PhaseResult[];
}

const ROWS: Array<[string, (r: PhaseResult) => number, number]> = [
  ['connections held', (r) => r.held, 0],
  ['connect+join phase (s)', (r) => r.connectS, 1],
  ['memory per idle connection, signaling RSS (bytes)', (r) => r.rssPerConnection, 0],
  ['redis-server memory per idle connection (bytes)', (r) => r.redisRssPerConnection, 0],
  ['idle CPU, heartbeats on (% of a core)', (r) => r.idleCpuPercent, 2],
  ['CPU per relayed message, redis-server counted (us)', (r) => r.cpuPerMessageUs, 1],
  ['relay latency p50 (ms)', (r) => r.p50, 2],
  ['relay latency p99 (ms)', (r) => r.p99, 2],
  ['messages lost or later than the drain (sent - received)', (r) => r.sent - r.received, 0],
  ['Redis subscriber reconnections (what was queued is lost)', (r) => r.redisCutOffs ?? Number.NaN, 0],
];

/** Whether the goal is met: every connection held, nothing lost, p99 under one process's at 2,000. */
export function holdMet(data: HoldData): boolean {
  const [small, big] = data.phases;
  if (!small || !big) return false;
  return big.held === data.total && big.sent === big.received && big.p99 < small.p99;
}

export function holdLines(data: HoldData): string[] {
  const lines: string[] = [];
  if (data.total < data.requested) {
    lines.push(
      `NOTE: ${data.requested} connections need more open files per server process than this machine's hard limit of ${data.fdHardLimit}, which cannot be raised without privileges here: ${data.total} were held instead.`,
      '',
    );
  }
  lines.push(
    table(
      ['metric', ...data.phases.map((r) => r.label)],
      ROWS.map(([name, get, digits]) => [name, ...data.phases.map((r) => fmt(get(r), digits))]),
    ),
  );
  const [small, big] = data.phases;
  if (small && big) {
    lines.push(
      '',
      `${data.total} connections over two processes, ${fmt(data.rate, 0)} msg/s for ${data.duration} s between them: p99 ${fmt(big.p99, 2)} ms against ${fmt(small.p99, 2)} ms for one process in memory at ${small.requested} (ratio ${fmt(big.p99 / small.p99, 2)}), ${big.sent - big.received} lost, ${big.held} of ${data.total} held -> ${holdMet(data) ? 'MET' : 'NOT MET'}${data.total < data.requested ? ` at ${data.total}, not ${data.requested}` : ''}.`,
    );
  }
  return lines;
}
