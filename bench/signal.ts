/**
 * Signaling server load benchmark: our server (`dev-server/`) against PeerJS's (`peer`), side by
 * side in one run, on the same load. See `bench/README.md` for what is measured, how, and how to
 * read the output.
 *
 *   npm run bench:signal -- [--connections N] [--rounds R] [--rate MSGS_PER_S] [--duration S]
 *                           [--quick] [--sequential] [--only ours|peerjs] [--json FILE]
 *
 * Each server runs as its own child process (so its CPU and memory are read from /proc/<pid>);
 * the load generator is this process. By default both servers run at the same time within a
 * round, phase by phase in lockstep (a `Barrier`), so that the machine's drifting speed (a shared
 * VM) lands on both alike and the per-round ratio ours/PeerJS cancels it; `--sequential` runs
 * them one after the other instead. Everything goes to 127.0.0.1; every phase is bounded in
 * count and time; every child is killed on the way out, error or not.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { performance, monitorEventLoopDelay } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import {
  DEFAULT_SIGNAL_PATH,
  type ClientMessage,
  type RelayRequest,
  type ServerMessage,
} from '../src/core/protocol.js';
import { sideScript, type SideScript } from './sdp.js';
import { freePort, track } from '../test/support/index.js';

// ---- Options --------------------------------------------------------------------------------

type ServerKey = 'ours' | 'peerjs';

interface Options {
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
}

const HELP = `Usage: node dist/bench/signal.js [options]

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
  --only ours|peerjs  run one server only (no ratios)
  --json FILE       also write every run's raw numbers to FILE
  --verbose         print how long each phase of each run took
  --help

Exits 1 if a server fails to start, crashes, holds fewer than half of the connections,
or loses the majority of the messages; 0 otherwise (missing a target is not a failure).`;

function parseOptions(argv: string[]): Options {
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
  if (only !== undefined && only !== 'ours' && only !== 'peerjs') {
    throw new UsageError(`--only must be "ours" or "peerjs", got "${only}"`);
  }
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
  };
}

class UsageError extends Error {}

/** Both servers at the same time in each round (the default), or one after the other. */
function together(opts: Options): boolean {
  return !opts.sequential && opts.only === undefined;
}

// ---- Small helpers ----------------------------------------------------------------------------

const LAG_RESOLUTION_MS = 5;
const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
const now = () => performance.now();

function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

function sortedCopy(values: number[]): Float64Array {
  return Float64Array.from(values).sort();
}

function median(values: number[]): number {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return NaN;
  const s = sortedCopy(finite);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function count(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/**
 * Keeps concurrent runs in lockstep: `wait()` resolves once all `parties` are waiting. A party
 * that is done, or failed, calls `leave()` (once): from then on the others no longer wait for it,
 * and if all the remaining ones are already waiting they are released, so a crashed or failed
 * server never holds the other run up.
 */
class Barrier {
  private waiting: Array<() => void> = [];

  constructor(private parties: number) {}

  wait(): Promise<void> {
    return new Promise((done) => {
      this.waiting.push(done);
      this.releaseIfAllWaiting();
    });
  }

  leave(): void {
    this.parties = Math.max(0, this.parties - 1);
    this.releaseIfAllWaiting();
  }

  private releaseIfAllWaiting(): void {
    if (this.waiting.length === 0 || this.waiting.length < this.parties) return;
    const released = this.waiting;
    this.waiting = [];
    for (const done of released) done();
  }
}

/** Clock ticks per second, for /proc/<pid>/stat. */
function clockTicks(): number {
  try {
    const n = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    if (Number.isFinite(n) && n > 0) return n;
  } catch {
    /* fall through */
  }
  return 100;
}
const CLK_TCK = clockTicks();

interface CpuTime {
  /** utime: user-space CPU of all the process's threads, microseconds. */
  user: number;
  /** stime: kernel CPU on the process's behalf (syscalls: socket reads and writes), microseconds. */
  system: number;
}

/** CPU time of a whole process (all its threads) from /proc/<pid>/stat; NaN when it is gone. */
function processCpu(pid: number): CpuTime {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state); utime is field 14, stime field 15.
    return { user: (Number(fields[11]) * 1e6) / CLK_TCK, system: (Number(fields[12]) * 1e6) / CLK_TCK };
  } catch {
    return { user: NaN, system: NaN };
  }
}

function cpuSince(pid: number, start: CpuTime): CpuTime {
  const end = processCpu(pid);
  return { user: end.user - start.user, system: end.system - start.system };
}

/** Resident set size of a process, in bytes. */
function processRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

/** Ports handed to servers still running: two runs started at once must not get the same one. */
const portsInUse = new Set<number>();

function tcpReachable(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = tcpConnect({ port, host: '127.0.0.1' });
    const finish = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(500, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

// ---- Child processes --------------------------------------------------------------------------

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..');
const gcHook = pathToFileURL(join(here, 'gc-hook.js')).href;

// Every child is killed when this process exits (track); a signal stops the run.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    console.error(`\nbench: ${signal}, stopping the servers`);
    process.exit(130);
  });
}

interface ServerProcess {
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

class ServerStartError extends Error {}

async function startServer(adapter: Adapter, opts: Options): Promise<ServerProcess> {
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

async function stopServer(server: ServerProcess): Promise<void> {
  const { child } = server;
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  if (!exited()) child.kill('SIGTERM');
  for (let i = 0; i < 30 && !exited(); i++) await sleep(100);
  if (!exited()) child.kill('SIGKILL');
  for (let i = 0; i < 20 && !exited(); i++) await sleep(100);
  portsInUse.delete(server.port);
  rmSync(server.memoryReport, { force: true });
}

interface MemoryReading {
  /** Resident set size (median of 3 reads of /proc/<pid>/status), bytes. */
  rss: number;
  /** V8 heap in use plus memory outside the heap held by JS objects (`external`), bytes. */
  heap: number;
}

/**
 * Two full GCs in the server (both servers preload the same hook), a pause, then the median of
 * three RSS reads, and the heap figures the hook wrote after the second collection.
 */
async function settledMemory(server: ServerProcess, settleMs: number): Promise<MemoryReading> {
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

// ---- The two protocols ---------------------------------------------------------------------

type Step = 'offer' | 'answer' | 'candidate';

interface Adapter {
  key: ServerKey;
  label: string;
  /** What "ready" means in the join-time rows. */
  readyName: string;
  defaultPath: string;
  script(): string;
  args(port: number, opts: Options): string[];
  url(server: ServerProcess, client: BenchClient): string;
  onOpen(client: BenchClient): void;
  onMessage(client: BenchClient, message: unknown, at: number, run: RunState): void;
  encode(client: BenchClient, step: Step, index: number, t: number): string;
  /**
   * Client-side keepalive as the real client does it, called every 250 ms per connection. Ours:
   * nothing (the server pings, `ws` answers pongs by itself, as browsers do). PeerJS: HEARTBEAT.
   */
  keepalive(client: BenchClient, at: number): void;
}

/** Our protocol v1 (`/work/shared/PROTOCOL.md`, `src/core/protocol.ts`). */
const ours: Adapter = {
  key: 'ours',
  label: 'ours (dev-server)',
  readyName: 'welcome',
  defaultPath: DEFAULT_SIGNAL_PATH,
  script: () => join(repoRoot, 'dist', 'dev-server', 'cli.js'),
  args: (port) => ['--port', String(port), '--host', '127.0.0.1'],
  url: (server) => `ws://127.0.0.1:${server.port}${server.path}`,
  onOpen(client) {
    const join: ClientMessage = { type: 'join', data: { room: client.room, name: client.name } };
    client.ws?.send(JSON.stringify(join));
  },
  onMessage(client, raw, at, run) {
    const message = raw as ServerMessage;
    switch (message.type) {
      case 'welcome': {
        client.id = message.data.id;
        const partner = message.data.peers[0];
        if (partner) client.partnerId = partner.id;
        client.markReady(at);
        return;
      }
      case 'peer-joined':
        client.partnerId ||= message.from;
        return;
      case 'offer':
      case 'answer':
      case 'ice-candidate': {
        const data = message.data as { t?: unknown } | null;
        run.received(client, message.from, data && typeof data.t === 'number' ? data.t : NaN, at);
        return;
      }
      case 'error':
        count(run.errors, `${message.data.code}${message.data.ref ? ` (ref ${message.data.ref})` : ''}`);
        if (message.data.ref === 'offer' || message.data.ref === 'answer' || message.data.ref === 'ice-candidate') {
          run.refused++;
        }
        return;
      default:
        count(run.other, String((message as { type?: unknown }).type));
    }
  },
  encode(client, step, index, t) {
    const seq = client.seq++;
    const s = client.script;
    let message: RelayRequest;
    if (step === 'candidate') {
      const data = {
        candidate: s.candidates[index]!,
        sdpMid: '0',
        sdpMLineIndex: 0,
        usernameFragment: s.ice.ufrag,
        t,
        seq,
      };
      message = { type: 'ice-candidate', to: client.partnerId, data };
    } else {
      const data = { type: step, sdp: step === 'offer' ? s.offer : s.answer, t, seq };
      message = { type: step, to: client.partnerId, data };
    }
    return JSON.stringify(message);
  },
  keepalive() {
    /* The server pings every --heartbeat-ms (default 10 s); ws answers with a pong by itself. */
  },
};

/** What the PeerJS server sends and relays (`node_modules/peer/dist/module.mjs`). */
interface PeerJsMessage {
  type: string;
  src?: string;
  dst?: string;
  payload?: { t?: unknown; msg?: unknown } | null;
}

/**
 * PeerJS (`peer` 1.0.2): ws://host:port/peerjs?key=peerjs&id=ID&token=TOKEN; the server answers
 * `{type:"OPEN"}` on registration, and relays OFFER / ANSWER / CANDIDATE to `dst` with `src` set.
 * Payloads are shaped as the PeerJS client sends them (`sdp` / `candidate`, `type`, `connectionId`).
 */
const peerjs: Adapter = {
  key: 'peerjs',
  label: 'PeerJS (peer 1.0.2)',
  readyName: 'OPEN',
  defaultPath: '/peerjs',
  script: () => join(here, 'peerjs-server.js'),
  args: (port, opts) => [
    '--port',
    String(port),
    '--host',
    '127.0.0.1',
    '--concurrent-limit',
    String(Math.max(5000, opts.connections + 100)),
  ],
  url: (server, client) =>
    `ws://127.0.0.1:${server.port}${server.path}?key=peerjs&id=${client.id}&token=${client.token}`,
  onOpen() {
    /* PeerJS registers the id from the URL; nothing to send. */
  },
  onMessage(client, raw, at, run) {
    const message = raw as PeerJsMessage;
    switch (message.type) {
      case 'OPEN':
        client.markReady(at);
        return;
      case 'OFFER':
      case 'ANSWER':
      case 'CANDIDATE': {
        const t = message.payload?.t;
        run.received(client, message.src ?? '', typeof t === 'number' ? t : NaN, at);
        return;
      }
      case 'ERROR':
      case 'ID-TAKEN':
        count(run.errors, `${message.type}: ${String(message.payload?.msg ?? '')}`);
        return;
      default:
        count(run.other, String(message.type));
    }
  },
  encode(client, step, index, t) {
    const seq = client.seq++;
    const s = client.script;
    const connectionId = client.connectionId;
    let message: { type: string; dst: string; payload: unknown };
    if (step === 'candidate') {
      message = {
        type: 'CANDIDATE',
        dst: client.partnerId,
        payload: {
          candidate: { candidate: s.candidates[index]!, sdpMid: '0', sdpMLineIndex: 0, usernameFragment: s.ice.ufrag },
          type: 'media',
          connectionId,
          t,
          seq,
        },
      };
    } else {
      message = {
        type: step === 'offer' ? 'OFFER' : 'ANSWER',
        dst: client.partnerId,
        payload: {
          sdp: { type: step, sdp: step === 'offer' ? s.offer : s.answer },
          type: 'media',
          connectionId,
          t,
          seq,
        },
      };
    }
    return JSON.stringify(message);
  },
  keepalive(client, at) {
    // The PeerJS client sends {"type":"HEARTBEAT"} every `pingInterval` (5 s by default) after
    // open; the server closes a client silent for `alive_timeout` (60 s in its CLI).
    if (at - client.lastKeepalive >= PEERJS_PING_INTERVAL_MS) {
      client.lastKeepalive = at;
      client.ws!.send(HEARTBEAT);
    }
  },
};
const PEERJS_PING_INTERVAL_MS = 5000;
const HEARTBEAT = JSON.stringify({ type: 'HEARTBEAT' });

const ADAPTERS: Record<ServerKey, Adapter> = { ours, peerjs };

// ---- Clients ----------------------------------------------------------------------------------

/** A small pool of payload scripts: realistic, varied, and cheap to hold for 100k connections. */
const SCRIPTS: SideScript[] = Array.from({ length: 64 }, () => sideScript());

class BenchClient {
  ws: WebSocket | undefined;
  /** Own peer id: chosen by the client for PeerJS, assigned in `welcome` by ours. */
  id: string;
  readonly token = Math.random().toString(36).slice(2);
  readonly connectionId = `mc_${Math.random().toString(36).slice(2)}`;
  partnerId = '';
  tStart = 0;
  tOpen = 0;
  tReady = 0;
  ready = false;
  closed = false;
  seq = 0;
  lastKeepalive = 0;
  readonly script: SideScript;
  private onReady: (() => void) | undefined;

  constructor(
    readonly index: number,
    readonly room: string,
    readonly name: string,
    presetId: string,
  ) {
    this.id = presetId;
    this.script = SCRIPTS[index % SCRIPTS.length]!;
  }

  get usable(): boolean {
    return this.ready && !this.closed && this.ws?.readyState === WebSocket.OPEN;
  }

  markReady(at: number): void {
    if (this.ready) return;
    this.ready = true;
    this.tReady = at;
    this.onReady?.();
  }

  /** Opens the socket and joins; resolves when ready, failed or timed out (never rejects). */
  connect(adapter: Adapter, server: ServerProcess, run: RunState): Promise<void> {
    return new Promise((done) => {
      let settled = false;
      const settle = () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.onReady = undefined;
        done();
      };
      const timer = setTimeout(() => {
        count(run.connectFailures, 'timeout (15 s)');
        settle();
      }, 15_000);
      this.onReady = settle;
      this.tStart = now();
      const ws = new WebSocket(adapter.url(server, this), { handshakeTimeout: 10_000 });
      this.ws = ws;
      ws.on('open', () => {
        this.tOpen = now();
        this.lastKeepalive = this.tOpen;
        adapter.onOpen(this);
      });
      ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
        const at = now();
        if (isBinary || !Buffer.isBuffer(data)) {
          count(run.other, 'binary frame');
          return;
        }
        let message: unknown;
        try {
          message = JSON.parse(data.toString('utf8'));
        } catch {
          count(run.other, 'unparseable frame');
          return;
        }
        adapter.onMessage(this, message, at, run);
      });
      ws.on('error', (error: Error) => {
        if (!this.ready) count(run.connectFailures, error.message.slice(0, 80));
        else count(run.socketErrors, error.message.slice(0, 80));
        settle();
      });
      ws.on('close', (code: number) => {
        this.closed = true;
        if (!run.closing) count(run.closes, `${code}${this.ready ? '' : ' (before ready)'}`);
        settle();
      });
    });
  }
}

interface Pair {
  a: BenchClient;
  b: BenchClient;
  step: number;
}

/** One negotiation: A offers, B answers, each trickles three candidates. */
const SCRIPT: ReadonlyArray<[side: 'a' | 'b', step: Step, index: number]> = [
  ['a', 'offer', 0],
  ['b', 'answer', 0],
  ['a', 'candidate', 0],
  ['b', 'candidate', 0],
  ['a', 'candidate', 1],
  ['b', 'candidate', 1],
  ['a', 'candidate', 2],
  ['b', 'candidate', 2],
];

// ---- One run: one server, one round ------------------------------------------------------------

class RunState {
  closing = false;
  measuring = false;
  sent = 0;
  /** Relay messages the server refused with an `error`. */
  refused = 0;
  receivedCount = 0;
  misrouted = 0;
  latencies: number[] = [];
  errors = new Map<string, number>();
  closes = new Map<string, number>();
  connectFailures = new Map<string, number>();
  socketErrors = new Map<string, number>();
  other = new Map<string, number>();

  received(client: BenchClient, from: string, t: number, at: number): void {
    if (!this.measuring) return;
    if (from !== client.partnerId || !Number.isFinite(t)) {
      this.misrouted++;
      return;
    }
    this.receivedCount++;
    this.latencies.push(at - t);
  }
}

interface RunResult {
  server: ServerKey;
  round: number;
  /** 1 if this server ran first in its round, 2 if second. */
  position: number;
  requested: number;
  heldAfterConnect: number;
  heldAtEnd: number;
  joinOpenP50: number;
  joinOpenP99: number;
  joinStartP50: number;
  joinStartP99: number;
  connectPhaseS: number;
  /** Server CPU (user + system) during the connect phase, per connection that joined. */
  cpuPerJoinUs: number;
  rssBefore: number;
  rssIdle: number;
  /** (RSS idle - RSS before) / connections held: the headline memory figure. */
  memoryPerConnection: number;
  /** The same from V8's heapUsed + external, after the same GCs: less noisy, misses native memory. */
  heapPerConnection: number;
  relayWallS: number;
  serverCpuMs: number;
  relayed: number;
  cpuPerMessageUs: number;
  /** User-space part (utime) only: the part the server's own code (and ws, and V8) spends. */
  userCpuPerMessageUs: number;
  /** Server CPU with every connection idle (keepalive, timers), % of one core. */
  idleCpuPercent: number;
  /** CPU per relayed message after subtracting the idle CPU rate over the relay window. */
  netCpuPerMessageUs: number;
  serverCpuPercent: number;
  latencyP50: number;
  latencyP99: number;
  sent: number;
  lost: number;
  refused: number;
  misrouted: number;
  generatorCpuPercent: number;
  generatorLagP99: number;
  crashed: string | undefined;
  errors: Record<string, number>;
  closes: Record<string, number>;
  connectFailures: Record<string, number>;
  other: Record<string, number>;
}

function makeClients(adapter: Adapter, n: number, tag: string): { clients: BenchClient[]; pairs: Pair[] } {
  const clients: BenchClient[] = [];
  const pairs: Pair[] = [];
  for (let i = 0; i < n / 2; i++) {
    const room = `bench-${tag}-${i}`;
    const a = new BenchClient(2 * i, room, `load ${2 * i}`, adapter.key === 'peerjs' ? randomUUID() : '');
    const b = new BenchClient(2 * i + 1, room, `load ${2 * i + 1}`, adapter.key === 'peerjs' ? randomUUID() : '');
    if (adapter.key === 'peerjs') {
      a.partnerId = b.id;
      b.partnerId = a.id;
    }
    clients.push(a, b);
    pairs.push({ a, b, step: 0 });
  }
  return { clients, pairs };
}

async function connectAll(
  adapter: Adapter,
  server: ServerProcess,
  clients: BenchClient[],
  run: RunState,
  concurrency: number,
  timeoutMs: number,
): Promise<void> {
  const deadline = now() + timeoutMs;
  let next = 0;
  const worker = async () => {
    while (next < clients.length && now() < deadline && !server.exited) {
      await clients[next++]!.connect(adapter, server, run);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, clients.length) }, worker));
  // Ours: a pair's first member learns its partner from `peer-joined`; wait for the last ones.
  const pairingDeadline = now() + 5000;
  while (now() < pairingDeadline && clients.some((c) => c.usable && !c.partnerId)) await sleep(20);
}

/** Sends `rate` msgs/s round-robin over the pairs for `durationMs`, then waits for the last ones. */
async function relayLoad(
  adapter: Adapter,
  pairs: Pair[],
  run: RunState,
  rate: number,
  durationMs: number,
  server: ServerProcess,
): Promise<void> {
  const live = pairs.filter((p) => p.a.usable && p.b.usable && p.a.partnerId && p.b.partnerId);
  const total = Math.round((rate * durationMs) / 1000);
  if (live.length === 0 || total === 0) return;
  const t0 = now();
  let scheduled = 0;
  let cursor = 0;
  while (scheduled < total && now() - t0 < durationMs + 5000 && !server.exited) {
    const due = Math.min(total, Math.floor(((now() - t0) * rate) / 1000));
    while (scheduled < due) {
      scheduled++;
      const pair = live[cursor]!;
      cursor = (cursor + 1) % live.length;
      const [side, step, index] = SCRIPT[pair.step]!;
      pair.step = (pair.step + 1) % SCRIPT.length;
      const sender = pair[side];
      if (!sender.usable) continue;
      sender.ws!.send(adapter.encode(sender, step, index, now()));
      run.sent++;
    }
    await sleep(4);
  }
  // Drain: until all arrived (or were refused), no progress for 2 s, or 10 s.
  const drainDeadline = now() + 10_000;
  let last = -1;
  let lastChange = now();
  while (now() < drainDeadline && run.receivedCount + run.refused < run.sent && !server.exited) {
    if (run.receivedCount !== last) {
      last = run.receivedCount;
      lastChange = now();
    } else if (now() - lastChange > 2000) {
      break;
    }
    await sleep(20);
  }
}

/** Closes every socket: with a close handshake (1000) when `graceful`, else by dropping TCP. */
async function closeAll(clients: BenchClient[], run: RunState, graceful: boolean): Promise<void> {
  run.closing = true;
  for (const c of clients) {
    if (graceful && c.ws?.readyState === WebSocket.OPEN) c.ws.close(1000, 'bench done');
    else c.ws?.terminate();
  }
  const open = () => clients.some((c) => c.ws && c.ws.readyState !== WebSocket.CLOSED);
  const deadline = now() + 3000;
  while (now() < deadline && open()) await sleep(20);
  if (open()) for (const c of clients) c.ws?.terminate();
}

function toRecord(map: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...map].sort((x, y) => y[1] - x[1]));
}

/**
 * One server, one round. With a `barrier` (both servers at once), the run waits for the other
 * one before the quiet time and baseline memory, the connect phase, the idle-CPU window and the
 * relay phase, so that those start together and see the same machine. It leaves the barrier as
 * soon as it is done or fails, so the other run never waits for a dead one.
 */
async function runOne(
  adapter: Adapter,
  opts: Options,
  round: number,
  position: number,
  barrier?: Barrier,
): Promise<RunResult> {
  const tag = `${round}${adapter.key[0]}${Date.now().toString(36)}`;
  let phaseStart = now();
  const phases: string[] = [];
  const phase = (name: string) => {
    const at = now();
    phases.push(`${name} ${fmt((at - phaseStart) / 1000, 2)} s`);
    phaseStart = at;
  };
  let left = false;
  const leave = () => {
    if (left) return;
    left = true;
    barrier?.leave();
  };
  /** Waits for the other run (when there is one) to reach the same point. */
  const lockstep = async () => {
    if (!barrier) return;
    await barrier.wait();
    phase('wait');
  };
  let server: ServerProcess;
  try {
    server = await startServer(adapter, opts);
  } catch (error) {
    leave();
    throw error;
  }
  phase('start');
  const run = new RunState();
  let crashed: string | undefined;
  const clientsAll: BenchClient[] = [];
  // Client keepalive, as each protocol's real client does it, for the whole run.
  const keepalive = setInterval(() => {
    const at = now();
    for (const c of clientsAll) if (c.usable) adapter.keepalive(c, at);
  }, 250);
  try {
    // Warm-up (not measured): up to 100 pairs connect, relay for a while, leave. It loads and
    // optimizes the servers' code paths and lets V8 size its heap for traffic before the baseline.
    const warm = makeClients(adapter, Math.min(200, opts.connections), `${tag}w`);
    clientsAll.push(...warm.clients);
    await connectAll(adapter, server, warm.clients, run, opts.concurrency, 10_000);
    run.measuring = true;
    await relayLoad(
      adapter,
      warm.pairs,
      run,
      Math.min(opts.rate, warm.pairs.length * 10),
      opts.quick ? 500 : 2000,
      server,
    );
    run.measuring = false;
    await closeAll(warm.clients, run, true);
    if (warm.clients.every((c) => !c.ready)) {
      throw new ServerStartError(
        `${adapter.label}: no warm-up connection became ready (${JSON.stringify(toRecord(run.connectFailures))}, closes ${JSON.stringify(toRecord(run.closes))}, errors ${JSON.stringify(toRecord(run.errors))}). Last output:\n  ${server.output.join('\n  ') || '(none)'}`,
      );
    }
    Object.assign(run, new RunState());
    clientsAll.length = 0;
    phase('warm-up');
    await lockstep();

    // The baseline follows the same quiet time as the idle reading below (settle + idle window),
    // so that V8's memory reducer, which shrinks the heap some seconds after traffic stops, has
    // had the same chance to run before both readings.
    await sleep(opts.settleMs + opts.idleMs);
    phase('quiet');
    const before = await settledMemory(server, opts.settleMs);
    phase('gc+memory');

    // Connect phase.
    await lockstep();
    const { clients, pairs } = makeClients(adapter, opts.connections, tag);
    clientsAll.push(...clients);
    const connectStart = now();
    const connectCpu0 = processCpu(server.pid);
    await connectAll(adapter, server, clients, run, opts.concurrency, Math.max(30_000, opts.connections * 20));
    const connectCpu = cpuSince(server.pid, connectCpu0);
    const connectPhaseS = (now() - connectStart) / 1000;
    const heldAfterConnect = clients.filter((c) => c.usable).length;
    const joined = clients.filter((c) => c.ready);
    const joinOpen = sortedCopy(joined.map((c) => c.tReady - c.tOpen));
    const joinStart = sortedCopy(joined.map((c) => c.tReady - c.tStart));
    phase('connect');

    // Idle CPU (keepalive and timers only), then idle memory.
    await sleep(opts.settleMs);
    if (barrier) phase('settle');
    await lockstep();
    const idle0 = processCpu(server.pid);
    const idleT0 = now();
    await sleep(opts.idleMs);
    const idleCpu = cpuSince(server.pid, idle0);
    const idleCpuUs = idleCpu.user + idleCpu.system;
    const idleWallS = (now() - idleT0) / 1000;
    phase('idle cpu');
    const idle = await settledMemory(server, opts.settleMs);
    phase('gc+memory');

    // Relay phase.
    await lockstep();
    run.measuring = true;
    const lag = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
    lag.enable();
    const cpu0 = processCpu(server.pid);
    const gen0 = process.cpuUsage();
    const t0 = now();
    await relayLoad(adapter, pairs, run, opts.rate, opts.duration * 1000, server);
    const relayWallS = (now() - t0) / 1000;
    phase('relay+drain');
    const relayCpu = cpuSince(server.pid, cpu0);
    const gen = process.cpuUsage(gen0);
    lag.disable();
    run.measuring = false;
    const heldAtEnd = clients.filter((c) => c.usable).length;
    if (server.exited)
      crashed = `exited during the run (code ${server.exited.code}, signal ${server.exited.signal}); last output: ${server.output.slice(-5).join(' | ')}`;

    const latencies = sortedCopy(run.latencies);
    const serverCpuUs = relayCpu.user + relayCpu.system;
    const relayed = run.receivedCount;
    const perConnection = (a: number, b: number) => (heldAfterConnect > 0 ? (b - a) / heldAfterConnect : NaN);
    return {
      server: adapter.key,
      round,
      position,
      requested: opts.connections,
      heldAfterConnect,
      heldAtEnd,
      joinOpenP50: percentile(joinOpen, 50),
      joinOpenP99: percentile(joinOpen, 99),
      joinStartP50: percentile(joinStart, 50),
      joinStartP99: percentile(joinStart, 99),
      connectPhaseS,
      cpuPerJoinUs: joined.length > 0 ? (connectCpu.user + connectCpu.system) / joined.length : NaN,
      rssBefore: before.rss,
      rssIdle: idle.rss,
      memoryPerConnection: perConnection(before.rss, idle.rss),
      heapPerConnection: perConnection(before.heap, idle.heap),
      relayWallS,
      serverCpuMs: serverCpuUs / 1000,
      relayed,
      cpuPerMessageUs: relayed > 0 ? serverCpuUs / relayed : NaN,
      userCpuPerMessageUs: relayed > 0 ? relayCpu.user / relayed : NaN,
      idleCpuPercent: idleCpuUs / 1e4 / idleWallS,
      netCpuPerMessageUs: relayed > 0 ? (serverCpuUs - (idleCpuUs / idleWallS) * relayWallS) / relayed : NaN,
      serverCpuPercent: serverCpuUs / 1e4 / relayWallS,
      latencyP50: percentile(latencies, 50),
      latencyP99: percentile(latencies, 99),
      sent: run.sent,
      lost: run.sent - run.receivedCount,
      refused: run.refused,
      misrouted: run.misrouted,
      generatorCpuPercent: (gen.user + gen.system) / 1e4 / relayWallS,
      generatorLagP99: Math.max(0, lag.percentile(99) / 1e6 - LAG_RESOLUTION_MS),
      crashed,
      errors: toRecord(run.errors),
      closes: toRecord(run.closes),
      connectFailures: toRecord(run.connectFailures),
      other: toRecord(run.other),
    };
  } finally {
    leave();
    clearInterval(keepalive);
    await closeAll(clientsAll, run, false);
    await stopServer(server);
    phase('stop');
    if (opts.verbose) {
      // Concurrent runs print their result lines after the round, so a line of its own here.
      if (barrier) console.log(`  [${adapter.label}, round ${round}, phases: ${phases.join(', ')}]`);
      else process.stdout.write(`[phases: ${phases.join(', ')}] `);
    }
  }
}

// ---- Report -----------------------------------------------------------------------------------

function fmt(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

interface Metric {
  name: string;
  get: (r: RunResult) => number;
  digits: number;
  /** Included in the ratio table. */
  ratio: boolean;
  /** Also in the table of per-round (paired) ratios. */
  paired?: boolean;
}

function metrics(opts: Options, adapter: Adapter): Metric[] {
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

const ORDINAL = ['', '1st', '2nd'];

function serverTable(opts: Options, adapter: Adapter, results: RunResult[]): string {
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

function ratioText(a: number, b: number): string {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return 'n/a';
  if (b === 0) return a === 0 ? '1.00 (both 0)' : 'inf (PeerJS 0)';
  return fmt(a / b, 2);
}

function problems(adapter: Adapter, results: RunResult[], opts: Options): string[] {
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

function report(opts: Options, all: RunResult[]): void {
  const keys: ServerKey[] = opts.only ? [opts.only] : ['ours', 'peerjs'];
  const lines: string[] = [];
  for (const key of keys) {
    const adapter = ADAPTERS[key];
    const results = all.filter((r) => r.server === key);
    lines.push('', `### ${adapter.label}`, '', serverTable(opts, adapter, results));
  }
  if (keys.length === 2) {
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

// ---- File descriptors -------------------------------------------------------------------------

function fdLimits(): { soft: number; hard: number } {
  const out = execFileSync('/bin/sh', ['-c', 'ulimit -Sn; ulimit -Hn'], { encoding: 'utf8' }).trim().split('\n');
  const parse = (s: string | undefined) => (s === undefined || s === 'unlimited' ? Infinity : Number(s));
  return { soft: parse(out[0]), hard: parse(out[1]) };
}

/** Descriptors this process needs: one per connection of each run in flight at once. */
function descriptorsNeeded(opts: Options, connections = opts.connections): number {
  return connections * (together(opts) ? 2 : 1) + 256;
}

/**
 * This process holds one descriptor per connection (of both runs, when the servers run
 * together), and each server one per its connection. Returns the connection count to use;
 * re-executes itself with a raised soft limit when the hard one allows.
 */
function checkDescriptors(opts: Options): number | 'reexec' {
  const margin = 256;
  const need = descriptorsNeeded(opts);
  const runs = together(opts) ? 2 : 1;
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

  const keys: ServerKey[] = opts.only ? [opts.only] : ['ours', 'peerjs'];
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
      ? 'both servers at the same time, in lockstep'
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
