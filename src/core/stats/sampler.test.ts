import { expect } from '@open-wc/testing';
import { Participant, updateParticipant } from '../participant.js';
import type { TransportConnection } from '../transport/transport.js';
import { StatsSampler, type StatsSamplerEventMap, type StatsSession } from './sampler.js';
import type { QualityLevel } from './types.js';

/**
 * The sampler's own logic with plain fake sessions and reports (shaped like Chromium's, trimmed to
 * what is read): which connection's figures go where, and whose level is whose. Real calls are in
 * test/browser/stats-*.test.ts.
 */

type Entry = Record<string, unknown> & { id: string };
const report = (entries: Entry[]) => new Map(entries.map((e) => [e.id, e])) as unknown as RTCStatsReport;

/** A direct candidate pair, 10 ms round trip. */
const pair: Entry[] = [
  { id: 'T', type: 'transport', selectedCandidatePairId: 'CP' },
  { id: 'CP', type: 'candidate-pair', localCandidateId: 'L', remoteCandidateId: 'R', currentRoundTripTime: 0.01 },
  { id: 'L', type: 'local-candidate', candidateType: 'host', protocol: 'udp' },
  { id: 'R', type: 'remote-candidate', candidateType: 'host', protocol: 'udp' },
];
/** Our video after `n` seconds at 800 kbps, the other side reporting `fractionLost` of it lost. */
const sending = (n: number, fractionLost: number): Entry[] => [
  { id: 'O', type: 'outbound-rtp', kind: 'video', bytesSent: 100_000 * n, packetsSent: 100 * n },
  { id: 'RI', type: 'remote-inbound-rtp', kind: 'video', localId: 'O', fractionLost, roundTripTime: 0.01 },
];
/** Audio received after `n` seconds at 32 kbps, none lost. */
const receiving = (n: number): Entry[] => [
  {
    id: 'I',
    type: 'inbound-rtp',
    kind: 'audio',
    bytesReceived: 4000 * n,
    packetsReceived: 50 * n,
    packetsLost: 0,
    jitter: 0.002,
  },
];

/** A connection whose report after its `n`th reading is `entries(n)`. */
function connection(
  id: string,
  direction: TransportConnection['direction'],
  participants: string[],
  entries: (n: number) => Entry[],
): TransportConnection {
  let n = 0;
  return {
    id,
    direction,
    participants,
    connectionState: 'connected',
    peerConnection: null,
    getStats: async () => report(entries(++n)),
  };
}

/**
 * Two samples a second apart (the first has no interval, so no level yet) on a fake clock, and the
 * quality events. Listening starts the sampler (its first sample at once); its timer would take
 * the next in a minute, so the second is taken by hand.
 */
async function twoSamples(session: StatsSession) {
  const sampler = new StatsSampler(session, { intervalMs: 60_000 });
  const events: [string, QualityLevel][] = [];
  const onQuality = (e: StatsSamplerEventMap['quality']) => events.push([e.detail.participant.id, e.detail.level]);
  const now = Date.now;
  let clock = 1_000_000;
  Date.now = () => clock;
  let onSample: () => void = () => undefined;
  try {
    const first = new Promise<void>((resolve) => {
      onSample = resolve;
    });
    sampler.addEventListener('sample', onSample);
    sampler.addEventListener('quality', onQuality);
    await first;
    clock += 1000;
    const sample = (await sampler.sample())!;
    return { sampler, sample, events };
  } finally {
    Date.now = now;
    sampler.removeEventListener('sample', onSample);
    sampler.removeEventListener('quality', onQuality);
  }
}

describe('StatsSampler, by connection', () => {
  const ada = new Participant('a', 'Ada', true);
  const bo = new Participant('b', 'Bo', false);
  const cy = new Participant('c', 'Cy', false);
  const remote = new Map([
    ['b', bo],
    ['c', cy],
  ]);

  it('an SFU’s shape: what it sends once, both participants at the receiving connection’s level, the uplink the sending one’s', async () => {
    // We send on `up` (a tenth of it lost: poor) and receive Bo and Cy on `down` (clean: good);
    // `down` listed first, so a level taken from `up` would be the last one written.
    const up = connection('up', 'send', ['b', 'c'], (n) => [...pair, ...sending(n, 0.1)]);
    const down = connection('down', 'receive', ['b', 'c'], (n) => [...pair, ...receiving(n)]);
    const { sampler, sample, events } = await twoSamples({ local: ada, remote, connections: () => [down, up] });

    expect(sample.connections.map((c) => [c.id, c.direction, c.participants, c.quality])).to.deep.equal([
      ['down', 'receive', ['b', 'c'], 'good'],
      ['up', 'send', ['b', 'c'], 'poor'],
    ]);
    const [received, sent] = sample.connections;
    // What we send is the sending connection's, once; nothing received there, nothing sent on the other.
    expect(sent!.received).to.equal(null);
    expect(received!.sent).to.equal(null);
    expect(sent!.sent!.video!.bitrateKbps).to.equal(800);
    expect(sample.sentBitrateKbps).to.equal(800);
    expect(received!.received!.audio!.bitrateKbps).to.equal(32);
    expect(sample.receivedBitrateKbps).to.equal(32);
    expect(sent!.candidatePair).to.include({ localCandidateType: 'host', relayed: false, roundTripTimeMs: 10 });
    // Bo and Cy: the receiving connection's level; you: the sending one's.
    expect([sampler.quality(bo), sampler.quality(cy), sampler.quality(ada)]).to.deep.equal(['good', 'good', 'poor']);
    expect(sample.localQuality).to.equal('poor');
    expect(events).to.deep.equal([
      ['b', 'good'],
      ['c', 'good'],
      ['a', 'poor'],
    ]);
  });

  it('a session without connections(): one two-way connection per remote participant, the uplink their median', async () => {
    // Bo reports a tenth of what we send him lost (poor), Cy nothing: your uplink is the better of two.
    const reports = { b: 0.1, c: 0 };
    for (const p of [bo, cy]) {
      const link = connection(p.id, 'both', [p.id], (n) => [
        ...pair,
        ...sending(n, reports[p.id as 'b' | 'c']),
        ...receiving(n),
      ]);
      updateParticipant(p, { transport: link });
    }
    const { sampler, sample } = await twoSamples({ local: ada, remote });

    expect(sample.connections.map((c) => [c.id, c.direction, c.participants, c.quality])).to.deep.equal([
      ['b', 'both', ['b'], 'good'],
      ['c', 'both', ['c'], 'good'],
    ]);
    for (const c of sample.connections) {
      expect(c.sent!.video!.bitrateKbps, c.id).to.equal(800);
      expect(c.received!.audio!.bitrateKbps, c.id).to.equal(32);
    }
    expect([sample.sentBitrateKbps, sample.receivedBitrateKbps]).to.deep.equal([1600, 64]);
    expect([sampler.quality(bo), sampler.quality(cy), sample.localQuality]).to.deep.equal(['good', 'good', 'good']);
  });
});
