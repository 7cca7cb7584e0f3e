/**
 * How `npm run bench` (bench/run.ts) runs the SFU benchmark: `node dist/bench/sfu.js` as its own
 * process inside a private network namespace (scripts/netns.mjs), whose JSON becomes
 * docs/benchmarks.json's `sfu`. Where no namespace can be made (netns.mjs exits 3: not root, or no
 * `unshare` or `ip`), or the bench fails, the SFU rows are skipped and the data says why.
 */
import { childBench, NO_NAMESPACE } from './child-bench.js';
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
  const { code, data } = await childBench<SfuData>('sfu.js', ['--rounds', String(rounds), ...more], { netns: true });
  if (code === NO_NAMESPACE) {
    return skipped(
      command,
      rounds,
      'no private network namespace could be made (scripts/netns.mjs needs root, `unshare` and `ip`), ' +
        'and Janus gathers no ICE candidates on loopback interfaces',
    );
  }
  return data ? { ...data, command } : skipped(command, rounds, `\`${command}\` wrote no results (exit code ${code})`);
}
