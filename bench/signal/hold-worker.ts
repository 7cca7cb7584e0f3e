/**
 * A client process of `bench:signal -- --hold N` (`hold.ts`): raw `ws` clients of our protocol,
 * a pair's two clients on different server processes, from its own source address in
 * 127.0.0.0/8 (so that no one address runs out of ephemeral ports). Driven over IPC:
 * `connect`, then `relay`, then `close`; each answers with its counts and latencies.
 */
import { ours } from './adapters.js';
import { BenchClient, type Pair } from './clients.js';
import { RunState, relayLoad } from './run.js';
import type { ServerGroup, ServerProcess } from './servers.js';
import { now, sleep } from './util.js';

export interface WorkerSetup {
  /** The ports of the server processes, with the WebSocket path. */
  ports: number[];
  path: string;
  /** Room names are `hold-<tag>-<i>` for pair i of this worker. */
  tag: string;
  pairs: number;
  localAddress: string;
  concurrency: number;
}

export type WorkerCommand =
  | { type: 'connect'; setup: WorkerSetup }
  | { type: 'relay'; rate: number; durationMs: number }
  | { type: 'close' };

export interface WorkerReport {
  type: 'connected' | 'relayed' | 'closed';
  usable: number;
  failures: Record<string, number>;
  sent: number;
  received: number;
  latencies: number[];
}

let clients: BenchClient[] = [];
let pairs: Pair[] = [];
let server: ServerGroup | undefined;
const run = new RunState();

async function connect(setup: WorkerSetup): Promise<void> {
  const processes = setup.ports.map((port) => ({ port, path: setup.path }) as ServerProcess);
  server = { processes, redis: undefined, exited: undefined, output: [] };
  for (let i = 0; i < setup.pairs; i++) {
    const room = `hold-${setup.tag}-${i}`;
    const a = new BenchClient(2 * i, room, `a${i}`, '');
    const b = new BenchClient(2 * i + 1, room, `b${i}`, '');
    a.localAddress = b.localAddress = setup.localAddress;
    clients.push(a, b);
    pairs.push({ a, b, step: 0 });
  }
  let next = 0;
  const group = server;
  const worker = async () => {
    while (next < clients.length) await clients[next++]!.connect(ours, group, run);
  };
  await Promise.all(Array.from({ length: setup.concurrency }, worker));
  // A pair's first member learns its partner from `peer-joined`.
  const deadline = now() + 10_000;
  while (now() < deadline && clients.some((c) => c.usable && !c.partnerId)) await sleep(20);
}

function report(type: WorkerReport['type']): WorkerReport {
  return {
    type,
    usable: clients.filter((c) => c.usable).length,
    failures: Object.fromEntries(run.connectFailures),
    sent: run.sent,
    received: run.receivedCount,
    latencies: run.latencies,
  };
}

process.on('message', (command: WorkerCommand) => {
  void (async () => {
    if (command.type === 'connect') {
      await connect(command.setup);
      process.send?.(report('connected'));
    } else if (command.type === 'relay' && server) {
      run.measuring = true;
      await relayLoad(ours, pairs, run, command.rate, command.durationMs, server);
      run.measuring = false;
      process.send?.(report('relayed'));
    } else if (command.type === 'close') {
      run.closing = true;
      for (const c of clients) c.ws?.terminate();
      const state = report('closed');
      clients = [];
      pairs = [];
      process.send?.(state);
      process.disconnect?.();
    }
  })();
});
