/** Reading one connection's `RTCStatsReport` into the sampler's plain objects (see types.ts). */
import type { CandidatePairStats, CandidateType, DirectionStats, MediaStats, QualityInput } from './types.js';

/** Running totals of one RTP stream, kept between two samples to compute rates. */
export interface Totals {
  bytes: number;
  packets: number;
  lost: number;
  freezes: number;
  concealed: number;
  samples: number;
}

/** The totals of each stream, by direction, kind and stats id (`received-video-<id>`). */
export type Counters = Partial<Record<string, Totals>>;

// biome-ignore lint/suspicious/noExplicitAny: stats dictionaries differ by type and by engine.
type Report = Record<string, any>;

const ms = (seconds: unknown) => (typeof seconds === 'number' ? Math.round(seconds * 10_000) / 10 : null);
const num = (value: unknown) => (typeof value === 'number' ? value : null);
const round1 = (value: number) => Math.round(value * 10) / 10;

/** What one report gives: the connection's media and candidate pair, the new totals, and the quality rule's inputs. */
export interface LinkReading {
  sent: DirectionStats;
  received: DirectionStats;
  candidatePair: CandidatePairStats | null;
  counters: Counters;
  /** How we receive them, and how they receive us; null on the first reading (no interval yet). */
  receivedInput: (Omit<QualityInput, 'flowing'> & { packets: number }) | null;
  sentInput: Omit<QualityInput, 'flowing'> | null;
}

/**
 * Reads a peer connection's stats. `before` is the totals of the previous reading (rates are
 * over `seconds`); without it, rates are 0 and there are no quality inputs.
 */
export function readLink(stats: RTCStatsReport, before: Counters | undefined, seconds: number): LinkReading {
  const all: Report[] = [];
  stats.forEach((report: Report) => {
    all.push(report);
  });
  const get = (id: unknown) => (typeof id === 'string' ? (stats.get(id) as Report | undefined) : undefined);
  const counters: Counters = {};
  const deltas: Record<string, Totals> = {};

  const media = (direction: 'sent' | 'received', kind: 'audio' | 'video'): MediaStats | null => {
    const sent = direction === 'sent';
    const reports = all.filter(
      (r) => r.type === (sent ? 'outbound-rtp' : 'inbound-rtp') && (r.kind ?? r.mediaType) === kind,
    );
    if (!reports.length) return null;
    const bytesOf = (r: Report) => (sent ? r.bytesSent : r.bytesReceived) ?? 0;
    const main = reports.reduce((a, b) => (bytesOf(b) > bytesOf(a) ? b : a));
    // What the other side says it received of one of our streams.
    const remoteOf = (r: Report) =>
      get(r.remoteId) ?? all.find((x) => x.type === 'remote-inbound-rtp' && x.localId === r.id);
    const remote = sent ? remoteOf(main) : undefined;
    // Each stream on its own, then summed: one that is new since the last reading counts from
    // zero, and so does one whose counters went back, which was started again (Firefox starts a
    // receiver's again when the sender changes its resolution, as the adaptation does).
    const key = `${direction}-${kind}`;
    const d: Totals = { bytes: 0, packets: 0, lost: 0, freezes: 0, concealed: 0, samples: 0 };
    let known = false;
    for (const r of reports) {
      const lostBy = sent ? remoteOf(r) : r;
      const totals: Totals = {
        bytes: bytesOf(r),
        packets: num(sent ? r.packetsSent : r.packetsReceived) ?? 0,
        lost: num(lostBy?.packetsLost) ?? 0,
        freezes: num(r.freezeCount) ?? 0,
        concealed: num(r.concealedSamples) ?? 0,
        samples: num(r.totalSamplesReceived) ?? 0,
      };
      counters[`${key}-${r.id}`] = totals;
      if (!before) continue;
      const last = before[`${key}-${r.id}`];
      known ||= !!last;
      // (New, or started again: all it counts is new.)
      const from = last && totals.bytes >= last.bytes && totals.packets >= last.packets ? last : null;
      for (const k of Object.keys(d) as (keyof Totals)[]) d[k] += Math.max(0, totals[k] - (from?.[k] ?? 0));
    }
    deltas[key] = d;
    const rate = (n: number) => (seconds > 0 ? n / seconds : 0);
    let loss: number | null = null;
    if (sent) {
      if (typeof remote?.fractionLost === 'number') loss = remote.fractionLost * 100;
      else if (known && d.packets > 0) loss = (100 * d.lost) / (d.packets + d.lost);
    } else if (known) loss = d.packets + d.lost > 0 ? (100 * d.lost) / (d.packets + d.lost) : 0;
    const codec = get(main.codecId);
    const video = kind === 'video';
    return {
      kind,
      bitrateKbps: round1(rate(d.bytes * 8) / 1000),
      packetsPerSecond: round1(rate(d.packets)),
      packetLossPercent: loss === null ? null : round1(Math.min(100, loss)),
      jitterMs: ms(sent ? remote?.jitter : main.jitter),
      roundTripTimeMs: sent ? ms(remote?.roundTripTime) : null,
      framesPerSecond: video ? num(main.framesPerSecond) : null,
      frameWidth: video ? num(main.frameWidth) : null,
      frameHeight: video ? num(main.frameHeight) : null,
      codec: codec?.mimeType ?? null,
      codecProfile: codec?.sdpFmtpLine ?? null,
      qualityLimitationReason: sent && video ? (main.qualityLimitationReason ?? null) : null,
      freezeCountTotal: !sent && video ? num(main.freezeCount) : null,
      freezeDurationMsTotal: !sent && video ? ms(main.totalFreezesDuration) : null,
      concealedPercent: !sent && !video && known ? round1(d.samples ? (100 * d.concealed) / d.samples : 0) : null,
    };
  };

  const sent = { audio: media('sent', 'audio'), video: media('sent', 'video') };
  const received = { audio: media('received', 'audio'), video: media('received', 'video') };
  const candidatePair = readCandidatePair(all, get);
  const first = !before;
  const ra = deltas['received-audio'];
  const rv = deltas['received-video'];
  const lost = (ra?.lost ?? 0) + (rv?.lost ?? 0);
  const packets = (ra?.packets ?? 0) + (rv?.packets ?? 0);
  const pairRtt = candidatePair?.roundTripTimeMs ?? null;
  const sentRtt = sent.audio?.roundTripTimeMs ?? sent.video?.roundTripTimeMs ?? null;
  const losses = [sent.audio?.packetLossPercent, sent.video?.packetLossPercent].filter((n) => typeof n === 'number');
  return {
    sent,
    received,
    candidatePair,
    counters,
    receivedInput: first
      ? null
      : {
          lossPercent: packets + lost > 0 ? (100 * lost) / (packets + lost) : null,
          roundTripTimeMs: pairRtt ?? sentRtt,
          jitterMs: received.audio?.jitterMs ?? received.video?.jitterMs ?? null,
          freezes: rv?.freezes ?? 0,
          packets,
        },
    sentInput: first
      ? null
      : {
          lossPercent: losses.length ? Math.max(...losses) : null,
          roundTripTimeMs: sentRtt ?? pairRtt,
          jitterMs: sent.audio?.jitterMs ?? null,
          freezes: 0,
        },
  };
}

function readCandidatePair(all: Report[], get: (id: unknown) => Report | undefined): CandidatePairStats | null {
  const transport = all.find((r) => r.type === 'transport' && r.selectedCandidatePairId);
  const pair =
    get(transport?.selectedCandidatePairId) ??
    all.find((r) => r.type === 'candidate-pair' && (r.selected || (r.nominated && r.state === 'succeeded')));
  if (!pair) return null;
  const local = get(pair.localCandidateId);
  const remote = get(pair.remoteCandidateId);
  const type = (c: Report | undefined) => (c?.candidateType as CandidateType | undefined) ?? null;
  const kbps = (bps: unknown) => (typeof bps === 'number' ? Math.round(bps / 100) / 10 : null);
  return {
    localCandidateType: type(local),
    remoteCandidateType: type(remote),
    protocol: local?.protocol ?? null,
    relayProtocol: local?.relayProtocol ?? null,
    relayed: type(local) === 'relay' || type(remote) === 'relay',
    roundTripTimeMs: ms(pair.currentRoundTripTime),
    availableOutgoingBitrateKbps: kbps(pair.availableOutgoingBitrate),
    availableIncomingBitrateKbps: kbps(pair.availableIncomingBitrate),
  };
}
