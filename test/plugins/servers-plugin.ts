/**
 * A web-test-runner plugin that lets browser tests start real servers on this machine and break
 * them on purpose, through `executeServerCommand` (from `@web/test-runner-commands`):
 *
 * - `rtc-cluster-start` → `{ id, urls: [ws1, ws2] }`: a private `redis-server` and two `rtc-signal`
 *   processes sharing rooms through it.
 * - `rtc-proxy-start` `{ target }` → `{ id, url }`: a TCP proxy in front of a signaling server, and
 *   `rtc-proxy-drop` `{ id }`: cut every connection through it at once (as a network drop does;
 *   the browser sees close 1006), while new connections still go through; `rtc-proxy-accepted`
 *   `{ id }` → `{ accepted }`: how many connections it has accepted.
 * - `rtc-turn-start` `{ loss?, wrongSecret? }` → `{ id, url, turnUrl }`: a real coturn (`--use-auth-secret`)
 *   and an `rtc-signal` process that hands out TURN REST API credentials for it in `welcome` (made
 *   with another secret than coturn's when `wrongSecret`: coturn refuses them). With `{ loss }` (0 to 1),
 *   the TURN URL handed out is a lossy UDP proxy's in front of coturn (test/plugins/lossy-udp.ts),
 *   and `rtc-lossy-set` `{ id, loss }` changes the share it drops during the call.
 * - `rtc-server-start` `{ args }` → `{ id, url }`: one `rtc-signal` process with these CLI flags.
 * - `rtc-server-kill` `{ id }`: SIGKILL that process (its state is lost; clients see close 1006),
 *   and `rtc-server-restart` `{ id }` → `{ id, url }`: a fresh process with the same flags on the
 *   same port (after a kill, or killing the running one first), so clients reconnect to the same URL.
 * - `rtc-mint-token` `{ secret, room, name?, ttlSeconds? }` → a JWT, as `rtc-signal token` makes.
 * - `rtc-stop` `{ id }`: stop what the test started. Anything left is stopped when the run ends.
 *
 * Everything listens on 127.0.0.1 only.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mintToken } from '../../dev-server/auth.js';
import { coturnArgs, turnserverPath } from '../support/coturn.js';
import { type LossyUdpProxy, startLossyUdpProxy } from './lossy-udp.js';
import {
  freePort,
  startRedis,
  type ServerProcess,
  startServerProcess,
  startTcpProxy,
  type TcpProxy,
} from '../support/index.js';

type Stop = () => Promise<unknown>;

interface CommandArgs {
  command: string;
  payload?: unknown;
}

export function serversPlugin() {
  const running = new Map<string, Stop>();
  const proxies = new Map<string, TcpProxy>();
  const lossy = new Map<string, LossyUdpProxy>();
  let next = 0;
  /** `rtc-server-start` servers: their flags and port, to start them again; `process` is null while killed. */
  const servers = new Map<string, { args: string[]; port: number; process: ServerProcess | null }>();

  async function startServer(args: string[]) {
    const server = await startServerProcess([...args, '--log-level', 'warn']);
    const id = `server-${++next}`;
    const entry = { args, port: server.port, process: server as ServerProcess | null };
    servers.set(id, entry);
    running.set(id, async () => {
      servers.delete(id);
      await entry.process?.stop();
    });
    return { id, url: server.url };
  }

  async function killServer(id: string) {
    const entry = servers.get(id);
    if (!entry) throw new Error(`no server ${id}`);
    const process = entry.process;
    entry.process = null;
    await process?.stop('SIGKILL');
    return true;
  }

  async function restartServer(id: string) {
    await killServer(id);
    const entry = servers.get(id)!;
    const server = await startServerProcess([...entry.args, '--log-level', 'warn', '--port', String(entry.port)]);
    entry.process = server;
    return { id, url: server.url };
  }

  async function startCluster() {
    const redis = await startRedis();
    const args = ['--redis', redis.url, '--log-level', 'warn', '--redis-node-ttl-ms', '3000'];
    const servers = await Promise.all([startServerProcess(args), startServerProcess(args)]);
    const id = `cluster-${++next}`;
    running.set(id, async () => {
      await Promise.all(servers.map((s) => s.stop()));
      await redis.stop();
    });
    return { id, urls: servers.map((s) => s.url) };
  }

  async function startTurn(loss?: number, wrongSecret = false) {
    const binary = turnserverPath();
    const secret = randomBytes(16).toString('hex');
    const port = await freePort();
    const minPort = 40_000 + Math.floor(Math.random() * 200) * 100;
    const turn = spawn(
      binary,
      coturnArgs({
        listen: ['127.0.0.1'],
        port,
        relayPorts: [minPort, minPort + 99],
        realm: 'test.local',
        auth: ['--use-auth-secret', `--static-auth-secret=${secret}`],
      }),
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    turn.on('error', () => undefined);
    const exited = new Promise((resolve) => turn.once('exit', resolve));
    const stopTurn = async () => {
      if (turn.exitCode === null && turn.signalCode === null) turn.kill('SIGKILL');
      await exited;
    };
    try {
      await new Promise<void>((resolve, reject) => {
        let output = '';
        const timer = setTimeout(() => reject(new Error(`coturn did not start within 15 s:\n${output}`)), 15_000);
        turn.stdout!.on('data', (chunk: Buffer) => {
          output += chunk;
          if (output.includes('Total General servers')) {
            clearTimeout(timer);
            resolve();
          }
        });
        turn.once('exit', (code) => reject(new Error(`coturn exited (${code}):\n${output}`)));
      });
      turn.stdout!.resume();
      turn.stderr!.resume();
      const proxy = loss === undefined ? null : await startLossyUdpProxy(port, loss);
      const turnUrl = `turn:127.0.0.1:${proxy?.port ?? port}?transport=udp`;
      const signaling = await startServerProcess([
        '--turn-secret',
        wrongSecret ? randomBytes(16).toString('hex') : secret,
        '--turn-url',
        turnUrl,
        '--log-level',
        'warn',
      ]);
      const id = `turn-${++next}`;
      if (proxy) lossy.set(id, proxy);
      running.set(id, async () => {
        await signaling.stop();
        await proxy?.close();
        lossy.delete(id);
        await stopTurn();
      });
      return { id, url: signaling.url, turnUrl };
    } catch (error) {
      await stopTurn();
      throw error;
    }
  }

  async function startProxy(target: string) {
    const { port, pathname } = new URL(target);
    const proxy = await startTcpProxy(Number(port));
    const id = `proxy-${++next}`;
    proxies.set(id, proxy);
    running.set(id, async () => {
      await proxy.close();
      proxies.delete(id);
    });
    return { id, url: `ws://127.0.0.1:${proxy.port}${pathname}` };
  }

  return {
    name: 'rtc-test-servers',
    async executeCommand({ command, payload }: CommandArgs) {
      const args = (payload ?? {}) as {
        id?: string;
        target?: string;
        args?: string[];
        loss?: number;
        wrongSecret?: boolean;
      };
      switch (command) {
        case 'rtc-server-start':
          return startServer(args.args ?? []);
        case 'rtc-server-kill':
          return killServer(String(args.id));
        case 'rtc-server-restart':
          return restartServer(String(args.id));
        case 'rtc-mint-token':
          return mintToken(payload as Parameters<typeof mintToken>[0]);
        case 'rtc-cluster-start':
          return startCluster();
        case 'rtc-turn-start':
          return startTurn(args.loss, args.wrongSecret === true);
        case 'rtc-lossy-set': {
          const proxy = lossy.get(String(args.id));
          if (!proxy) throw new Error(`no lossy TURN ${args.id}`);
          proxy.setLoss(Number(args.loss));
          return proxy.counts();
        }
        case 'rtc-proxy-start':
          return startProxy(String(args.target));
        case 'rtc-proxy-drop': {
          const proxy = proxies.get(String(args.id));
          if (!proxy) throw new Error(`no proxy ${args.id}`);
          return { dropped: proxy.drop() };
        }
        case 'rtc-proxy-accepted': {
          const proxy = proxies.get(String(args.id));
          if (!proxy) throw new Error(`no proxy ${args.id}`);
          return { accepted: proxy.accepted() };
        }
        case 'rtc-stop': {
          const stop = running.get(String(args.id));
          running.delete(String(args.id));
          await stop?.();
          return true;
        }
        default:
          return undefined;
      }
    },
    async serverStop() {
      await Promise.all([...running.values()].map((stop) => stop().catch(() => undefined)));
      running.clear();
    },
  };
}
