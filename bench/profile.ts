/**
 * `npm run bench:profile -- --n 6`: where a mesh of N spends the page's main thread. Runs one
 * mesh of ours in the bench page under the V8 sampling profiler, from the start of the join to
 * `--seconds` after everything renders, and prints the functions with the most self time.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startServerProcess } from '../test/support/index.js';
import { launchChromium, root, startStaticServer } from '../test/node/browser-call.js';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '6' },
    seconds: { type: 'string', default: '3' },
    side: { type: 'string', default: 'ours' },
    out: { type: 'string' },
  },
});
const n = Number(values.n);
const server = await startServerProcess(['--log-level', 'warn']);
const page =
  '<!doctype html><meta charset="utf-8"><title>bench</title><body>' +
  '<script type="module">import * as b from "/dist/bench/browser/bench-page.js"; window.bench = b;</script>';
const statics = await startStaticServer({ dir: root, files: new Map([['/bench.html', page]]) });
const browser = await launchChromium();
try {
  const tab = await browser.newPage();
  await tab.goto(`${statics.origin}/bench.html`);
  await tab.waitForFunction(() => 'bench' in window);
  await tab.bringToFront();
  const cdp = await tab.createCDPSession();
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const ms = await tab.evaluate(
    (side, count, url) => {
      const bench = (window as unknown as { bench: Record<string, (...a: unknown[]) => Promise<{ ms: number }>> })
        .bench;
      return (side === 'ours' ? bench.meshOurs!(count, url) : bench.meshFloor!(count)).then((r) => r.ms);
    },
    String(values.side),
    n,
    server.url,
  );
  await new Promise((r) => setTimeout(r, Number(values.seconds) * 1000));
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
  await tab.evaluate(() => (window as unknown as { bench: { closeMesh(): void } }).bench.closeMesh());
  if (values.out) writeFileSync(values.out, JSON.stringify(profile));
  console.log(`mesh of ${n} (${values.side}) rendered in ${Math.round(ms)} ms; main-thread self time:`);
  report(profile);
} finally {
  await browser.close();
  await statics.close();
  await server.stop();
}

interface Profile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }>;
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function report(profile: Profile) {
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const byName = new Map<string, number>();
  for (const node of profile.nodes) {
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(dist|node_modules)\//, '')}:${f.lineNumber + 1}`;
    byName.set(key, (byName.get(key) ?? 0) + (self.get(node.id) ?? 0));
  }
  const total = (profile.endTime - profile.startTime) / 1000;
  const rows = [...byName].sort((a, b) => b[1] - a[1]).slice(0, 30);
  console.log(`profile ${total.toFixed(0)} ms`);
  for (const [name, us] of rows) console.log(`${(us / 1000).toFixed(1).padStart(9)} ms  ${name}`);
}
