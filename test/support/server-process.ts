/** A real `rtc-signal` process for tests, killed when the calling process exits. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stopper, track, waitForLine } from './processes.js';

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

/** The compiled CLI (`dist/dev-server/cli.js`). */
export const CLI_PATH = fileURLToPath(new URL('../../dev-server/cli.js', import.meta.url));

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
