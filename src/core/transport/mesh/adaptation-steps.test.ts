// Pure logic: the measuring half of the adaptation (docs/adaptation.md, the second table), on
// stats reports written as Chromium's sender reports are (a real call measures them in the
// adaptation's browser test).
import { expect } from '@open-wc/testing';
import { type BandwidthSteps, nextBandwidthSteps, nextCpuSteps, readSample } from './adaptation-steps.js';

const report = (...stats: Array<Record<string, unknown>>) =>
  new Map(stats.map((s) => [s.id as string, s])) as unknown as RTCStatsReport;

describe('adaptation steps', () => {
  it("reads the camera's limitation and the selected pair's available bitrate", () => {
    const sample = readSample(
      report(
        { id: 'o', type: 'outbound-rtp', kind: 'video', qualityLimitationReason: 'bandwidth' },
        { id: 't', type: 'transport', selectedCandidatePairId: 'p2' },
        { id: 'p1', type: 'candidate-pair', availableOutgoingBitrate: 9_000_000 },
        { id: 'p2', type: 'candidate-pair', availableOutgoingBitrate: 300_000 },
      ),
    );
    expect(sample).to.deep.equal({ qualityLimitationReason: 'bandwidth', availableOutgoingBitrate: 300_000 });
  });

  it('steps a link down after two samples short of bandwidth, and back up after three with room', () => {
    const short = { qualityLimitationReason: 'bandwidth', availableOutgoingBitrate: 200_000 };
    const ample = { qualityLimitationReason: 'none', availableOutgoingBitrate: 2_000_000 };
    const step = (state: BandwidthSteps, sample: typeof short) =>
      nextBandwidthSteps(state, sample, 400_000, 700_000, 4);
    let state: BandwidthSteps = { steps: 0, short: 0, ample: 0 };
    const seen: number[] = [];
    for (const sample of [short, short, ample, ample, ample]) {
      state = step(state, sample);
      seen.push(state.steps);
    }
    expect(seen).to.deep.equal([0, 1, 1, 1, 0]);
    // At the least level already: no step further down.
    expect(step({ steps: 4, short: 1, ample: 0 }, short).steps).to.equal(4);
  });

  it("steps every link's camera down for the CPU after two limited passes (at most 2), up after five free", () => {
    const cpu = { steps: 0, busy: 0, idle: 0 };
    const changed = [true, true, true, true, true, true].map(() => nextCpuSteps(cpu, true));
    expect(changed).to.deep.equal([false, true, false, true, false, false]);
    expect(cpu.steps).to.equal(2);
    const freed = [1, 2, 3, 4, 5].map(() => nextCpuSteps(cpu, false));
    expect(freed).to.deep.equal([false, false, false, false, true]);
    expect(cpu.steps).to.equal(1);
  });
});
