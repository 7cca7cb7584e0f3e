/** A private `redis-server` for tests, killed when the calling process exits. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { freePort } from './ports.js';
import { stopper, track, waitForLine } from './processes.js';

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
