/** Small helpers of the signaling benchmark: statistics, a barrier, and reading a process's CPU time and memory from /proc. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { performance } from 'node:perf_hooks';

export const LAG_RESOLUTION_MS = 5;
export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
export const now = () => performance.now();

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function sortedCopy(values: number[]): Float64Array {
  return Float64Array.from(values).sort();
}

export function median(values: number[]): number {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return NaN;
  const s = sortedCopy(finite);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function count(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/**
 * Keeps concurrent runs in lockstep: `wait()` resolves once all `parties` are waiting. A party
 * that is done, or failed, calls `leave()` (once): from then on the others no longer wait for it,
 * and if all the remaining ones are already waiting they are released, so a crashed or failed
 * server never holds the other run up.
 */
export class Barrier {
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

/** This process's limits of open files (soft, hard). */
export function fdLimits(): { soft: number; hard: number } {
  const out = execFileSync('/bin/sh', ['-c', 'ulimit -Sn; ulimit -Hn'], { encoding: 'utf8' }).trim().split('\n');
  const parse = (s: string | undefined) => (s === undefined || s === 'unlimited' ? Infinity : Number(s));
  return { soft: parse(out[0]), hard: parse(out[1]) };
}

/** Clock ticks per second, for /proc/<pid>/stat. */
export function clockTicks(): number {
  try {
    const n = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    if (Number.isFinite(n) && n > 0) return n;
  } catch {
    /* fall through */
  }
  return 100;
}
export const CLK_TCK = clockTicks();

export interface CpuTime {
  /** utime: user-space CPU of all the process's threads, microseconds. */
  user: number;
  /** stime: kernel CPU on the process's behalf (syscalls: socket reads and writes), microseconds. */
  system: number;
}

/** CPU time of a whole process (all its threads) from /proc/<pid>/stat; NaN when it is gone. */
export function processCpu(pid: number): CpuTime {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state); utime is field 14, stime field 15.
    return { user: (Number(fields[11]) * 1e6) / CLK_TCK, system: (Number(fields[12]) * 1e6) / CLK_TCK };
  } catch {
    return { user: NaN, system: NaN };
  }
}

export function cpuSince(pid: number, start: CpuTime): CpuTime {
  const end = processCpu(pid);
  return { user: end.user - start.user, system: end.system - start.system };
}

/** Resident set size of a process, in bytes. */
export function processRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

/** Ports handed to servers still running: two runs started at once must not get the same one. */
export const portsInUse = new Set<number>();

export function tcpReachable(port: number): Promise<boolean> {
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
