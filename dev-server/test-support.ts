/**
 * Starting real servers for tests: a private `redis-server`, `rtc-signal` processes, and a TCP
 * proxy that can break the connections through it.
 * Used by the node tests and by web-test-runner plugins. Every spawned process is killed when the
 * calling process exits, even after a failure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';

const children = new Set<ChildProcess>();
let exitHookInstalled = false;

function track(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    const killAll = (): void => {
      for (const running of children) running.kill('SIGKILL');
    };
    process.once('exit', killAll);
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      const onSignal = (): void => {
        killAll();
        // Keep the default behaviour (exit) unless the host process handles the signal itself.
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      };
      process.once(signal, onSignal);
    }
  }
}

/** A free TCP port on 127.0.0.1 (asks the OS, then releases it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Waits until `child` prints a line that `match` accepts; rejects on exit or after `timeoutMs`. */
function waitForLine<T>(
  child: ChildProcess,
  what: string,
  match: (line: string) => T | undefined,
  timeoutMs: number,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    let output = '';
    const cleanup = (): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onErr);
      child.off('exit', onExit);
    };
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString('utf8');
      output += chunk.toString('utf8');
      for (let newline = buffered.indexOf('\n'); newline !== -1; newline = buffered.indexOf('\n')) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        const found = match(line);
        if (found !== undefined) {
          cleanup();
          resolve(found);
          return;
        }
      }
    };
    const onErr = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
    };
    const onExit = (code: number | null, signal: string | null): void => {
      cleanup();
      reject(new Error(`${what} exited (code ${code}, signal ${signal}) before it was ready:\n${output.slice(-4000)}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      child.kill('SIGKILL');
      reject(new Error(`${what} was not ready after ${timeoutMs} ms:\n${output.slice(-4000)}`));
    }, timeoutMs);
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onErr);
    child.on('exit', onExit);
  });
}

function stopper(child: ChildProcess, graceMs = 5000): (signal?: NodeJS.Signals) => Promise<number | null> {
  return (signal: NodeJS.Signals = 'SIGTERM') =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
      child.kill(signal);
    });
}

/** A running `redis-server`. */
export interface RedisHandle {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  port: number;
  process: ChildProcess;
  /** Kills it (SIGKILL: nothing to persist) and waits for the exit. */
  stop(): Promise<void>;
}

/**
 * Starts a private `redis-server` on a free port of 127.0.0.1 (or on `port`), without persistence.
 * Fails with a clear message when `redis-server` is not installed (`redisServer` overrides the binary).
 */
export async function startRedis(options: { redisServer?: string; port?: number } = {}): Promise<RedisHandle> {
  const binary = options.redisServer ?? process.env.REDIS_SERVER ?? findOnPath('redis-server');
  if (!binary) {
    throw new Error(
      'redis-server is not installed (apt-get install redis-server, or set REDIS_SERVER); the Redis tests need it',
    );
  }
  let lastError: unknown;
  // A given port (a restart on the same address) gets one attempt; a free port, up to three.
  for (let attempt = 0; attempt < (options.port === undefined ? 3 : 1); attempt++) {
    const port = options.port ?? (await freePort());
    const child = spawn(
      binary,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'notice'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    track(child);
    try {
      await waitForLine(
        child,
        'redis-server',
        (line) => (line.includes('Ready to accept connections') ? true : undefined),
        10_000,
      );
      child.stdout?.resume();
      child.stderr?.resume();
      const stop = stopper(child, 2000);
      return { url: `redis://127.0.0.1:${port}`, port, process: child, stop: async () => void (await stop('SIGKILL')) };
    } catch (error) {
      lastError = error; // most likely the port was taken meanwhile: try another
    }
  }
  throw lastError;
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(':')) {
    const candidate = `${dir}/${name}`;
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** A running `rtc-signal` process. */
export interface ServerProcess {
  /** The WebSocket URL. */
  url: string;
  /** The HTTP base URL (`/healthz`, `/metrics`). */
  httpUrl: string;
  port: number;
  process: ChildProcess;
  /** Log lines (JSON objects) printed since start. */
  logs: Array<Record<string, unknown>>;
  /** Sends `signal` (default SIGTERM), waits for the exit (SIGKILL after 5 s), returns the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** The compiled CLI next to this module. */
export const CLI_PATH = fileURLToPath(new URL('./cli.js', import.meta.url));

/**
 * Starts `node cli.js --port 0 --host 127.0.0.1 ...args` and resolves once it listens.
 * `env` is added to the current environment.
 */
export async function startServerProcess(
  args: readonly string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [CLI_PATH, '--port', '0', '--host', '127.0.0.1', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  track(child);
  const logs: Array<Record<string, unknown>> = [];
  const parse = (line: string): Record<string, unknown> | undefined => {
    try {
      const value: unknown = JSON.parse(line);
      return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  };
  const ready = await waitForLine(
    child,
    'rtc-signal',
    (line) => {
      const record = parse(line);
      if (record) logs.push(record);
      return record?.msg === 'listening' ? record : undefined;
    },
    15_000,
  );
  // Log lines from both streams (info and debug go to stdout, warn and error to stderr).
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream?.on('data', (chunk: Buffer) => {
      rest += chunk.toString('utf8');
      for (let newline = rest.indexOf('\n'); newline !== -1; newline = rest.indexOf('\n')) {
        const record = parse(rest.slice(0, newline));
        rest = rest.slice(newline + 1);
        if (record && logs.length < 10_000) logs.push(record);
      }
    });
  }
  return {
    url: String(ready.url),
    httpUrl: String(ready.httpUrl),
    port: Number(ready.port),
    process: child,
    logs,
    stop: stopper(child),
  };
}

/** A TCP proxy on 127.0.0.1 in front of a server, to break the connections through it. */
export interface TcpProxy {
  port: number;
  /**
   * Ends every connection through it at once, without a WebSocket close frame: both ends see the
   * connection lost (close 1006 in a browser). `destroy()`, not `resetAndDestroy()`: a reset
   * socket can leave Node spinning in its exit cleanup (found here: a node test file that used
   * it hung at exit, one run in ten, at 80 % CPU).
   */
  drop(): number;
  /** How many connections it has accepted since it started (dropped and refused ones included). */
  accepted(): number;
  /** Drops every connection and resets each new one until `restore()`: the server is unreachable. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let down = false;
  let accepted = 0;
  const server = createServer((client) => {
    accepted++;
    client.on('error', () => undefined);
    if (down) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const drop = (): number => {
    const count = sockets.size;
    for (const socket of [...sockets]) socket.destroy();
    return count;
  };
  return {
    port: (server.address() as { port: number }).port,
    drop,
    accepted: () => accepted,
    cut() {
      down = true;
      drop();
    },
    restore() {
      down = false;
    },
    async close() {
      drop();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
