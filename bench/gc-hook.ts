/**
 * Preloaded (`node --expose-gc --import .../gc-hook.js`) into BOTH servers the benchmark starts,
 * identically, so that the benchmark can ask a server process for a full garbage collection
 * before it reads the process's memory: `kill -USR2 <pid>`. After the collection the hook writes
 * `process.memoryUsage()` as JSON to the file named by `BENCH_MEMORY_REPORT` (when set), so the
 * benchmark can read the V8 heap next to the RSS. It changes nothing else in the server.
 */
import { writeFileSync } from 'node:fs';

const gc = (globalThis as { gc?: () => void }).gc;
const reportFile = process.env.BENCH_MEMORY_REPORT;
if (typeof gc === 'function') {
  process.on('SIGUSR2', () => {
    gc();
    if (reportFile) {
      try {
        writeFileSync(reportFile, JSON.stringify({ at: Date.now(), ...process.memoryUsage() }));
      } catch {
        /* the benchmark will see a stale report and say so */
      }
    }
  });
}
