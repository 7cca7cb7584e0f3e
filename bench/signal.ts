/**
 * Signaling server load benchmark: our server (`dev-server/`) against PeerJS's (`peer`), side by
 * side in one run, on the same load. See `bench/README.md` for what is measured, how, and how to
 * read the output.
 *
 *   npm run bench:signal -- [--connections N] [--rounds R] [--rate MSGS_PER_S] [--duration S]
 *                           [--quick] [--sequential] [--redis] [--processes 2]
 *                           [--only ours|redis|two|peerjs] [--json FILE]
 *
 * Each server runs as its own child process (so its CPU and memory are read from /proc/<pid>);
 * the load generator is this process. By default both servers run at the same time within a
 * round, phase by phase in lockstep (a `Barrier`), so that the machine's drifting speed (a shared
 * VM) lands on both alike and the per-round ratio ours/PeerJS cancels it; `--sequential` runs
 * them one after the other instead. Everything goes to 127.0.0.1; every phase is bounded in
 * count and time; every child is killed on the way out, error or not.
 *
 * This file is the entry point (options, file descriptors, the rounds); the rest is in `signal/`:
 * the load generator (`run.ts`, `clients.ts`), the servers under test (`servers.ts`, `adapters.ts`),
 * the report (`report.ts`), the options (`options.ts`) and small helpers (`util.ts`).
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { track } from '../test/support/index.js';
import { type Options, HELP, parseOptions, UsageError, together, serverKeys } from './signal/options.js';
import { sleep, now, Barrier, CLK_TCK, fdLimits } from './signal/util.js';
import { ServerStartError } from './signal/servers.js';
import { ADAPTERS } from './signal/adapters.js';
import { type RunResult, runOne } from './signal/run.js';
import { fmt, report } from './signal/report.js';
import { runHold } from './signal/hold.js';
import { measured, writeScaleDoc } from './signal/scale-doc.js';

// ---- File descriptors -------------------------------------------------------------------------

/** Descriptors this process needs: one per connection of each run in flight at once. */
function descriptorsNeeded(opts: Options, connections = opts.connections): number {
  if (opts.hold !== undefined) return fdLimits().hard;
  return connections * (together(opts) ? serverKeys(opts).length : 1) + 256;
}

/**
 * This process holds one descriptor per connection (of both runs, when the servers run
 * together), and each server one per its connection. Returns the connection count to use;
 * re-executes itself with a raised soft limit when the hard one allows.
 */
function checkDescriptors(opts: Options): number | 'reexec' {
  const margin = 256;
  const need = descriptorsNeeded(opts);
  if (opts.hold !== undefined) {
    // The client processes hold the connections; the servers inherit this limit: the hard one.
    const { soft, hard } = fdLimits();
    return soft < hard && !process.env.BENCH_SIGNAL_REEXEC ? 'reexec' : opts.connections;
  }
  const runs = together(opts) ? serverKeys(opts).length : 1;
  const { soft, hard } = fdLimits();
  if (need <= soft) return opts.connections;
  if (need <= hard && !process.env.BENCH_SIGNAL_REEXEC) {
    console.log(`bench: ulimit -n is ${soft}; raising the soft limit to ${need} for this run (hard limit ${hard})`);
    return 'reexec';
  }
  const capped = Math.max(2, Math.floor((Math.min(soft, hard) - margin) / runs) & ~1);
  console.log(
    `bench: --connections ${opts.connections} needs ${need} file descriptors but ulimit -n allows ${Math.min(soft, hard)}: capping at ${capped} connections. Raise it with \`ulimit -n ${need}\` to run the full load.`,
  );
  return capped;
}

// ---- Main -------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const started = new Date();
  const loadStart = loadavg();
  let opts: Options;
  try {
    opts = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`bench: ${error.message}\n\n${HELP}`);
      return 2;
    }
    throw error;
  }
  const fd = checkDescriptors(opts);
  if (fd === 'reexec') {
    const need = descriptorsNeeded(opts);
    const child = spawn(
      '/bin/sh',
      [
        '-c',
        `ulimit -Sn ${need} && exec "$0" "$@"`,
        process.execPath,
        ...process.execArgv,
        fileURLToPath(import.meta.url),
        ...process.argv.slice(2),
      ],
      {
        stdio: 'inherit',
        env: { ...process.env, BENCH_SIGNAL_REEXEC: '1' },
      },
    );
    track(child);
    return await new Promise<number>((done) => child.on('exit', (code) => done(code ?? 1)));
  }
  opts.connections = fd;
  if (opts.hold !== undefined) return runHold(opts, opts.hold);

  const keys = serverKeys(opts);
  // Every phase is bounded; this is the bound of all of them together, with room to spare.
  const perRunS =
    15 +
    12 +
    opts.idleMs / 1000 +
    Math.max(30, opts.connections * 0.02) +
    5 +
    opts.idleMs / 1000 +
    opts.duration +
    15 +
    10 +
    4 * (opts.settleMs / 1000 + 1);
  // Together, a round's runs wait for each other phase by phase: a round takes at most the sum
  // of each phase's bound, the same as one run; one after the other, it takes one run per server.
  const runsInSeries = together(opts) ? 1 : keys.length;
  const budgetS = Math.ceil(perRunS * runsInSeries * opts.rounds * 1.5);
  const watchdog = setTimeout(() => {
    console.error(`bench: still running after ${budgetS} s, which no healthy run takes; stopping.`);
    process.exit(1);
  }, budgetS * 1000);
  watchdog.unref();

  const mode = opts.only
    ? `${ADAPTERS[opts.only].label} only`
    : together(opts)
      ? keys.length > 2
        ? `${keys.length} servers at the same time, in lockstep (${keys.map((k) => ADAPTERS[k].label).join('; ')})`
        : 'both servers at the same time, in lockstep'
      : 'one server after the other (--sequential), order alternating';
  console.log(
    `Signaling load benchmark: ours (dev-server) vs PeerJS (peer 1.0.2), ${opts.quick ? 'QUICK smoke run' : 'full run'}`,
  );
  console.log(
    `  ${opts.connections} connections (${opts.connections / 2} pairs), ${opts.rounds} round(s), ${mode};` +
      ` relay ${fmt(opts.rate, 0)} msg/s for ${opts.duration} s per run (offer ~4.0 KB, answer ~3.5 KB, 6 ICE candidates per negotiation)`,
  );
  console.log(
    `  machine: ${cpus().length} CPU(s), load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}, Node ${process.version}, clock ${CLK_TCK} ticks/s`,
  );

  const resultLine = (r: RunResult, seconds: number) =>
    `${fmt(seconds, 1)} s: held ${r.heldAtEnd}/${opts.connections}, ${fmt(r.memoryPerConnection, 0)} B/conn, ` +
    `${fmt(r.cpuPerMessageUs, 1)} us/msg, p99 ${fmt(r.latencyP99, 1)} ms, lost ${r.lost}/${r.sent}${r.crashed ? ', CRASHED' : ''}`;
  const results: RunResult[] = [];
  for (let round = 1; round <= opts.rounds; round++) {
    const order = round % 2 === 1 ? keys : [...keys].reverse();
    if (together(opts)) {
      // Both servers at once, in lockstep; which one starts first still alternates. allSettled,
      // not all: a failed run leaves the barrier, and the other one finishes and is reported.
      const barrier = new Barrier(order.length);
      const t = now();
      const settled = await Promise.allSettled(
        order.map(async (key, position) => {
          const r = await runOne(ADAPTERS[key], opts, round, position + 1, barrier);
          return { r, seconds: (now() - t) / 1000 };
        }),
      );
      let failure: unknown;
      for (let position = 0; position < order.length; position++) {
        const outcome = settled[position]!;
        const head = `  round ${round}/${opts.rounds} (together): ${ADAPTERS[order[position]!].label} ... `;
        if (outcome.status === 'fulfilled') {
          results.push(outcome.value.r);
          console.log(head + resultLine(outcome.value.r, outcome.value.seconds));
        } else {
          console.log(`${head}FAILED`);
          failure ??= outcome.reason;
        }
      }
      for (const outcome of settled) {
        if (outcome.status === 'rejected' && outcome.reason instanceof ServerStartError) {
          console.error(`bench: ${outcome.reason.message}`);
        }
      }
      if (failure !== undefined) {
        if (settled.every((o) => o.status === 'fulfilled' || o.reason instanceof ServerStartError)) return 1;
        throw failure;
      }
      await sleep(opts.quick ? 200 : 1000);
      continue;
    }
    for (let position = 0; position < order.length; position++) {
      const adapter = ADAPTERS[order[position]!];
      process.stdout.write(`  round ${round}/${opts.rounds}: ${adapter.label} ... `);
      const t = now();
      try {
        const r = await runOne(adapter, opts, round, position + 1);
        results.push(r);
        console.log(resultLine(r, (now() - t) / 1000));
      } catch (error) {
        console.log('FAILED');
        if (error instanceof ServerStartError) {
          console.error(`bench: ${error.message}`);
          return 1;
        }
        throw error;
      }
      await sleep(opts.quick ? 200 : 1000);
    }
  }
  console.log(
    `  load average at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (on ${cpus().length} CPUs; above ~1 means something else competed for them)`,
  );
  report(opts, results);
  if (opts.doc && keys.length > 2) {
    const m = measured(`npm run bench:signal -- ${process.argv.slice(2).join(' ')}`, started, loadStart, cpus().length);
    writeScaleDoc({ scale: { ...m, machine: { ...m.machine, loadAverageEnd: loadavg() }, options: opts, results } });
  }
  if (opts.json) {
    writeFileSync(opts.json, JSON.stringify({ options: opts, results }, null, 2));
    console.log(`\nRaw results written to ${opts.json}`);
  }
  const failures = results.filter(
    (r) => r.crashed || r.heldAfterConnect * 2 < opts.connections || r.relayed * 2 < r.sent || r.sent === 0,
  );
  if (failures.length) {
    console.error(
      `\nbench: FAILED: ${failures.map((r) => `${ADAPTERS[r.server].label} round ${r.round}`).join(', ')} crashed, held under half of the connections, or lost the majority of the messages.`,
    );
    return 1;
  }
  return 0;
}

main().then(
  (code) => {
    process.exit(code);
  },
  (error: unknown) => {
    console.error('bench: error:', error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
