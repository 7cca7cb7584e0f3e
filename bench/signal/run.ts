/** The load generator: one run, one server, one round (connect, idle, relay load, close), and its result. */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { ServerKey, Options } from './options.js';
import { LAG_RESOLUTION_MS, sleep, now, percentile, sortedCopy, type Barrier } from './util.js';
import {
  type ServerGroup,
  ServerStartError,
  startServer,
  stopServer,
  settledMemory,
  groupCpu,
  groupCpuSince,
} from './servers.js';
import type { Adapter } from './adapters.js';
import { BenchClient, type Pair, SCRIPT } from './clients.js';
import { fmt } from './report.js';

export class RunState {
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

export interface RunResult {
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
  /** The part of `cpuPerMessageUs` that redis-server spent (0 without Redis). */
  redisCpuPerMessageUs: number;
  /** redis-server's RSS growth per connection held (NaN without Redis). */
  redisMemoryPerConnection: number;
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

export function makeClients(adapter: Adapter, n: number, tag: string): { clients: BenchClient[]; pairs: Pair[] } {
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

export async function connectAll(
  adapter: Adapter,
  server: ServerGroup,
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
export async function relayLoad(
  adapter: Adapter,
  pairs: Pair[],
  run: RunState,
  rate: number,
  durationMs: number,
  server: ServerGroup,
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
export async function closeAll(clients: BenchClient[], run: RunState, graceful: boolean): Promise<void> {
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

export function toRecord(map: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...map].sort((x, y) => y[1] - x[1]));
}

/**
 * One server, one round. With a `barrier` (both servers at once), the run waits for the other
 * one before the quiet time and baseline memory, the connect phase, the idle-CPU window and the
 * relay phase, so that those start together and see the same machine. It leaves the barrier as
 * soon as it is done or fails, so the other run never waits for a dead one.
 */
export async function runOne(
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
  let server: ServerGroup;
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
    const connectCpu0 = groupCpu(server);
    await connectAll(adapter, server, clients, run, opts.concurrency, Math.max(30_000, opts.connections * 20));
    const connectCpu = groupCpuSince(server, connectCpu0);
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
    const idle0 = groupCpu(server);
    const idleT0 = now();
    await sleep(opts.idleMs);
    const idleCpu = groupCpuSince(server, idle0);
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
    const cpu0 = groupCpu(server);
    const gen0 = process.cpuUsage();
    const t0 = now();
    await relayLoad(adapter, pairs, run, opts.rate, opts.duration * 1000, server);
    const relayWallS = (now() - t0) / 1000;
    phase('relay+drain');
    const relayCpu = groupCpuSince(server, cpu0);
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
      redisCpuPerMessageUs: relayed > 0 ? relayCpu.redis / relayed : NaN,
      redisMemoryPerConnection: perConnection(before.redisRss, idle.redisRss),
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
