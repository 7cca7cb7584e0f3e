/**
 * Child processes of tests and benches: each one is killed when this process exits, even after a
 * failure or a signal; waiting for a line of a child's output; stopping a child with a deadline.
 */
import type { ChildProcess } from 'node:child_process';

const children = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Kills `child` (SIGKILL) when this process exits or is told to stop, whatever the reason. */
export function track(child: ChildProcess): void {
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

/** Waits until `child` prints a line that `match` accepts; rejects on exit or after `timeoutMs`. */
export function waitForLine<T>(
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

export function stopper(child: ChildProcess, graceMs = 5000): (signal?: NodeJS.Signals) => Promise<number | null> {
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
