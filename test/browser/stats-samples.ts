/**
 * A minute of call statistics shaped like the ones recorded in this repository's browser tests
 * (Chromium, loopback, fake camera 640×480): a clean direct call, and a poor relayed one (the lossy
 * TURN relay of stats-call.test.ts at 20 % loss). Deterministic, for stories and element tests.
 */
import type { ConnectionSample, MediaStats, QualityLevel, StatsSample } from '../../src/core/stats/types.js';

const wave = (i: number, period: number) => Math.sin((i / period) * Math.PI * 2);

function media(kind: 'audio' | 'video', sent: boolean, i: number, poor: boolean): MediaStats {
  const video = kind === 'video';
  const loss = poor ? 18 + 6 * wave(i, 7) : Math.max(0, 0.2 * wave(i, 11));
  return {
    kind,
    bitrateKbps: Math.round((video ? (poor ? 310 : 1150) : 38) + (video ? 90 : 3) * wave(i, 13)),
    packetsPerSecond: video ? (poor ? 40 : 110) : 50,
    packetLossPercent: Math.round(loss * 10) / 10,
    jitterMs: Math.round((poor ? 24 : 2.5) + (poor ? 9 : 1) * wave(i, 5)),
    roundTripTimeMs: sent ? Math.round(poor ? 180 + 60 * wave(i, 9) : 2 + wave(i, 9)) : null,
    framesPerSecond: video ? (poor ? 12 : 30) : null,
    frameWidth: video ? (poor ? 320 : 640) : null,
    frameHeight: video ? (poor ? 240 : 480) : null,
    codec: video ? 'video/VP8' : 'audio/opus',
    codecProfile: video ? null : 'minptime=10;useinbandfec=1',
    qualityLimitationReason: sent && video ? (poor ? 'bandwidth' : 'none') : null,
    freezeCountTotal: !sent && video ? (poor ? 3 + Math.floor(i / 20) : 0) : null,
    freezeDurationMsTotal: !sent && video ? (poor ? 1900 + 400 * Math.floor(i / 20) : 0) : null,
    concealedPercent: !sent && !video ? (poor ? 16.5 : 0) : null,
  };
}

/** A mesh link: one two-way connection that carries one participant. */
function link(participantId: string, i: number, poor: boolean, quality: QualityLevel): ConnectionSample {
  return {
    id: participantId,
    direction: 'both',
    participants: [participantId],
    connectionState: 'connected',
    sent: { audio: media('audio', true, i, poor), video: media('video', true, i, poor) },
    received: { audio: media('audio', false, i, poor), video: media('video', false, i, poor) },
    candidatePair: {
      localCandidateType: poor ? 'relay' : 'host',
      remoteCandidateType: poor ? 'relay' : 'host',
      protocol: 'udp',
      relayProtocol: poor ? 'udp' : null,
      relayed: poor,
      roundTripTimeMs: Math.round(poor ? 170 + 50 * wave(i, 9) : 1 + wave(i, 9)),
      availableOutgoingBitrateKbps: poor ? 420 : 2500,
      availableIncomingBitrateKbps: null,
    },
    quality,
  };
}

/**
 * `seconds` samples, one a second, ending now, of a mesh: a link per remote id; `poor` lists the
 * ids whose link is poor (relayed, lossy), and `uplink` your own level.
 */
export function recordedSamples(
  remote: string[],
  { poor = [], uplink = 'good', seconds = 60 }: { poor?: string[]; uplink?: QualityLevel; seconds?: number } = {},
): StatsSample[] {
  const end = Date.UTC(2026, 10, 30, 9, 30);
  return Array.from({ length: seconds }, (_, i) => {
    const connections = remote.map((id) => link(id, i, poor.includes(id), poor.includes(id) ? 'poor' : 'good'));
    const total = (side: 'sent' | 'received') =>
      connections.reduce((n, l) => n + (l[side]?.audio?.bitrateKbps ?? 0) + (l[side]?.video?.bitrateKbps ?? 0), 0);
    return {
      timestamp: end - (seconds - 1 - i) * 1000,
      intervalMs: i ? 1000 : 0,
      connections,
      sentBitrateKbps: total('sent'),
      receivedBitrateKbps: total('received'),
      localQuality: uplink,
    };
  });
}

/**
 * The same minute as an SFU gives it: one connection sends our media for everyone (`up`), one
 * brings in everyone's (`down`), with the figures of the first remote id's link.
 */
export function sfuSamples(
  remote: string[],
  options: { poor?: string[]; uplink?: QualityLevel; seconds?: number } = {},
): StatsSample[] {
  return recordedSamples(remote.slice(0, 1), options).map((sample) => {
    const link = sample.connections[0]!;
    const up: ConnectionSample = {
      ...link,
      id: 'up',
      direction: 'send',
      participants: remote,
      received: null,
      quality: sample.localQuality,
    };
    const down: ConnectionSample = { ...link, id: 'down', direction: 'receive', participants: remote, sent: null };
    return { ...sample, connections: [up, down] };
  });
}
