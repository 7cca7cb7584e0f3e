/**
 * How `npm run bench` (bench/run.ts) runs a bench of its own process and takes its results: `node
 * dist/bench/<script>` with `--json <a temporary file>`, inside a private network namespace
 * (scripts/netns.mjs) when it needs one (the SFU and the impairment benches), its output shown as it
 * comes. Returns the exit code (3 from netns.mjs: no namespace could be made) and the JSON it
 * wrote (undefined when it wrote none). The processors' and the impairment benches run so here
 * (the SFU's in sfu-run.ts).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from '../test/node/browser-call.js';
import type { ImpairData } from './report-impair.js';
import type { ProcessorsData } from './report-processors.js';

/** netns.mjs's exit code when it could not make the namespace. */
export const NO_NAMESPACE = 3;

export async function childBench<T>(
  script: string,
  args: readonly string[],
  { netns = false }: { netns?: boolean } = {},
): Promise<{ code: number | null; data: T | undefined }> {
  const dir = mkdtempSync(join(tmpdir(), 'rtc-bench-child-'));
  const json = join(dir, 'out.json');
  try {
    const command = [join(root, 'dist/bench', script), ...args, '--json', json];
    const full = netns ? [join(root, 'scripts/netns.mjs'), '--', process.execPath, ...command] : command;
    const code = await new Promise<number | null>((done) => {
      const child = spawn(process.execPath, full, { stdio: ['ignore', 'inherit', 'inherit'] });
      child.on('error', () => done(null));
      child.on('close', done);
    });
    let data: T | undefined;
    try {
      data = JSON.parse(readFileSync(json, 'utf8')) as T;
    } catch {
      data = undefined;
    }
    return { code, data };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The processors' costs and the blur call (bench/processors-cost.ts), `rounds` rounds of each; 0: skipped. */
export async function processorsBench(rounds: number): Promise<ProcessorsData> {
  const command = `node dist/bench/processors-cost.js --rounds ${rounds} --call-rounds ${rounds}`;
  const none = { command, started: new Date().toISOString(), rounds, windowS: 0, loadAverage: [] };
  const cost = {
    off: { cpu: [], main: [], fps: [] },
    blur: { cpu: [], main: [], fps: [] },
    noise: { cpu: [], main: [], fps: [] },
  };
  if (!(rounds > 0)) return { ...none, cost, skipped: '`--processors skip`' };
  const { code, data } = await childBench<ProcessorsData>('processors-cost.js', [
    '--rounds',
    String(rounds),
    '--call-rounds',
    String(rounds),
  ]);
  return data ?? { ...none, cost, skipped: `\`${command}\` wrote no results (exit code ${code})` };
}

/** The impairment bench (bench/impair.ts) in `engines` (comma-separated), in a namespace of its own; `skip`: skipped. */
export async function impairBench(engines: string): Promise<ImpairData> {
  const command = `node scripts/netns.mjs -- node dist/bench/impair.js --engines ${engines}`;
  const none = { command, started: new Date().toISOString(), engines: [], rows: [] };
  if (engines === 'skip') return { ...none, skipped: '`--impair skip`' };
  const { code, data } = await childBench<ImpairData>('impair.js', ['--engines', engines], { netns: true });
  if (code === NO_NAMESPACE) {
    return {
      ...none,
      skipped: 'no private network namespace could be made (scripts/netns.mjs needs root, `unshare` and `ip`)',
    };
  }
  return data ?? { ...none, skipped: `\`${command}\` wrote no results (exit code ${code})` };
}
