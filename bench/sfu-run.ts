/**
 * How `npm run bench` (bench/run.ts) runs the SFU benchmark: `node dist/bench/sfu.js` as its own
 * process inside a private network namespace (scripts/netns.mjs), whose JSON becomes
 * docs/benchmarks.json's `sfu`. Where no namespace can be made (netns.mjs exits 3: not root, or no
 * `unshare` or `ip`), or the bench fails, the SFU rows are skipped and the data says why.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from '../test/node/browser-call.js';
import type { SfuData } from './report-sfu.js';

/** The run as it was skipped, for `reason`. */
function skipped(command: string, rounds: number, reason: string): SfuData {
  return {
    command,
    started: new Date().toISOString(),
    options: { rounds, meshSizes: [], sfuSizes: [], settleSeconds: 0, cpuSeconds: 0, timeoutS: 0 },
    skipped: reason,
    sfuMode: null,
    chromium: '',
    results: {},
  };
}

/**
 * Runs the SFU benchmark for `rounds` rounds in a namespace made for it (`more`: its other flags);
 * its data, or why there is none.
 */
export async function sfuBench(rounds: number, more: readonly string[] = []): Promise<SfuData> {
  const command = ['node scripts/netns.mjs -- node dist/bench/sfu.js --rounds', rounds, ...more].join(' ');
  if (rounds <= 0) return skipped(command, rounds, '`--sfu-rounds 0`');
  const dir = mkdtempSync(join(tmpdir(), 'rtc-bench-sfu-'));
  const json = join(dir, 'sfu.json');
  try {
    const args = [join(root, 'scripts/netns.mjs'), '--', process.execPath, join(root, 'dist/bench/sfu.js')];
    const code = await new Promise<number | null>((done) => {
      const child = spawn(process.execPath, [...args, '--rounds', String(rounds), ...more, '--json', json], {
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      child.on('error', () => done(null));
      child.on('close', done);
    });
    if (code === 3) {
      return skipped(
        command,
        rounds,
        'no private network namespace could be made (scripts/netns.mjs needs root, `unshare` and `ip`), ' +
          'and Janus gathers no ICE candidates on loopback interfaces',
      );
    }
    try {
      return { ...(JSON.parse(readFileSync(json, 'utf8')) as SfuData), command };
    } catch {
      return skipped(command, rounds, `\`${command}\` wrote no results (exit code ${code})`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
