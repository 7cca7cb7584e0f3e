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

  it('steps a link down after two samples short of bandwidth, and back up after two with room', () => {
    const short = { qualityLimitationReason: 'bandwidth', availableOutgoingBitrate: 200_000 };
    const ample = { qualityLimitationReason: 'none', availableOutgoingBitrate: 2_000_000 };
    const step = (state: BandwidthSteps, sample: typeof short) =>
      nextBandwidthSteps(state, sample, 400_000, 700_000, 4);
    let state: BandwidthSteps = { steps: 0, short: 0, ample: 0 };
    const seen: number[] = [];
    for (const sample of [short, short, ample, ample]) {
      state = step(state, sample);
      seen.push(state.steps);
    }
    expect(seen).to.deep.equal([0, 1, 1, 0]);
    // At the least level already: no step further down.
    expect(step({ steps: 4, short: 1, ample: 0 }, short).steps).to.equal(4);
  });

  /** The mesh's levels' caps (adaptation.ts VIDEO_LEVELS), best first. */
  const CAPS = [1_200_000, 700_000, 400_000, 250_000, 150_000];
  /**
   * `samples` samples of a link behind a bottleneck of `bottleneck` b/s (Infinity: none), from
   * `state`: under it, the estimate is `over` times what the encoder sends (as Chromium's,
   * application-limited: 1.2 to 1.5), and the encoder says `bandwidth` at our own cap (Chromium
   * scales a picture down for a low target); over it, the estimate is under the bottleneck.
   */
  const run = (state: BandwidthSteps, bottleneck: number, samples: number, over = 1.5) => {
    const levels: number[] = [];
    for (let i = 0; i < samples; i++) {
      const cap = CAPS[state.steps]!;
      const sample =
        cap <= bottleneck
          ? { qualityLimitationReason: 'bandwidth', availableOutgoingBitrate: Math.min(bottleneck, cap * over) }
          : { qualityLimitationReason: 'bandwidth', availableOutgoingBitrate: bottleneck * 0.95 };
      state = nextBandwidthSteps(state, sample, cap, CAPS[Math.max(0, state.steps - 1)]!, 4);
      levels.push(state.steps);
    }
    return { state, levels };
  };

  it('climbs back from a cap once it is gone, on an estimate 1.2 times what it sends: two samples a level', () => {
    for (const over of [1.2, 1.5]) {
      const { levels } = run({ steps: 3, short: 0, ample: 0 }, Number.POSITIVE_INFINITY, 8, over);
      // 250 kbit/s -> 400 -> 700 -> 1200: 12 s at a sample every 2 s.
      expect(levels, `an estimate ${over} times the cap`).to.deep.equal([3, 2, 2, 1, 1, 0, 0, 0]);
    }
  });

  it('under a cap between two levels, tries the one above ever more rarely, not every few seconds', () => {
    // 600 kbit/s: 400 fits, 700 does not. Without the back-off it stepped up every 4 samples.
    const { levels } = run({ steps: 2, short: 0, ample: 0 }, 600_000, 150);
    const ups = levels.flatMap((level, i) => (i > 0 && level < levels[i - 1]! ? [i] : []));
    const gaps = ups.slice(1).map((at, i) => at - ups[i]!);
    expect(ups.length, `step-ups in 5 minutes: ${levels.join('')}`).to.be.within(3, 8);
    expect(gaps, 'each try waits at least as long as the one before').to.deep.equal([...gaps].sort((a, b) => a - b));
    expect(gaps.at(-1), 'the last wait, in samples').to.be.at.least(30);
    expect(levels.at(-1), 'held at the level that fits').to.be.oneOf([2, 1]);
    // A step up that holds (the cap gone) starts the back-off over.
    const free = run({ steps: 2, short: 0, ample: 0, failed: 4 }, Number.POSITIVE_INFINITY, 80);
    expect(free.state.steps).to.equal(0);
    expect(free.state.failed).to.equal(0);
  });

  it("reads a sender's counters and its receiver's reports where the engine has no estimate (Firefox)", () => {
    const sample = readSample(
      report(
        { id: 'o', type: 'outbound-rtp', kind: 'video', packetsSent: 900, bytesSent: 600_000, timestamp: 5000 },
        { id: 'r', type: 'remote-inbound-rtp', kind: 'video', packetsLost: 12, roundTripTime: 0.04 },
        { id: 'a', type: 'remote-inbound-rtp', kind: 'audio', packetsLost: 99, roundTripTime: 0.5 },
      ),
    );
    expect(sample).to.deep.include({ sent: 900, bytes: 600_000, at: 5000, lost: 12, rtt: 0.04 });
    expect(sample.availableOutgoingBitrate).to.equal(undefined);
  });

  /**
   * `samples` samples, 2 s apart, of a link with no estimate (Firefox's) behind a bottleneck of
   * `bottleneck` b/s for the video: the encoder sends its cap, what is over the bottleneck is lost
   * (a queue that overflows, the round trip 80 ms over its 20 ms), and `loss` more at random.
   */
  const blind = (state: BandwidthSteps, bottleneck: number, samples: number, loss = 0, rtt = 0.02) => {
    const levels: number[] = [];
    let sent = 0;
    let bytes = 0;
    let lost = 0;
    for (let i = 0; i < samples; i++) {
      const cap = CAPS[state.steps]!;
      const packets = cap / 8 / 1000 / 0.5;
      const over = Math.max(0, 1 - bottleneck / cap);
      sent += packets;
      bytes += cap / 4;
      lost += packets * (over + loss);
      const sample = { sent, bytes, at: i * 2000, lost, rtt: rtt + (over > 0 ? 0.08 : 0) };
      state = nextBandwidthSteps(state, sample, cap, CAPS[Math.max(0, state.steps - 1)]!, 4);
      levels.push(state.steps);
    }
    return { state, levels };
  };

  it('with no estimate, steps down at once to the level under what the link delivered, and back up once it is gone', () => {
    // 1.2 Mbit/s over a 250 kbit/s bottleneck: two lossy samples (the first has nothing to compare
    // with), then 150 at once; 250 fits (no loss), so it is tried again after two clean samples.
    const { state, levels } = blind({ steps: 0, short: 0, ample: 0 }, 250_000, 6);
    expect(levels).to.deep.equal([0, 0, 4, 4, 3, 3]);
    // Under 200 kbit/s the level above loses: down again, and tried ever more rarely.
    const capped = blind(state, 200_000, 60);
    const ups = capped.levels.flatMap((level, i) => (i > 0 && level < capped.levels[i - 1]! ? [i] : []));
    expect(capped.levels.slice(0, 3), capped.levels.join('')).to.deep.equal([3, 3, 4]);
    expect(ups.length, capped.levels.join('')).to.be.within(1, 4);
    expect(capped.levels.filter((l) => l === 4).length, capped.levels.join('')).to.be.at.least(45);
    const free = blind(capped.state, Number.POSITIVE_INFINITY, 80);
    expect(free.state.steps, `gone: ${free.levels.join('')}`).to.equal(0);
  });

  it('with no estimate, holds its level under random loss with no queue, and on a clean link', () => {
    expect(blind({ steps: 0, short: 0, ample: 0 }, Number.POSITIVE_INFINITY, 20, 0.05).state.steps).to.equal(0);
    expect(blind({ steps: 0, short: 0, ample: 0 }, Number.POSITIVE_INFINITY, 20).state.steps).to.equal(0);
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
