/**
 * How `npm run bench` reports the mesh against the SFU (bench/report-sfu.ts), on fixed data: every
 * figure of a row from its median round, per participant (the page's figures ÷ N), a time ratio
 * whatever layer Janus forwarded first, and each goal of issue 21 as met / NOT met / no verdict, never moved.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type SfuData,
  type SfuRound,
  sfuCostTable,
  sfuHeadlines,
  sfuSection,
  sfuTargetLines,
  sfuTimeTable,
} from '../../bench/report-sfu.js';

const round = (ms: number | null, sent: number, cpu: number, frame = '320x240'): SfuRound => ({
  ms,
  firstFrames: { [frame]: 1 },
  sent,
  cpu,
});

function data(overrides: Partial<SfuData> = {}): SfuData {
  return {
    command: 'node scripts/netns.mjs -- node dist/bench/sfu.js --rounds 3',
    started: '2026-12-01T10:00:00.000Z',
    options: { rounds: 3, meshSizes: [2, 8], sfuSizes: [2, 8], settleSeconds: 2, cpuSeconds: 3, timeoutS: 60 },
    skipped: null,
    sfuMode: null,
    chromium: 'Chrome',
    results: {
      '2': {
        mesh: [round(100, 100_000, 0.2), round(120, 100_000, 0.2), round(90, 100_000, 0.2)],
        // Median round by time: 200 ms, 2 × 50 kB/s sent, CPU 0.4 s/s for the page.
        sfu: [round(200, 100_000, 0.4), round(300, 999_000, 9), round(150, 1, 0.01)],
        floor: [round(180, 90_000, 0.4), round(170, 90_000, 0.4), round(190, 90_000, 0.4)],
      },
      '8': {
        mesh: [round(9000, 2_800_000, 2), round(8000, 2_400_000, 2), round(null, 0, 0)],
        // Median 1,000 ms: 8 × 62.5 kB/s = 1.25× N = 2; CPU 1.6 / 8 = 0.2 per participant.
        sfu: [round(1000, 500_000, 1.6), round(1100, 500_000, 1.6), round(900, 500_000, 1.6)],
        // Median 800 ms (1.25× → goal not met); CPU 1.6 / 8, the same as ours.
        floor: [round(800, 400_000, 1.6), round(700, 400_000, 1.6), round(900, 400_000, 1.6)],
      },
    },
    ...overrides,
  };
}

test('each SFU row is its median round, per participant, with ratios to the floor and to N = 2', () => {
  const time = sfuTimeTable(data());
  assert.match(time, /\|\s+2 \|\s+100 \(320x240\) \|\s+200 \(320x240\) \|\s+180 \(320x240\) \| 1\.11×\s+\| 2\.00×/);
  assert.match(time, /\|\s+8 \|\s+9,000 \(320x240\) \|\s+1,000 \(320x240\) \|\s+800 \(320x240\) \| 1\.25×/);
  const cost = sfuCostTable(data());
  // Uplink: 100,000 B/s ÷ 2 = 50 kB/s at N = 2; 500,000 ÷ 8 = 62.5 kB/s at N = 8 (1.25× N = 2).
  assert.match(cost, /\|\s+2 \|\s+50 \(1\.00×\) \|\s+50 \(1\.00×\) \|\s+45 \(1\.00×\) \|\s+0\.10 \/ 0\.20 \/ 0\.20 \|/);
  assert.match(
    cost,
    /\|\s+8 \|\s+350 \(7\.00×\) \|\s+63 \(1\.25×\) \|\s+50 \(1\.11×\) \|\s+0\.25 \/ 0\.20 \/ 0\.20 \|/,
  );
});

test('the goals of issue 21: met, NOT met, or no verdict with the reason', () => {
  const lines = sfuTargetLines(data());
  assert.deepEqual(lines, [
    '- our SFU mode ≤ 1.2× the floor at N = 2: time until everyone sees everyone 1.11× → met; renderer CPU per participant 1.00× → met',
    '- our SFU mode ≤ 1.2× the floor at N = 8: time until everyone sees everyone 1.25× → NOT met; renderer CPU per participant 1.00× → met',
    "- our SFU mode's uplink per participant at N = 8 ≤ 1.3× its N = 2: 1.25× → met (the floor: 1.11×)",
    "- the mesh's uplink per participant grows with N: 50 kB/s at N = 2, 350 kB/s at N = 8 → it grows",
  ]);
  // Through Janus the first frame is of whichever layer it forwards first: a ratio all the same.
  const unlike = data();
  unlike.results['8']!.floor = unlike.results['8']!.floor.map((r) => ({ ...r, firstFrames: { '640x480': 1 } }));
  assert.match(sfuTargetLines(unlike)[1]!, /everyone 1\.25× → NOT met/);
  assert.match(sfuTimeTable(unlike), /800 \(640x480\) \| 1\.25×/);
  // A side that did not finish: no verdict.
  const unfinished = data();
  unfinished.results['2']!.floor = unfinished.results['2']!.floor.map((r) => ({ ...r, ms: null }));
  assert.match(
    sfuTargetLines(unfinished)[0]!,
    /N = 2: time until everyone sees everyone a side did not finish → no verdict/,
  );
});

test('our SFU mode not measured, or no namespace: said in place of the figures, no verdict', () => {
  const missing = data({ sfuMode: 'not measured: JanusTransport not merged' });
  for (const n of ['2', '8']) missing.results[n]!.sfu = [];
  assert.match(sfuTimeTable(missing), /not measured: JanusTransport not merged/);
  const lines = sfuTargetLines(missing);
  assert.equal(
    lines[0],
    '- our SFU mode ≤ 1.2× the floor at N = 2: not measured: JanusTransport not merged → no verdict',
  );
  assert.match(lines[2]!, /uplink .* not measured: JanusTransport not merged → no verdict/);
  const skipped = data({ skipped: 'no private network namespace could be made', results: {} });
  assert.deepEqual(sfuTargetLines(skipped), [
    '- mesh against SFU: not measured (no private network namespace could be made)',
  ]);
  assert.equal(sfuSection(skipped), 'Not measured in this run: no private network namespace could be made.');
  assert.deepEqual(sfuTargetLines(undefined), []);
});

test('the headlines kept for the next run: SFU mode ÷ floor at each N, and its uplink at N = 8 ÷ N = 2', () => {
  assert.deepEqual(
    [...sfuHeadlines(data())],
    [
      ['SFU mode ÷ floor, N = 2 (time until everyone sees everyone)', '1.11×'],
      ['SFU mode ÷ floor, N = 8 (time until everyone sees everyone)', '1.25×'],
      ['SFU mode uplink per participant, N = 8 ÷ N = 2', '1.25×'],
    ],
  );
  assert.equal(sfuHeadlines(data({ skipped: 'no namespace', results: {} })).size, 0);
  assert.equal(sfuHeadlines(undefined).size, 0);
});
