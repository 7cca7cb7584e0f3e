/** Reading one link's `RTCStatsReport` into the sampler's plain objects (see types.ts). */
import type { CandidateType, ConnectionStats, MediaStats, QualityInput } from './types.js';

/** Running totals of one direction and kind, kept between two samples to compute rates. */
export interface Totals {
  bytes: number;
  packets: number;
  lost: number;
  freezes: number;
  concealed: number;
  samples: number;
}

export type Counters = Partial<Record<string, Totals>>;

// biome-ignore lint/suspicious/noExplicitAny: stats dictionaries differ by type and by engine.
type Report = Record<string, any>;

const ms = (seconds: unknown) => (typeof seconds === 'number' ? Math.round(seconds * 10_000) / 10 : null);
const num = (value: unknown) => (typeof value === 'number' ? value : null);
const round1 = (value: number) => Math.round(value * 10) / 10;

/** What one report gives: the link's media and connection, the new totals, and the quality rule's inputs. */
export interface LinkReading {
  sent: { audio: MediaStats | null; video: MediaStats | null };
  received: { audio: MediaStats | null; video: MediaStats | null };
  connection: ConnectionStats | null;
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
    const remote = sent
      ? (get(main.remoteId) ?? all.find((r) => r.type === 'remote-inbound-rtp' && r.localId === main.id))
      : undefined;
    const sum = (pick: (r: Report) => unknown) => reports.reduce((n, r) => n + (num(pick(r)) ?? 0), 0);
    const totals: Totals = {
      bytes: sum(bytesOf),
      packets: sum((r) => (sent ? r.packetsSent : r.packetsReceived)),
      lost: sent ? (num(remote?.packetsLost) ?? 0) : sum((r) => r.packetsLost),
      freezes: sum((r) => r.freezeCount),
      concealed: sum((r) => r.concealedSamples),
      samples: sum((r) => r.totalSamplesReceived),
    };
    const key = `${direction}-${kind}`;
    counters[key] = totals;
    const last = before?.[key];
    const d = Object.fromEntries(
      Object.entries(totals).map(([k, v]) => [k, last ? Math.max(0, v - last[k as keyof Totals]) : 0]),
    ) as unknown as Totals;
    deltas[key] = d;
    const rate = (n: number) => (seconds > 0 ? n / seconds : 0);
    let loss: number | null = null;
    if (sent) {
      if (typeof remote?.fractionLost === 'number') loss = remote.fractionLost * 100;
      else if (last && d.packets > 0) loss = (100 * d.lost) / (d.packets + d.lost);
    } else if (last) loss = d.packets + d.lost > 0 ? (100 * d.lost) / (d.packets + d.lost) : 0;
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
      concealedPercent: !sent && !video && last ? round1(d.samples ? (100 * d.concealed) / d.samples : 0) : null,
    };
  };

  const sent = { audio: media('sent', 'audio'), video: media('sent', 'video') };
  const received = { audio: media('received', 'audio'), video: media('received', 'video') };
  const connection = readConnection(all, get);
  const first = !before;
  const ra = deltas['received-audio'];
  const rv = deltas['received-video'];
  const lost = (ra?.lost ?? 0) + (rv?.lost ?? 0);
  const packets = (ra?.packets ?? 0) + (rv?.packets ?? 0);
  const pairRtt = connection?.roundTripTimeMs ?? null;
  const sentRtt = sent.audio?.roundTripTimeMs ?? sent.video?.roundTripTimeMs ?? null;
  const losses = [sent.audio?.packetLossPercent, sent.video?.packetLossPercent].filter((n) => typeof n === 'number');
  return {
    sent,
    received,
    connection,
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

function readConnection(all: Report[], get: (id: unknown) => Report | undefined): ConnectionStats | null {
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
