/** Options of the signaling benchmark: the flags, their defaults and the help. */
import { parseArgs } from 'node:util';

export type ServerKey = 'ours' | 'redis' | 'two' | 'peerjs';

export interface Options {
  connections: number;
  rounds: number;
  /** Relayed messages per second, all pairs together. */
  rate: number;
  /** Seconds of relay load per run. */
  duration: number;
  quick: boolean;
  /** Connection attempts in flight at once during the connect phase. */
  concurrency: number;
  only: ServerKey | undefined;
  /** Run the two servers one after the other instead of at the same time. */
  sequential: boolean;
  json: string | undefined;
  /** Idle time before each memory reading, ms. */
  settleMs: number;
  /** Window over which idle CPU is measured, ms (a whole number of our 10 s heartbeats). */
  idleMs: number;
  verbose: boolean;
  /** Also run ours with `--redis` (one process, a private redis-server). */
  redis: boolean;
  /** 2: also run two processes of ours sharing a private redis-server. */
  processes: number;
  /** `--hold N`: N idle connections over two processes sharing Redis instead (`hold.ts`). */
  hold: number | undefined;
  /** Write docs/server-scaling.json and its figures in docs/server-scaling.md (`scale-doc.ts`). */
  doc: boolean;
}

export const HELP = `Usage: node dist/bench/signal.js [options]

  --connections N   connections per run, in pairs (default 2000)
  --rounds R        rounds; each round runs both servers at the same time, phase by
                    phase in lockstep (default 4)
  --rate M          relayed messages per second per server, all pairs together (default 3000)
  --duration S      seconds of relay load per run (default 10)
  --concurrency C   connection attempts in flight during the connect phase (default 50)
  --idle S          seconds over which idle CPU is measured (default 10: one heartbeat of ours)
  --quick           smoke run: 200 connections, 1 round, 1000 msg/s for 2 s
  --sequential      run the two servers one after the other in each round, order
                    alternating (the old mode: machine noise lands on one server only)
  --redis           also run ours with --redis (one process, a private redis-server
                    whose CPU and memory are counted), beside the others
  --processes 2     also run two processes of ours sharing a private redis-server,
                    every pair split across them (their CPU and memory summed, Redis's too)
  --hold N          instead: N idle connections over two processes sharing a private
                    redis-server (heartbeats on), then the relay load between them, beside
                    ours in memory with --connections under the same load (bench/README.md)
  --doc             with --redis --processes 2, or --hold: write the figures to
                    docs/server-scaling.json and docs/server-scaling.md
  --only ours|redis|two|peerjs  run one server only (no ratios)
  --json FILE       also write every run's raw numbers to FILE
  --verbose         print how long each phase of each run took
  --help

Exits 1 if a server fails to start, crashes, holds fewer than half of the connections,
or loses the majority of the messages; 0 otherwise (missing a target is not a failure).`;

export function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      connections: { type: 'string' },
      rounds: { type: 'string' },
      rate: { type: 'string' },
      duration: { type: 'string' },
      concurrency: { type: 'string' },
      idle: { type: 'string' },
      quick: { type: 'boolean', default: false },
      sequential: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      redis: { type: 'boolean', default: false },
      processes: { type: 'string' },
      hold: { type: 'string' },
      doc: { type: 'boolean', default: false },
      only: { type: 'string' },
      json: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const quick = values.quick === true;
  const int = (name: string, raw: string | undefined, fallback: number, min: number, max: number): number => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) {
      throw new UsageError(`--${name} must be a number from ${min} to ${max}, got "${raw}"`);
    }
    return n;
  };
  const only = values.only;
  if (only !== undefined && only !== 'ours' && only !== 'redis' && only !== 'two' && only !== 'peerjs') {
    throw new UsageError(`--only must be "ours", "redis", "two" or "peerjs", got "${only}"`);
  }
  const processes = Math.floor(int('processes', values.processes, 1, 1, 2));
  let connections = Math.floor(int('connections', values.connections, quick ? 200 : 2000, 2, 100_000));
  connections -= connections % 2;
  return {
    connections,
    rounds: Math.floor(int('rounds', values.rounds, quick ? 1 : 4, 1, 50)),
    rate: int('rate', values.rate, quick ? 1000 : 3000, 1, 1_000_000),
    duration: int('duration', values.duration, quick ? 2 : 10, 0.5, 600),
    concurrency: Math.floor(int('concurrency', values.concurrency, 50, 1, 5000)),
    quick,
    only,
    sequential: values.sequential === true,
    json: values.json,
    settleMs: quick ? 300 : 1500,
    idleMs: 1000 * int('idle', values.idle, quick ? 0.5 : 10, 0.5, 600),
    verbose: values.verbose === true,
    redis: values.redis === true,
    processes,
    doc: values.doc === true,
    hold: values.hold === undefined ? undefined : Math.floor(int('hold', values.hold, 0, 4, 1_000_000) / 2) * 2,
  };
}

export class UsageError extends Error {}

/** Both servers at the same time in each round (the default), or one after the other. */
export function together(opts: Options): boolean {
  return !opts.sequential && opts.only === undefined;
}

/** The servers of this run, in the order of the report: ours in memory first, PeerJS last. */
export function serverKeys(opts: Options): ServerKey[] {
  if (opts.only) return [opts.only];
  return [
    'ours',
    ...(opts.redis ? (['redis'] as const) : []),
    ...(opts.processes === 2 ? (['two'] as const) : []),
    'peerjs',
  ];
}
