/**
 * The goal lines of `npm run bench`'s processors and bad-network sections (bench/report-processors.ts,
 * bench/report-impair.ts), on fixed data: each states met or NOT met from the figure it gives.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ImpairData, type ImpairRow, impairTargetLines } from '../../bench/report-impair.js';
import {
  type BlurCallRound,
  blurCall,
  type ProcessorsData,
  processorsTargetLines,
} from '../../bench/report-processors.js';

const window = (round: number, blur: boolean, fps: number[]): BlurCallRound => ({
  round,
  blur,
  seconds: 6,
  cpuMsPerS: 1000,
  links: fps.map((f) => ({ encodedFps: f, sentFps: f, reportedFps: f, size: '480x360', limitation: 'none' })),
});

function processors(rounds: BlurCallRound[]): ProcessorsData {
  const none = { cpu: [1], main: [1], fps: [1] };
  return {
    command: 'node dist/bench/processors-cost.js',
    started: '',
    rounds: 1,
    windowS: 6,
    loadAverage: [1, 1, 1],
    cost: { off: none, blur: none, noise: none },
    call: { size: 4, rounds },
  };
}

test('the blur call: the median windows, blur on over off, met at 0.8 and above', () => {
  const met = processors([
    window(0, false, [24, 24, 24]),
    window(0, true, [20, 20, 20]),
    window(1, true, [18, 22, 20]),
  ]);
  assert.deepEqual(blurCall(met), { off: 24, blur: 20, ratio: 20 / 24 });
  assert.match(processorsTargetLines(met)[0]!, /20\.0 \/ 24\.0 fps = 0\.83× → met$/);
  const missed = processors([window(0, false, [24, 24, 24]), window(0, true, [12, 12, 18])]);
  assert.match(processorsTargetLines(missed)[0]!, /14\.0 \/ 24\.0 fps = 0\.58× → NOT met$/);
  assert.match(processorsTargetLines(processors([]))[0]!, /no verdict$/);
});

test('the bad networks: each goal per engine, NOT met where the figure misses it', () => {
  const view = { width: 320, height: 240, fps: 10 };
  const rows: ImpairRow[] = [
    { engine: 'chromium', condition: 'cap', view, steppedMs: 4000, concealedPercent: 0.2 },
    { engine: 'chromium', condition: 'lifted', view, baseline: view, climbedMs: 16_000 },
    { engine: 'chromium', condition: 'loss', view, shown: ['poor', 'good'], leftMs: 2000, goodMs: 3000 },
    { engine: 'chromium', condition: 'drop', view, backMs: 900, iceRestarted: true, newConnections: 0 },
    { engine: 'firefox', condition: 'cap', view: { ...view, fps: 0 }, steppedMs: 3000, concealedPercent: 4.7 },
  ];
  const data: ImpairData = { command: 'x', started: '', engines: ['chromium', 'firefox'], rows };
  const lines = impairTargetLines(data);
  assert.equal(lines.length, 5);
  assert.match(lines[0]!, /stepped in 4\.0 s → met; audio concealed < 1 %: 0\.20 % → met$/);
  assert.match(lines[1]!, /within 15 s: 16\.0 s → NOT met$/);
  assert.match(lines[2]!, /shown poor → good, "good" 3\.0 s after → NOT met$/);
  assert.match(lines[3]!, /0\.9 s, 0 new connections \(ICE restarted: yes\) → met$/);
  assert.match(lines[4]!, /firefox.*@ 0 fps at its lowest, stepped in 3\.0 s → NOT met; .*4\.70 % → NOT met$/);
  assert.deepEqual(impairTargetLines({ ...data, skipped: 'no namespace' }), []);
});
