/**
 * `npm run bench`: the whole picture in one run. In ONE headless Chromium page, rounds interleaved
 * so the shared machine's drift hits every side alike: time to first remote frame (raw floor,
 * PeerJS, our core, `<rtc-room>`), then meshes of N = 2, 4, 6, 8 (ours against the raw floor, its
 * cameras capped as our adaptation caps a room of N). Then the bundle sizes and the signaling
 * benchmark (`node dist/bench/signal.js`), and the mesh against the SFU mode on Janus (`node
 * dist/bench/sfu.js` in a private network namespace, scripts/netns.mjs), what the processors cost with
 * blur in a call of four (`node dist/bench/processors-cost.js`) and what each bad network does to a
 * call (`node dist/bench/impair.js`, in a namespace too; it also writes docs/resilience.md's table).
 * Writes docs/benchmarks.json (every round's raw values),
 * docs/benchmarks.md and README.md's `bench:run` region, both made from that JSON by
 * bench/report.ts (test/node/docs.test.ts checks they are). The JSON it replaces is kept in the new one
 * as `previous`, and docs/benchmarks.md puts the two runs side by side (bench/report-previous.ts).
 *
 * Usage: node dist/bench/run.js [--rounds 15] [--mesh-rounds 3] [--sizes 2,4,6,8] [--cpu-seconds 3]
 *                               [--signal quick|full|skip] [--sfu-rounds 2] [--processors 3|skip]
 *                               [--impair chromium,firefox|skip] [--out docs/benchmarks.md]
 * (`--sfu-rounds 0`: no SFU rows; `--processors skip`, `--impair skip`: neither of those.)
 * With another --out, it writes that file and its .json only (README.md is left alone).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem, type } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, startServerProcess } from '../test/support/index.js';
import { measuredCommit } from './commit.js';
import { launchChromium, root, startStaticServer } from '../test/node/browser-call.js';
import { type TtffSample, type TtffSide, ttffRounds } from './first-frame.js';
import { type MeshResults, meshRounds } from './mesh.js';
import { measurePageLoad, type PageLoad, startDemo } from './page-load.js';
import { writeJson, writeRegions } from './regions.js';
import { allTargetLines, benchmarksMarkdown, readmeBenchRegion } from './report-documents.js';
import { sfuSection } from './report-sfu.js';
import { asPrevious } from './report-previous.js';
import { impairBench, processorsBench } from './child-bench.js';
import { sfuBench } from './sfu-run.js';
import { type BenchData, type SignalRun, meshCostTable, meshTimeTable, ttffTable } from './report.js';
import { sharpTable } from './report-sharp.js';
import { goalEntries, loadBudgets, loadGoals, measure, otherEntries, ourEntries } from './size-measure.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '15' },
    'mesh-rounds': { type: 'string', default: '3' },
    sizes: { type: 'string', default: '2,4,6,8' },
    'cpu-seconds': { type: 'string', default: '3' },
    signal: { type: 'string', default: 'quick' },
    'sfu-rounds': { type: 'string', default: '2' },
    processors: { type: 'string', default: '3' },
    impair: { type: 'string', default: 'chromium,firefox' },
    out: { type: 'string', default: 'docs/benchmarks.md' },
  },
});
const rounds = Number(values.rounds);
const meshRoundsCount = Number(values['mesh-rounds']);
const sizes = String(values.sizes).split(',').map(Number);
const meshTimeoutMs = 90_000;
const out = resolve(root, String(values.out));
const log = (line: string) => console.log(line);
/** Fresh loads of the demo page measured (each in a new browser context, cache off). */
const PAGE_LOAD_ROUNDS = 5;

/** The run this one replaces (its JSON where this one writes), if it is one of this format. */
function readPrevious(file: string): BenchData | undefined {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as BenchData;
    return data.format === 1 ? data : undefined;
  } catch {
    return undefined;
  }
}

/** Runs the signaling benchmark as its own process: what it printed, and its --json runs. */
async function signalBench(mode: string): Promise<BenchData['signal']> {
  const quick = mode !== 'full';
  // Beside ours in memory and PeerJS: ours with Redis (one process, and two sharing it), at the
  // 2,000 connections of the scaling goals (docs/server-scaling.md), three rounds.
  const scaling = ['--redis', '--processes', '2', ...(quick ? ['--connections', '2000', '--rounds', '3'] : [])];
  const command = `node dist/bench/signal.js${quick ? ' --quick' : ''} ${scaling.join(' ')}`;
  if (mode === 'skip') {
    const none = { connections: null, rounds: null, runs: null, exitCode: null };
    return { ...none, command, quick, output: '(skipped: --signal skip)' };
  }
  const dir = mkdtempSync(join(tmpdir(), 'rtc-bench-'));
  const json = join(dir, 'signal.json');
  const args = [join(root, 'dist/bench/signal.js'), ...(quick ? ['--quick'] : []), ...scaling, '--json', json];
  try {
    const { output, code } = await new Promise<{ output: string; code: number | null }>((done) => {
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => {
        text += chunk;
        process.stdout.write(chunk);
      });
      child.on('error', (error) => done({ output: `(could not run: ${error.message})`, code: null }));
      child.on('close', (exit) => done({ output: text, code: exit }));
    });
    let parsed: { options: { connections: number; rounds: number }; results: SignalRun[] } | undefined;
    try {
      parsed = JSON.parse(readFileSync(json, 'utf8'));
    } catch {
      parsed = undefined;
    }
    const shown = output
      .split('\n')
      .filter((line) => !line.startsWith('Raw results written to'))
      .join('\n');
    return {
      command,
      quick,
      exitCode: code,
      output: code ? `${shown}\n(exit code ${code})` : shown,
      runs: parsed?.results ?? null,
      connections: parsed?.options.connections ?? null,
      rounds: parsed?.options.rounds ?? null,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const started = new Date();
// The machine's load through the run (shared: other work may run beside it), read every 10 s.
const loads: number[] = [loadavg()[0]!];
const loadTimer = setInterval(() => loads.push(loadavg()[0]!), 10_000);
const commit = measuredCommit(root);
const server = await startServerProcess(['--log-level', 'warn']);
const peerjsPort = await freePort();
const peerjs = spawn(process.execPath, [join(root, 'dist/bench/peerjs-server.js'), '--port', String(peerjsPort)], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
peerjs.on('error', (error) => console.error(`PeerJS server: ${error.message}`));
await new Promise<void>((resolve) => peerjs.stdout.on('data', (c: Buffer) => c.includes('listening') && resolve()));
const page =
  '<!doctype html><meta charset="utf-8"><title>bench</title><body>' +
  '<script src="/node_modules/peerjs/dist/peerjs.min.js"></script>' +
  '<script type="module">import * as b from "/dist/bench/browser/bench-page.js"; window.bench = b;</script>';
const statics = await startStaticServer({ dir: root, files: new Map([['/bench.html', page]]) });
const browser = await launchChromium();
let ttff: Record<TtffSide, TtffSample[]>;
let mesh: MeshResults;
const pageLoads: PageLoad[] = [];
let chromium = '';
try {
  chromium = await browser.version();
  const tab = await browser.newPage();
  tab.on('pageerror', (error) => console.error(`page error: ${String(error)}`));
  await tab.setViewport({ width: 1000, height: 800 });
  await tab.goto(`${statics.origin}/bench.html`);
  await tab.waitForFunction(() => 'bench' in window);
  // Only the page in front renders video frames in headless Chromium.
  await tab.bringToFront();
  log(`Time to first frame: ${rounds} rounds (+1 warm-up)`);
  const empty = { floor: [], peerjs: [], core: [], element: [] };
  ttff = rounds > 0 ? await ttffRounds({ page: tab, server: server.url, peerjsPort }, rounds, log) : empty;
  log(`Mesh: N = ${sizes.join(', ')}, ${meshRoundsCount} rounds`);
  mesh = await meshRounds(
    { browser, page: tab, server: server.url, cpuSeconds: Number(values['cpu-seconds']), timeoutMs: meshTimeoutMs },
    sizes,
    meshRoundsCount,
    log,
  );
  log(`The demo's first load (npm start's page): ${PAGE_LOAD_ROUNDS} fresh loads`);
  const demo = await startDemo();
  try {
    for (let i = 0; i < PAGE_LOAD_ROUNDS; i++) {
      const { requests, transferredBytes, lobbyShownMs } = await measurePageLoad(
        browser,
        `${demo.url}?room=bench-page-load-${i}&name=Bench`,
      );
      pageLoads.push({ requests, transferredBytes, lobbyShownMs, resources: [] });
    }
  } finally {
    await demo.stop();
  }
} finally {
  await browser.close();
  await statics.close();
  await server.stop();
  peerjs.kill();
}
log('Mesh against SFU (node dist/bench/sfu.js in a private network namespace)');
const sfu = await sfuBench(Number(values['sfu-rounds']));
log('Processors: their cost, and blur in a call of four (node dist/bench/processors-cost.js)');
const processorRounds = values.processors === 'skip' ? 0 : Number(values.processors);
const processors = await processorsBench(processorRounds);
log('Bad networks (node dist/bench/impair.js in a private network namespace)');
const impair = await impairBench(String(values.impair));
log('Bundle sizes (bench/size-measure.ts)');
const sizeResults = await Promise.all([...ourEntries(), ...goalEntries(), ...otherEntries()].map((e) => measure(e)));
log('Signaling server benchmark (node dist/bench/signal.js)');
const signal = await signalBench(String(values.signal));

clearInterval(loadTimer);
const [cpu] = cpus();
const collected: BenchData = {
  format: 1,
  command: `node dist/bench/run.js ${process.argv.slice(2).join(' ')}`.trim(),
  started: started.toISOString(),
  commit,
  machine: {
    cpus: cpus().length,
    cpu: cpu?.model.trim() ?? 'unknown CPU',
    memoryGiB: totalmem() / 2 ** 30,
    os: `${type()} ${release()}`,
    node: process.versions.node,
    chromium,
    loadAverageEnd: loadavg(),
    loadDuring: { reads: loads.length, mean: loads.reduce((a, b) => a + b, 0) / loads.length, max: Math.max(...loads) },
  },
  options: {
    rounds,
    meshRounds: meshRoundsCount,
    sizes,
    cpuSeconds: Number(values['cpu-seconds']),
    meshTimeoutS: meshTimeoutMs / 1000,
    signal: String(values.signal),
    processors: processorRounds,
    impair: String(values.impair),
  },
  ttff,
  mesh: Object.fromEntries(Object.entries(mesh)),
  sizes: {
    results: sizeResults.map(({ entry, minified, gzip, files }) => ({
      entry: { name: entry.name, label: entry.label, ours: entry.ours, note: entry.note, goalOnly: entry.goalOnly },
      minified,
      gzip,
      files,
    })),
    budgets: loadBudgets(),
    goals: loadGoals(),
  },
  signal,
  sfu,
  processors,
  impair,
  pageLoad: pageLoads.map(({ requests, transferredBytes, lobbyShownMs }) => ({
    requests,
    transferredBytes,
    lobbyShownMs,
  })),
};
// The documents are made from the JSON as written (NaN becomes null), exactly as the test reads it.
const jsonFile = `${out.replace(/\.md$/, '')}.json`;
const previous = readPrevious(jsonFile);
if (previous) collected.previous = asPrevious(previous);
const data = JSON.parse(writeJson(jsonFile, collected)) as BenchData;
writeFileSync(out, benchmarksMarkdown(data));
const written = [jsonFile, out];
if (out === resolve(root, 'docs/benchmarks.md')) {
  writeRegions(resolve(root, 'README.md'), { run: readmeBenchRegion(data) });
  written.push(resolve(root, 'README.md'));
}
log(
  `\n${ttffTable(data)}\n\n${sharpTable(data)}\n\n${meshTimeTable(data)}\n\n${meshCostTable(data)}\n\n${sfuSection(data.sfu)}`,
);
log(`\n${allTargetLines(data).join('\n')}`);
log(`\nWrote ${written.join(', ')}`);
