/** The servers under test: each runs as a child process of its own (started, read from /proc, stopped here). */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freePort, track } from '../../test/support/index.js';
import type { Options } from './options.js';
import { sleep, now, median, processRss, portsInUse, tcpReachable } from './util.js';
import type { Adapter } from './adapters.js';

/** `dist/bench`: the compiled bench, beside `gc-hook.js` and `peerjs-server.js`. */
export const here = fileURLToPath(new URL('..', import.meta.url));
export const repoRoot = resolve(here, '..', '..');
export const gcHook = pathToFileURL(join(here, 'gc-hook.js')).href;

// Every child is killed when this process exits (track); a signal stops the run.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    console.error(`\nbench: ${signal}, stopping the servers`);
    process.exit(130);
  });
}

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

export async function startServer(adapter: Adapter, opts: Options): Promise<ServerProcess> {
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
    ['--expose-gc', '--import', gcHook, ...extraFlags, script, ...adapter.args(port, opts)],
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
  await stopServer(server);
  const why = server.exited
    ? `exited (code ${server.exited.code}, signal ${server.exited.signal})`
    : 'did not listen within 15 s';
  throw new ServerStartError(`${adapter.label} ${why}. Its last output:\n  ${server.output.join('\n  ') || '(none)'}`);
}

export async function stopServer(server: ServerProcess): Promise<void> {
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
}

/**
 * Two full GCs in the server (both servers preload the same hook), a pause, then the median of
 * three RSS reads, and the heap figures the hook wrote after the second collection.
 */
export async function settledMemory(server: ServerProcess, settleMs: number): Promise<MemoryReading> {
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
