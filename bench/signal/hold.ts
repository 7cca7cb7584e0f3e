/**
 * `bench:signal -- --hold N`: N idle connections over two processes of ours sharing a private
 * redis-server (N/2 each, a pair's two clients on different processes, heartbeats on), then the
 * relay load of the main benchmark between them; beside, in the same run and through the same
 * clients, ours in memory, one process, with `--connections` (2,000) under the same load: the p99
 * to stay under. The clients are raw `ws` clients in client processes (`hold-worker.ts`) of at
 * most 10,000 connections each, each from its own source address in 127.0.0.0/8.
 *
 * A process cannot hold more connections than its limit of open files; the servers inherit this
 * one's (raised to the hard limit when the soft one is lower). Where the hard limit is below N/2
 * (and cannot be raised without privileges), N is capped, and the report says so.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { track } from '../../test/support/index.js';
import type { Options } from './options.js';
import { type Adapter, ours, oursTwo } from './adapters.js';
import { here, startServer, stopServer, settledMemory, groupCpu, groupCpuSince, type ServerGroup } from './servers.js';
import type { WorkerCommand, WorkerReport } from './hold-worker.js';
import { fdLimits, now, percentile, sleep, sortedCopy } from './util.js';
import { fmt } from './report.js';
import { type HoldData, type PhaseResult, holdLines } from './hold-report.js';
import { measured, writeScaleDoc } from './scale-doc.js';

/** Connections per client process. */
const PER_WORKER = 10_000;
/** Descriptors a server process needs besides its connections. */
const SPARE_FDS = 300;

/**
 * How often a process's Redis subscriber had to reconnect (it logs `redis resynchronized` each
 * time): Redis cuts off a subscriber that reads too slowly, and what was queued for it is lost.
 */
function resyncs(server: ServerGroup): number {
  return server.redis ? server.output.filter((line) => line.includes('redis resynchronized')).length : NaN;
}

class Worker {
  private readonly child: ChildProcess;
  private waiting: ((report: WorkerReport) => void) | undefined;

  constructor() {
    this.child = fork(join(here, 'signal', 'hold-worker.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    track(this.child);
    this.child.on('error', (error) => console.error(`bench: client process: ${error.message}`));
    this.child.on('message', (report: WorkerReport) => {
      const done = this.waiting;
      this.waiting = undefined;
      done?.(report);
    });
  }

  ask(command: WorkerCommand): Promise<WorkerReport> {
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.child.once('exit', () => reject(new Error('a client process exited')));
      this.child.send(command);
    });
  }

  stop(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

async function phase(label: string, adapter: Adapter, connections: number, opts: Options): Promise<PhaseResult> {
  let server: ServerGroup | undefined;
  const workers: Worker[] = [];
  try {
    server = await startServer(adapter, opts);
    const count = Math.ceil(connections / PER_WORKER);
    const pairsEach = Math.floor(connections / 2 / count);
    for (let w = 0; w < count; w++) workers.push(new Worker());
    const before = await settledMemory(server, opts.settleMs);
    const t0 = now();
    const connectedReports = await Promise.all(
      workers.map((worker, w) =>
        worker.ask({
          type: 'connect',
          setup: {
            ports: server!.processes.map((p) => p.port),
            path: server!.processes[0]!.path,
            tag: `${label[0]}${w}`,
            pairs: pairsEach,
            localAddress: `127.0.0.${10 + w}`,
            concurrency: Math.max(10, Math.floor(opts.concurrency / count)),
          },
        }),
      ),
    );
    const connectS = (now() - t0) / 1000;
    const held = connectedReports.reduce((sum, r) => sum + r.usable, 0);
    const failures = connectedReports.flatMap((r) => Object.entries(r.failures));
    if (failures.length) console.log(`  ${label}: connect failures ${JSON.stringify(failures)}`);
    await sleep(opts.settleMs);
    const idle0 = groupCpu(server);
    const idleT0 = now();
    await sleep(opts.idleMs);
    const idle = groupCpuSince(server, idle0);
    const idleCpuPercent = (idle.user + idle.system) / 1e4 / ((now() - idleT0) / 1000);
    const memory = await settledMemory(server, opts.settleMs);
    const cpu0 = groupCpu(server);
    const relayed = await Promise.all(
      workers.map((worker) => worker.ask({ type: 'relay', rate: opts.rate / count, durationMs: opts.duration * 1000 })),
    );
    const cpu = groupCpuSince(server, cpu0);
    // What the servers warned about (a subscriber cut off by Redis, a slow reader closed...).
    const warnings = server.output.filter((line) => /"level":"(warn|error)"/.test(line));
    if (warnings.length) console.log(`  ${label}: the servers warned:\n    ${warnings.slice(-8).join('\n    ')}`);
    const cutOffs = resyncs(server);
    const latencies = sortedCopy(relayed.flatMap((r) => r.latencies));
    const received = relayed.reduce((sum, r) => sum + r.received, 0);
    const perConnection = (a: number, b: number) => (held > 0 ? (b - a) / held : NaN);
    return {
      label,
      requested: pairsEach * 2 * count,
      held,
      connectS,
      rssPerConnection: perConnection(before.rss, memory.rss),
      redisRssPerConnection: perConnection(before.redisRss, memory.redisRss),
      idleCpuPercent,
      cpuPerMessageUs: received > 0 ? (cpu.user + cpu.system) / received : NaN,
      sent: relayed.reduce((sum, r) => sum + r.sent, 0),
      received,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      redisCutOffs: cutOffs,
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.ask({ type: 'close' }).catch(() => undefined)));
    for (const worker of workers) worker.stop();
    if (server) await stopServer(server);
  }
}

export async function runHold(opts: Options, requested: number): Promise<number> {
  const { hard } = fdLimits();
  const started = new Date();
  const loadStart = loadavg();
  const perProcess = Math.min(Math.floor(requested / 2), hard - SPARE_FDS);
  const total = perProcess * 2;
  console.log(
    `Signaling hold benchmark: ${total} idle connections over two processes of ours sharing Redis, then ${fmt(opts.rate, 0)} msg/s for ${opts.duration} s between them; beside, ours in memory with ${opts.connections}`,
  );
  if (total < requested) {
    console.log(
      `  NOTE: ${requested} connections need ${requested / 2 + SPARE_FDS} open files per server process, and this machine's hard limit is ${hard} (raising it needs privileges this user lacks): held ${total} instead.`,
    );
  }
  console.log(
    `  machine: ${cpus().length} CPU(s), load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const limits = ['--max-connections', String(perProcess + 100), '--max-rooms', String(perProcess + 100)];
  const two: Adapter = { ...oursTwo, args: (port, o) => [...oursTwo.args(port, o), ...limits] };
  const results: PhaseResult[] = [];
  results.push(await phase(`ours in memory, ${opts.connections}`, ours, opts.connections, opts));
  results.push(await phase(`ours, Redis, 2 processes, ${total}`, two, total, opts));
  const data: HoldData = {
    requested,
    total,
    fdHardLimit: hard,
    rate: opts.rate,
    duration: opts.duration,
    phases: results,
  };
  console.log(`\n${holdLines(data).join('\n')}`);
  const loadEnd = loadavg();
  console.log(`  load average at the end: ${loadEnd.map((l) => l.toFixed(2)).join(' ')} (on ${cpus().length} CPUs)`);
  if (opts.doc) {
    const m = measured(`npm run bench:signal -- ${process.argv.slice(2).join(' ')}`, started, loadStart, cpus().length);
    writeScaleDoc({ hold: { ...m, machine: { ...m.machine, loadAverageEnd: loadEnd }, ...data } });
  }
  const [, big] = results as [PhaseResult, PhaseResult];
  return big.held * 2 < total || big.received * 2 < big.sent ? 1 : 0;
}
