/**
 * `npm run bench:impair`: what each bad network does to a call, timed (the tests in
 * test/impair/ assert the behaviour; this measures it). For each engine, a call of two (Ada's
 * path impaired, Bo's clean, test/impair/call.ts) through each condition in turn: Ada's uplink
 * capped at 300 kbit/s then lifted; 5 % random loss with 150 ± 30 ms delay; 5 % loss in bursts;
 * the link down for 5 s. Prints a table (markdown) of the resolution reached and the recovery
 * times, and writes it into docs/resilience.md between its `bench:impair` markers.
 * Runs as root in a private network namespace: `node scripts/netns.mjs -- node dist/bench/impair.js`.
 *
 * `npm run bench` runs it too (bench/run.ts, with `--json`), and docs/benchmarks.md gets the same
 * table and the goals' lines (bench/report-impair.ts makes both, from the rows).
 *
 * Usage: node dist/bench/impair.js [--engines chromium,firefox] [--verbose] [--no-write] [--json FILE]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as wait } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { root } from '../test/node/browser-call.js';
import { type Engine, type ImpairedCall, type PageView, readPage, startImpairedCall } from '../test/impair/call.js';
import { type ImpairData, type ImpairRow, type ImpairView, impairTable } from './report-impair.js';

const { values } = parseArgs({
  options: {
    engines: { type: 'string', default: 'chromium,firefox' },
    verbose: { type: 'boolean', default: false },
    /** Some of the conditions only: cap, loss, bursts, drop (comma-separated). */
    only: { type: 'string', default: 'cap,loss,bursts,drop' },
    'no-write': { type: 'boolean', default: false },
    /** Also writes the rows as JSON (bench/report-impair.ts's ImpairData) to this file. */
    json: { type: 'string' },
  },
});

const pixelRate = (v: PageView) => v.width * v.height * Math.max(v.fps, 1);
const size = (v: PageView) => `${v.width}×${v.height} @ ${Math.round(v.fps)} fps`;
const view = (v: PageView): ImpairView => ({ width: v.width, height: v.height, fps: v.fps });

/** Reads Bo's view (and Ada's) every second until `done` or `limitMs`; returns the time it took or null. */
async function watch(
  call: ImpairedCall,
  label: string,
  limitMs: number,
  done: (bo: PageView, ada: PageView) => boolean,
  each?: (bo: PageView, ada: PageView) => void,
): Promise<number | null> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    const [ada, bo] = await Promise.all([readPage(call.pages[0]!), readPage(call.pages[1]!)]);
    each?.(bo, ada);
    if (values.verbose) {
      console.log(
        `  ${label} +${((Date.now() - started) / 1000).toFixed(1)}s Bo sees ${size(bo)} ${bo.state} q=${bo.quality.at(-1)} | Ada sends ${ada.sent} | ice A ${ada.ice.at(-1)} B ${bo.ice.at(-1)}`,
      );
    }
    if (done(bo, ada)) return Date.now() - started;
    await wait(1000);
  }
  return null;
}

async function bench(engine: Engine): Promise<ImpairRow[]> {
  const rows: ImpairRow[] = [];
  const call = await startImpairedCall(engine, ['Ada', 'Bo'], { delayed: process.env.IMPAIR_DIRECT ? [] : [0] });
  try {
    const link = call.network.links[0]!;
    const relay = call.relays[0]!;
    const up = await watch(call, 'join', 90_000, (bo, ada) => bo.frames > 30 && ada.frames > 30);
    let baseline = await readPage(call.pages[1]!);
    await watch(
      call,
      'settle',
      10_000,
      () => false,
      (bo) => {
        if (pixelRate(bo) > pixelRate(baseline)) baseline = bo;
      },
    );
    rows.push({ engine, condition: 'none', view: view(baseline), upMs: up });

    const only = String(values.only).split(',');
    // A capped uplink, then lifted.
    if (only.includes('cap')) {
      let low = baseline;
      const start = await readPage(call.pages[1]!);
      link.set({ rateKbit: 300 });
      const stepped = await watch(call, 'cap', 60_000, (bo) => pixelRate(bo) < pixelRate(baseline) * 0.6);
      await watch(
        call,
        'cap',
        15_000,
        () => false,
        (bo) => {
          if (bo.frames > 0 && pixelRate(bo) < pixelRate(low)) low = bo;
        },
      );
      const capped = await readPage(call.pages[1]!);
      const concealed = (capped.concealed - start.concealed) / Math.max(1, capped.samples - start.samples);
      link.set({});
      const climbed = await watch(
        call,
        'lift',
        60_000,
        (bo) => bo.width * bo.height >= baseline.width * baseline.height && pixelRate(bo) >= pixelRate(baseline) * 0.8,
      );
      const after = await readPage(call.pages[1]!);
      rows.push({ engine, condition: 'cap', view: view(low), steppedMs: stepped, concealedPercent: concealed * 100 });
      rows.push({ engine, condition: 'lifted', view: view(after), baseline: view(baseline), climbedMs: climbed });
    }
    // Loss and delay, random then in bursts.
    for (const burst of [false, true]) {
      if (!only.includes(burst ? 'bursts' : 'loss')) continue;
      const seen = (await readPage(call.pages[1]!)).quality.length;
      link.set({ lossPercent: 5, burst });
      if (!burst) await relay.setDelay(150, 30);
      let worst = baseline;
      const left = await watch(call, burst ? 'bursts' : 'loss', 30_000, (bo) =>
        bo.quality.slice(seen).some((l) => l !== 'good'),
      );
      await watch(
        call,
        burst ? 'bursts' : 'loss',
        15_000,
        () => false,
        (bo) => {
          if (pixelRate(bo) < pixelRate(worst)) worst = bo;
        },
      );
      const levels = (await readPage(call.pages[1]!)).quality.slice(seen);
      link.set({});
      await relay.setDelay(0, 0);
      const good = await watch(call, 'clear', 60_000, (bo) => bo.quality.at(-1) === 'good');
      rows.push({
        engine,
        condition: burst ? 'bursts' : 'loss',
        view: view(worst),
        shown: levels,
        leftMs: left,
        goodMs: good,
      });
    }

    // The link down for 5 s.
    if (only.includes('drop')) {
      const before = await Promise.all([readPage(call.pages[0]!), readPage(call.pages[1]!)]);
      link.setUp(false);
      await wait(5000);
      link.setUp(true);
      const back = await watch(
        call,
        'drop',
        60_000,
        (bo, ada) =>
          bo.state === 'connected' &&
          ada.state === 'connected' &&
          bo.frames > before[1]!.frames + 5 &&
          ada.frames > before[0]!.frames + 5,
      );
      const [ada, bo] = await Promise.all([readPage(call.pages[0]!), readPage(call.pages[1]!)]);
      rows.push({
        engine,
        condition: 'drop',
        view: view(bo),
        backMs: back,
        iceRestarted: ada.ufrag !== before[0]!.ufrag,
        newConnections:
          ada.peerConnections - before[0]!.peerConnections + bo.peerConnections - before[1]!.peerConnections,
      });
    }
  } finally {
    await call.close();
  }
  return rows;
}

const started = new Date().toISOString();
const engines = String(values.engines).split(',') as Engine[];
console.log(
  `Load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ')}`,
);
const rows: ImpairRow[] = [];
const failures: NonNullable<ImpairData['failures']> = [];
for (const engine of engines) {
  console.log(`${engine}…`);
  try {
    rows.push(...(await bench(engine)));
  } catch (error) {
    // One engine failing (a browser that crashed) leaves the other's rows, and says so.
    console.error(`${engine}: ${String(error)}`);
    failures.push({ engine, error: String(error).split('\n')[0]! });
  }
}
const table = impairTable(rows);
console.log(`\n${table}`);
if (values.json) {
  const command = `node scripts/netns.mjs -- node dist/bench/impair.js --engines ${engines.join(',')}`;
  const data: ImpairData = { command, started, engines, rows, ...(failures.length && { failures }) };
  writeFileSync(values.json, `${JSON.stringify(data, null, 2)}\n`);
}
if (!values['no-write']) {
  const file = join(root, 'docs/resilience.md');
  const text = readFileSync(file, 'utf8');
  const begin = '<!-- bench:impair -->';
  const end = '<!-- /bench:impair -->';
  const a = text.indexOf(begin);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`docs/resilience.md has no ${begin} … ${end} region`);
  const stamp = `Measured ${started.slice(0, 10)} on this machine (2 cores, shared).`;
  writeFileSync(file, `${text.slice(0, a + begin.length)}\n${stamp}\n\n${table}\n${text.slice(b)}`);
}
if (failures.length) process.exitCode = 1;
