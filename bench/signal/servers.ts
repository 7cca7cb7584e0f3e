/** The servers under test: each runs as a child process of its own (started, read from /proc, stopped here). */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freePort, startRedis, track, type RedisHandle } from '../../test/support/index.js';
import type { Options } from './options.js';
import { sleep, now, median, processRss, portsInUse, tcpReachable, processCpu, type CpuTime } from './util.js';
import type { Adapter } from './adapters.js';

/** `dist/bench`: the compiled bench, beside `gc-hook.js` and `peerjs-server.js`. */
export const here = fileURLToPath(new URL('..', import.meta.url));
export const repoRoot = resolve(here, '..', '..');
export const gcHook = pathToFileURL(join(here, 'gc-hook.js')).href;

// Every child is killed when this process exits (track); a signal stops the run. Set when the
// first server starts, not on import (the docs test imports the report through this module).
let stopOnSignals = (): void => {
  stopOnSignals = () => undefined;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      console.error(`\nbench: ${signal}, stopping the servers`);
      process.exit(130);
    });
  }
};

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  /** WebSocket path the server listens on. */
  path: string;
  /** Last lines it printed, for diagnostics. */
  output: string[];
  exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** Where the gc hook writes `process.memoryUsage()` after each requested collection. */
  memoryReport: string;
}

export class ServerStartError extends Error {}

/**
 * What one run measures: the signaling processes of one server under test (one, or two sharing
 * Redis) and, with Redis, a private redis-server whose CPU and memory count too.
 */
export interface ServerGroup {
  processes: ServerProcess[];
  redis: RedisHandle | undefined;
  /** Set once any of the processes (redis-server included) exited. */
  exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** The last lines of every process, for diagnostics. */
  output: string[];
}

function groupOf(processes: ServerProcess[], redis: RedisHandle | undefined): ServerGroup {
  return {
    processes,
    redis,
    get exited() {
      const redisExit = redis && (redis.process.exitCode !== null || redis.process.signalCode !== null);
      if (redisExit) return { code: redis.process.exitCode, signal: redis.process.signalCode };
      return processes.find((p) => p.exited)?.exited;
    },
    get output() {
      return processes.flatMap((p, i) =>
        processes.length > 1 ? p.output.map((line) => `[${i + 1}] ${line}`) : p.output,
      );
    },
  };
}

/** The process a client connects to: a pair's two clients go to different processes when there are two. */
export function processFor(server: ServerGroup, index: number): ServerProcess {
  return server.processes[index % server.processes.length]!;
}

/** CPU time of every process of the group, redis-server included; split as the sum and redis's part. */
export function groupCpu(server: ServerGroup): CpuTime & { redis: number } {
  let user = 0;
  let system = 0;
  for (const p of server.processes) {
    const cpu = processCpu(p.pid);
    user += cpu.user;
    system += cpu.system;
  }
  let redis = 0;
  if (server.redis) {
    const cpu = processCpu(server.redis.process.pid ?? 0);
    redis = cpu.user + cpu.system;
    user += cpu.user;
    system += cpu.system;
  }
  return { user, system, redis };
}

export function groupCpuSince(server: ServerGroup, start: CpuTime & { redis: number }): CpuTime & { redis: number } {
  const end = groupCpu(server);
  return { user: end.user - start.user, system: end.system - start.system, redis: end.redis - start.redis };
}

/** Starts the adapter's processes (and its redis-server); stops what started if any fails. */
export async function startServer(adapter: Adapter, opts: Options): Promise<ServerGroup> {
  stopOnSignals();
  let redis: RedisHandle | undefined;
  const started: ServerProcess[] = [];
  try {
    if (adapter.redis) {
      try {
        redis = await startRedis();
      } catch (error) {
        throw new ServerStartError(`${adapter.label}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const extra = redis ? ['--redis', redis.url] : [];
    for (let i = 0; i < (adapter.processes ?? 1); i++) started.push(await startProcess(adapter, opts, extra));
    return groupOf(started, redis);
  } catch (error) {
    await Promise.all(started.map(stopProcess));
    await redis?.stop();
    throw error;
  }
}

export async function stopServer(server: ServerGroup): Promise<void> {
  await Promise.all(server.processes.map(stopProcess));
  await server.redis?.stop();
}

async function startProcess(adapter: Adapter, opts: Options, extraArgs: string[]): Promise<ServerProcess> {
  const script = adapter.script();
  if (!existsSync(script)) {
    throw new ServerStartError(`${adapter.label}: ${script} does not exist (run \`npm run build\` first)`);
  }
  const port = await freePort(portsInUse);
  // Both servers get exactly the same Node flags: --expose-gc plus the SIGUSR2 -> gc() hook.
  const memoryReport = join(tmpdir(), `bench-signal-${process.pid}-${port}.json`);
  // BENCH_SIGNAL_NODE_FLAGS (diagnostics, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") goes to both too.
  const extraFlags = (process.env.BENCH_SIGNAL_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--import', gcHook, ...extraFlags, script, ...adapter.args(port, opts), ...extraArgs],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'production', BENCH_MEMORY_REPORT: memoryReport },
    },
  );
  track(child);
  const server: ServerProcess = {
    child,
    pid: child.pid ?? 0,
    port,
    path: adapter.defaultPath,
    output: [],
    exited: undefined,
    memoryReport,
  };
  let urlSeen = false;
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      server.output.push(line);
      if (server.output.length > 40) server.output.shift();
      if (!urlSeen && line.includes(String(port))) {
        const ws = /wss?:\/\/[^\s'"]+/.exec(line);
        if (ws) {
          try {
            const pathname = new URL(ws[0]).pathname;
            if (pathname && pathname !== '/') server.path = pathname;
          } catch {
            /* keep the default path */
          }
        }
        urlSeen = true;
      }
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  child.on('exit', (code, signal) => {
    server.exited = { code, signal };
  });
  child.on('error', (error) => {
    server.output.push(`spawn error: ${error.message}`);
    server.exited ??= { code: -1, signal: null };
  });
  // Ready when it printed its URL (port in a line) or, failing that, accepts TCP for 0.5 s.
  const deadline = now() + 15_000;
  let reachableSince = 0;
  while (now() < deadline) {
    if (server.exited) break;
    if (await tcpReachable(port)) {
      reachableSince ||= now();
      if (urlSeen || now() - reachableSince > 500) return server;
    }
    await sleep(100);
  }
  await stopProcess(server);
  const why = server.exited
    ? `exited (code ${server.exited.code}, signal ${server.exited.signal})`
    : 'did not listen within 15 s';
  throw new ServerStartError(`${adapter.label} ${why}. Its last output:\n  ${server.output.join('\n  ') || '(none)'}`);
}

async function stopProcess(server: ServerProcess): Promise<void> {
  const { child } = server;
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  if (!exited()) child.kill('SIGTERM');
  for (let i = 0; i < 30 && !exited(); i++) await sleep(100);
  if (!exited()) child.kill('SIGKILL');
  for (let i = 0; i < 20 && !exited(); i++) await sleep(100);
  portsInUse.delete(server.port);
  rmSync(server.memoryReport, { force: true });
}

export interface MemoryReading {
  /** Resident set size (median of 3 reads of /proc/<pid>/status), bytes. */
  rss: number;
  /** V8 heap in use plus memory outside the heap held by JS objects (`external`), bytes. */
  heap: number;
  /** redis-server's resident set size, bytes (NaN without Redis). */
  redisRss: number;
}

/**
 * Two full GCs in the server (both servers preload the same hook), a pause, then the median of
 * three RSS reads, and the heap figures the hook wrote after the second collection.
 */
export async function settledMemory(server: ServerGroup, settleMs: number): Promise<MemoryReading> {
  const readings = await Promise.all(server.processes.map((p) => processMemory(p, settleMs)));
  const redisPid = server.redis?.process.pid;
  return {
    rss: readings.reduce((sum, r) => sum + r.rss, 0),
    heap: readings.reduce((sum, r) => sum + r.heap, 0),
    redisRss: redisPid === undefined ? NaN : processRss(redisPid),
  };
}

async function processMemory(server: ServerProcess, settleMs: number): Promise<Omit<MemoryReading, 'redisRss'>> {
  const failed = { rss: NaN, heap: NaN };
  const asked = Date.now();
  for (let i = 0; i < 2; i++) {
    if (server.exited) return failed;
    server.child.kill('SIGUSR2');
    await sleep(150);
  }
  await sleep(settleMs);
  const reads: number[] = [];
  for (let i = 0; i < 3; i++) {
    if (server.exited) return failed;
    reads.push(processRss(server.pid));
    await sleep(100);
  }
  let heap = NaN;
  try {
    const usage = JSON.parse(readFileSync(server.memoryReport, 'utf8')) as {
      at: number;
      heapUsed: number;
      external: number;
    };
    if (usage.at >= asked) heap = usage.heapUsed + usage.external;
  } catch {
    /* no report: heap stays n/a */
  }
  return { rss: median(reads), heap };
}
