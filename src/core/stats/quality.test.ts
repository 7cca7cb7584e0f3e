import { expect } from '@open-wc/testing';
import { QualityTracker, qualityOf } from './quality.js';
import { readLink } from './read.js';
import type { QualityInput, QualityLevel } from './types.js';

/**
 * Series recorded from real calls (one entry per second: loss %, RTT ms, jitter ms, new freezes),
 * a clean loopback call, the lossy relay of test/browser/stats-call.test.ts, a relay with added
 * delay, a video freeze, and a recovery.
 */
const at = (lossPercent: number, roundTripTimeMs: number, jitterMs: number, freezes = 0): QualityInput => ({
  lossPercent,
  roundTripTimeMs,
  jitterMs,
  freezes,
  flowing: true,
});
const clean = [at(0, 1.2, 2.1), at(0, 0.9, 1.8), at(0, 1.1, 2.4), at(0.1, 1, 1.9), at(0, 1.3, 2.2), at(0, 1, 2)];
const lossy = [at(0, 1.4, 3), at(14.2, 2, 9.5), at(18.9, 2.4, 12), at(21.3, 1.9, 14), at(17.7, 2.2, 11), at(19, 2, 12)];
const highRtt = [
  at(0, 40, 3),
  at(0, 420, 4),
  at(0.2, 450, 5),
  at(0, 430, 4),
  at(0, 780, 6),
  at(0, 810, 7),
  at(0, 795, 6),
];
const freeze = [at(0, 2, 3), at(0.4, 2, 4, 1), at(0.3, 2, 5, 1), at(0, 2, 3), at(0, 2, 3)];
const recovery = [
  ...lossy,
  at(0.5, 2, 4),
  at(0, 1.5, 3),
  at(9.1, 2, 8), // one lossy second during recovery: it must not bring the level back down
  at(0, 1.2, 2),
  at(0, 1.1, 2),
  at(0, 1.2, 2),
  at(0, 1, 2),
  at(0, 1.1, 2),
];

function levels(series: (QualityInput | QualityLevel)[]): QualityLevel[] {
  const tracker = new QualityTracker();
  return series.map((input) => tracker.push(input));
}

describe('the quality rule', () => {
  it('judges one interval by loss, round-trip time, jitter and freezes', () => {
    expect(qualityOf(at(0, 20, 5))).to.equal('good');
    expect(qualityOf(at(2, 20, 5))).to.equal('fair');
    expect(qualityOf(at(0, 300, 5))).to.equal('fair');
    expect(qualityOf(at(0, 20, 30))).to.equal('fair');
    expect(qualityOf(at(8, 20, 5))).to.equal('poor');
    expect(qualityOf(at(0, 600, 5))).to.equal('poor');
    expect(qualityOf(at(0, 20, 80))).to.equal('poor');
    expect(qualityOf(at(0, 20, 5, 1))).to.equal('poor');
    expect(qualityOf({ ...at(0, 20, 5), flowing: false })).to.equal('lost');
    expect(qualityOf({ lossPercent: null, roundTripTimeMs: null, jitterMs: null, freezes: 0, flowing: true })).to.equal(
      'good',
    );
  });

  it('keeps a clean link good', () => {
    expect(levels(clean)).to.deep.equal(Array(clean.length).fill('good'));
  });

  it('drops a lossy link to poor after two lossy seconds, not one', () => {
    expect(levels(lossy)).to.deep.equal(['good', 'good', 'poor', 'poor', 'poor', 'poor']);
  });

  it('takes a high round-trip time to fair, then poor', () => {
    expect(levels(highRtt)).to.deep.equal(['good', 'good', 'fair', 'fair', 'fair', 'poor', 'poor']);
  });

  it('counts a freeze as poor once it lasts two samples, and a single one does not flicker', () => {
    expect(levels(freeze)).to.deep.equal(['good', 'good', 'poor', 'poor', 'poor']);
    expect(levels([at(0, 2, 3), at(0, 2, 3, 1), at(0, 2, 3), at(0, 2, 3)])).to.deep.equal(Array(4).fill('good'));
  });

  it('recovers only after four better seconds in a row (hysteresis)', () => {
    const result = levels(recovery);
    expect(result.slice(0, 6)).to.deep.equal(['good', 'good', 'poor', 'poor', 'poor', 'poor']);
    // 0.5 % and 0 %: better, but only two seconds, then a 9 % second resets the count.
    expect(result.slice(6, 12)).to.deep.equal(['poor', 'poor', 'poor', 'poor', 'poor', 'poor']);
    // Four clean seconds after the lossy one: good again.
    expect(result.slice(12)).to.deep.equal(['good', 'good']);
  });

  it('steps up to the worst of the recent samples, not straight to good', () => {
    expect(levels(['poor', 'fair', 'fair', 'good', 'fair'])).to.deep.equal(['poor', 'poor', 'poor', 'poor', 'fair']);
  });

  it('calls a link lost when nothing flows, and back when it does', () => {
    const gone = { ...at(0, 0, 0), flowing: false };
    expect(levels([at(0, 2, 2), gone, gone, gone, at(0, 2, 2), at(0, 2, 2), at(0, 2, 2), at(0, 2, 2)])).to.deep.equal([
      'good',
      'good',
      'lost',
      'lost',
      'lost',
      'lost',
      'lost',
      'good',
    ]);
  });
});

/** Two readings of a link, a second apart, as Chromium reports them (trimmed to the fields read). */
function report(seconds: number): RTCStatsReport {
  const n = seconds;
  const entries: Record<string, unknown>[] = [
    { id: 'T', type: 'transport', selectedCandidatePairId: 'CP' },
    {
      id: 'CP',
      type: 'candidate-pair',
      localCandidateId: 'L',
      remoteCandidateId: 'R',
      currentRoundTripTime: 0.012,
      availableOutgoingBitrate: 2_500_000,
    },
    { id: 'L', type: 'local-candidate', candidateType: 'relay', protocol: 'udp', relayProtocol: 'udp' },
    { id: 'R', type: 'remote-candidate', candidateType: 'host', protocol: 'udp' },
    { id: 'C1', type: 'codec', mimeType: 'video/VP8' },
    { id: 'C2', type: 'codec', mimeType: 'audio/opus', sdpFmtpLine: 'minptime=10;useinbandfec=1' },
    {
      id: 'O1',
      type: 'outbound-rtp',
      kind: 'video',
      bytesSent: 100_000 * n,
      packetsSent: 100 * n,
      codecId: 'C1',
      framesPerSecond: 30,
      frameWidth: 640,
      frameHeight: 480,
      qualityLimitationReason: 'bandwidth',
    },
    { id: 'RI1', type: 'remote-inbound-rtp', kind: 'video', localId: 'O1', fractionLost: 0.05, roundTripTime: 0.02 },
    {
      id: 'I2',
      type: 'inbound-rtp',
      kind: 'audio',
      bytesReceived: 4000 * n,
      packetsReceived: 45 * n,
      packetsLost: 5 * n,
      jitter: 0.004,
      codecId: 'C2',
      concealedSamples: 480 * n,
      totalSamplesReceived: 48_000 * n,
    },
  ];
  return new Map(entries.map((e) => [e.id as string, e])) as unknown as RTCStatsReport;
}

describe('reading getStats', () => {
  it('turns two reports into rates, loss, codec and the candidate pair', () => {
    const first = readLink(report(10), undefined, 0);
    expect(first.receivedInput).to.equal(null);
    expect(first.sent.video?.bitrateKbps).to.equal(0);
    const second = readLink(report(11), first.counters, 1);
    expect(second.sent.video).to.include({
      bitrateKbps: 800,
      packetsPerSecond: 100,
      packetLossPercent: 5,
      roundTripTimeMs: 20,
      framesPerSecond: 30,
      frameWidth: 640,
      codec: 'video/VP8',
      qualityLimitationReason: 'bandwidth',
    });
    expect(second.received.audio).to.include({
      bitrateKbps: 32,
      packetLossPercent: 10,
      jitterMs: 4,
      codec: 'audio/opus',
      codecProfile: 'minptime=10;useinbandfec=1',
      concealedPercent: 1,
    });
    expect(second.candidatePair).to.deep.equal({
      localCandidateType: 'relay',
      remoteCandidateType: 'host',
      protocol: 'udp',
      relayProtocol: 'udp',
      relayed: true,
      roundTripTimeMs: 12,
      availableOutgoingBitrateKbps: 2500,
      availableIncomingBitrateKbps: null,
    });
    expect(second.receivedInput).to.include({ lossPercent: 10, roundTripTimeMs: 12, jitterMs: 4, packets: 45 });
    expect(qualityOf({ ...second.receivedInput!, flowing: true })).to.equal('poor');
  });

  it('counts a stream whose counters started again from zero (Firefox, when the sender changes its resolution)', () => {
    const first = readLink(report(10), undefined, 0);
    // The audio we receive started again half a second ago; the rest went on.
    const next = report(11) as unknown as Map<string, unknown>;
    next.set('I2', (report(0.5) as unknown as Map<string, unknown>).get('I2'));
    const second = readLink(next as unknown as RTCStatsReport, first.counters, 1);
    expect(second.received.audio).to.include({ bitrateKbps: 16, packetLossPercent: 10 });
    expect(second.sent.video).to.include({ bitrateKbps: 800 });
  });
});
