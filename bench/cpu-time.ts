/** CPU time of a process tree, read from /proc (Linux), and a median: what the cost benches measure with. */
import { readdirSync, readFileSync } from 'node:fs';

/** CPU time (user + system, ms) of `pid` and every process under it. */
export function treeCpuMs(pid: number): number {
  const tick = 1000 / 100; // USER_HZ is 100 on Linux.
  const parent = new Map<number, number>();
  const cpu = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(entry), Number(fields[1]));
      cpu.set(Number(entry), (Number(fields[11]) + Number(fields[12])) * tick);
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0;
  for (const [p, ms] of cpu) {
    for (let q: number | undefined = p; q && q > 1; q = parent.get(q)) {
      if (q === pid) {
        total += ms;
        break;
      }
    }
  }
  return total;
}

export const median = (list: number[]) => {
  const s = [...list].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
