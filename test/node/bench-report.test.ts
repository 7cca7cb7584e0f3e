/**
 * How `npm run bench` reads its rounds (bench/report.ts), on fixed data: a row's figures come
 * from one round, its median round; a time is compared with another only where both presented
 * first frames of the same size; and the marked regions the benches write (bench/regions.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { figureMismatches, readRegion, replaceRegion, withoutRegions, wrap } from '../../bench/regions.js';
import { benchmarksMarkdown, readmeBenchRegion } from '../../bench/report-documents.js';
import { sharpTable, sharpTargetLines } from '../../bench/report-sharp.js';
import { asPrevious, previousRunSection } from '../../bench/report-previous.js';
import {
  type BenchData,
  type MeshRound,
  compare,
  medianRound,
  meshCostTable,
  meshTimeTable,
  pairedRatios,
  targetLines,
  ttffTable,
} from '../../bench/report.js';

const ttff = (ms: number, frame: string) => ({ ms, frame });
const mesh = (ms: number | null, frames: Record<string, number>, more: Partial<MeshRound> = {}): MeshRound => ({
  ms,
  firstFrames: frames,
  cpu: 1,
  task: 0.1,
  frame: '',
  ...more,
});

function data(overrides: Partial<BenchData> = {}): BenchData {
  return {
    format: 1,
    command: 'node dist/bench/run.js',
    started: '2026-12-01T10:00:00.000Z',
    commit: 'abc1234',
    machine: {
      cpus: 2,
      cpu: 'CPU',
      memoryGiB: 8,
      os: 'Linux',
      node: '20',
      chromium: 'Chrome',
      loadAverageEnd: [1, 1, 1],
    },
    options: { rounds: 3, meshRounds: 3, sizes: [4], cpuSeconds: 3, meshTimeoutS: 90, signal: 'skip' },
    ttff: {
      floor: [ttff(120, '320x240'), ttff(100, '320x240'), ttff(140, '320x240')],
      peerjs: [ttff(130, '320x240'), ttff(150, '320x240'), ttff(110, '320x240')],
      core: [ttff(90, '240x180'), ttff(80, '240x180'), ttff(70, '240x180')],
      element: [ttff(110, '320x240'), ttff(160, '320x240'), ttff(130, '320x240')],
    },
    mesh: {
      '4': {
        // Median round by time: 600 ms, whose CPU (0.9) is neither the lowest nor the median of the CPUs.
        ours: [
          mesh(600, { '240x180': 12 }, { cpu: 0.9, task: 0.2, frame: 'A', perPair: 2 }),
          mesh(500, { '240x180': 12 }, { cpu: 1.5, task: 0.3, frame: 'B', perPair: 2 }),
          mesh(null, {}, { cpu: null, task: null, frame: '' }),
        ],
        floor: [
          mesh(400, { '240x180': 12 }, { cpu: 2, frame: 'F1' }),
          mesh(450, { '240x180': 12 }, { cpu: 3, frame: 'F2' }),
          mesh(300, { '240x180': 12 }, { cpu: 4, frame: 'F3' }),
        ],
      },
    },
    sizes: { results: [], budgets: [], goals: [] },
    signal: {
      command: 'node dist/bench/signal.js --quick',
      quick: true,
      exitCode: null,
      output: '(skipped: --signal skip)',
      runs: null,
      connections: null,
      rounds: null,
    },
    ...overrides,
  };
}

test('the median round: the middle by time, the faster middle of an even count, unfinished rounds last', () => {
  assert.equal(medianRound([{ ms: 3 }, { ms: 1 }, { ms: 2 }])?.ms, 2);
  assert.equal(medianRound([{ ms: 4 }, { ms: 1 }, { ms: 3 }, { ms: 2 }])?.ms, 2);
  assert.equal(medianRound([{ ms: null }, { ms: 5 }, { ms: 9 }])?.ms, 9);
  assert.equal(medianRound([{ ms: null }, { ms: null }, { ms: 9 }])?.ms, null, 'lands on a round that did not finish');
  assert.equal(medianRound([]), undefined);
});

test("every figure of a mesh row is its median round's, not a median of each column", () => {
  const d = data();
  const cost = meshCostTable(d).split('\n')[2]!;
  // Ours: median round 600 ms (cpu 0.9, main thread 0.2, frame A); floor: 400 ms (cpu 2, frame F1).
  assert.match(cost, /\|\s+4 \| A \/ F1\s+\|\s+2\.00 \/ 0\.90 \|\s+0\.10 \/ 0\.20 \|\s+2\.00 \|/);
  const time = meshTimeTable(d).split('\n')[2]!;
  assert.ok(time.includes('400 · 450 · 300'), `every round of the floor: ${time}`);
  assert.ok(time.includes('600 · 500 · did not finish'), `every round of ours: ${time}`);
  assert.ok(time.includes('1.50×'), `600 / 400: ${time}`);
  assert.ok(time.includes('every round: 1.50× · 1.11× · –'), time);
});

test('a time is compared only where both sides presented first frames of the same size', () => {
  assert.deepEqual(compare({ ms: 90, frames: '240x180' }, { ms: 120, frames: '240x180' }), { ratio: 0.75 });
  assert.deepEqual(compare({ ms: 90, frames: '240x180' }, { ms: 120, frames: '320x240' }), {
    notComparable: 'not like for like: first frames 240x180 vs 320x240',
  });
  assert.deepEqual(compare({ ms: null, frames: '' }, { ms: 120, frames: '320x240' }), {
    notComparable: 'a side did not finish',
  });
  const d = data();
  const rows = ttffTable(d).split('\n');
  const core = rows.find((r) => r.includes('our core'))!;
  assert.ok(core.includes('not like for like: first frames 240x180 vs 320x240'), core);
  assert.ok(!/\d\.\d\d×/.test(core), `no ratio for our core: ${core}`);
  const element = rows.find((r) => r.includes('<rtc-room>'))!;
  assert.ok(element.includes('1.08×'), `130 / 120, same first frames: ${element}`);
  assert.ok(element.includes('110–160'), `its min–max: ${element}`);
});

test('the targets give a verdict only on like-for-like ratios', () => {
  const lines = targetLines(data());
  assert.deepEqual(lines, [
    '- our core ≤ 1.15× the floor: not like for like: first frames 240x180 vs 320x240 → no verdict; ' +
      'faster than PeerJS: not like for like: first frames 240x180 vs 320x240 → no verdict',
    '- `<rtc-room>` ≤ 1.25× the floor: 1.08× → met',
    '- mesh of 4 ≤ 1.3× the floor: 1.50× → NOT met',
  ]);
});

test('the signaling figures are ours / PeerJS within each round', () => {
  const run = (server: 'ours' | 'peerjs', round: number, cpu: number) => ({
    server,
    round,
    cpuPerMessageUs: cpu,
    memoryPerConnection: 1,
    heapPerConnection: 1,
    sent: 10,
    lost: 0,
  });
  const runs = [run('ours', 1, 50), run('peerjs', 1, 100), run('peerjs', 2, 40), run('ours', 2, 60)];
  assert.deepEqual(pairedRatios(runs, 'cpuPerMessageUs'), [0.5, 1.5]);
  const d = data({
    signal: { ...data().signal, runs, exitCode: 0, output: 'x', connections: 200, rounds: 2 },
  });
  const region = readmeBenchRegion(d);
  assert.ok(region.includes('1.00× (rounds: 0.50, 1.50)'), region);
  assert.ok(benchmarksMarkdown(d).includes('messages lost: ours 0 of 20, PeerJS 0 of 20'));
});

test('the report is the same when made again from its JSON', () => {
  const d = data();
  assert.equal(benchmarksMarkdown(JSON.parse(JSON.stringify(d)) as BenchData), benchmarksMarkdown(d));
});

test('regions: read, replaced, removed; a missing one is an error', () => {
  const text = 'a <!-- bench:x -->old<!-- /bench:x --> b <!-- bench:y -->1<!-- /bench:y -->';
  assert.equal(readRegion(text, 'x'), 'old');
  assert.equal(readRegion(replaceRegion(text, 'x', 'new'), 'x'), 'new');
  assert.equal(replaceRegion(text, 'x', 'new').replace('new', 'old'), text);
  assert.equal(withoutRegions(text), 'a  b ');
  assert.throws(() => readRegion(text, 'z', 'F.md'), /F\.md has no region <!-- bench:z -->/);
  assert.equal(wrap('aa bb\u00a0cc dd', 7, '  ', ''), 'aa\n  bb cc\n  dd', 'a no-break space holds bb cc together');
});

test('a documented figure matches a fresh one within its printed rounding, and no more', () => {
  const fresh = 'kit: 55.4 KB gzipped (55416 bytes), 1.75× peerjs';
  assert.deepEqual(figureMismatches(fresh, fresh), []);
  assert.deepEqual(
    figureMismatches('kit: 55.5 KB gzipped\n  (55480 bytes), 1.76× peerjs', fresh),
    [],
    'rounding, zlib, wrapping',
  );
  assert.deepEqual(figureMismatches('kit: 41.0 KB gzipped (55416 bytes), 1.75× peerjs', fresh), [
    '…kit: 41.0: documented 41.0, measured 55.4',
  ]);
  assert.equal(figureMismatches('kit: 55.4 KB gzipped (17672 bytes), 1.75× peerjs', fresh).length, 1);
  assert.equal(figureMismatches('kit: 55.4 KB gzipped (55416 bytes), 1.75× simple-peer', fresh).length, 1);
  assert.equal(figureMismatches('kit: 55.4 KB gzipped, 1.75× peerjs', fresh).length, 1, 'a figure missing');
});

test('the previous run: its figures beside this run’s, each read from its own median round', () => {
  const before = data({ commit: 'old1234', started: '2026-11-30T09:00:00.000Z' });
  const now = data({
    ttff: { ...before.ttff, core: [ttff(45, '240x180'), ttff(40, '240x180'), ttff(35, '240x180')] },
    previous: asPrevious({ ...before, previous: asPrevious(before) }),
  });
  const section = previousRunSection(now);
  assert.match(section, /previous run \(old1234, 2026-11-30 09:00 UTC\)/);
  // Our core: median round 80 ms before, 40 ms now.
  assert.match(section, /first frame, our core[^|]*\| +80 ms \(240x180\) \| +40 ms \(240x180\) \| +0\.50× \|/);
  // The floor did not move: 120 ms both times.
  assert.match(section, /first frame, raw floor[^|]*\| +120 ms \(320x240\) \| +120 ms \(320x240\) \| +1\.00× \|/);
  // A ratio that is not like for like stays without one, in both runs.
  assert.match(section, /\(÷ the floor of the same run\) +\| +no ratio: 240x180 vs 320x240 \|/);
  // The kept run holds no chain of earlier runs and no printout.
  assert.equal('previous' in (now.previous ?? {}), false);
  assert.equal(now.previous?.signal.output, '');
  assert.match(previousRunSection(data()), /no previous run was kept/);
  assert.match(benchmarksMarkdown(now), /## Against the previous run/);
});

test('a sharp picture: the median round to a full-width frame, a side that never got one, the goal', () => {
  const sharp = (ms: number, full: number | null) => ({ ms, frame: '240x180', full });
  const d = data({
    ttff: {
      floor: [sharp(120, 130), sharp(100, 110), sharp(140, 150)],
      peerjs: [sharp(130, 140), sharp(150, 160), sharp(110, 120)],
      // Median round by full-width time: 2,100 ms (the null counts as the slowest).
      core: [sharp(90, 2100), sharp(80, null), sharp(70, 2000)],
      element: [sharp(110, null), sharp(160, null), sharp(130, 2500)],
    },
  });
  const rows = sharpTable(d).split('\n');
  const core = rows.find((r) => r.includes('our core'))!;
  assert.ok(core.includes('2,100') && core.includes('2,100 · none within 10 s · 2,000'), core);
  assert.ok(core.includes('16.15×'), `2100 / 130: ${core}`);
  const element = rows.find((r) => r.includes('<rtc-room>'))!;
  assert.ok(element.includes('a side never reached the full width'), element);
  assert.deepEqual(sharpTargetLines(d), [
    "- our core's first full-width frame ≤ 1.3× the floor's: 16.15× → NOT met",
    "- `<rtc-room>`'s first full-width frame ≤ 1.3× the floor's: a side never reached the full width → no verdict",
  ]);
  assert.equal(sharpTable(data()), '(not measured in this run)', 'a run from before it was measured');
  assert.deepEqual(sharpTargetLines(data()), []);
});
