/** What the compact view and the detailed one both read of a link: loss, round trip, bitrate. */
import type { LinkStats } from '../../core/stats/types.js';

/** The largest of the known values, or null. */
const max = (values: (number | null | undefined)[]) => {
  const known = values.filter((v): v is number => typeof v === 'number');
  return known.length ? Math.max(...known) : null;
};

/** A link's received loss (the worse of audio and video), in %. */
export function receivedLoss(link: LinkStats): number | null {
  return max([link.received.audio?.packetLossPercent, link.received.video?.packetLossPercent]);
}

/** A link's round-trip time: the candidate pair's, else RTCP's, in ms. */
export function linkRtt(link: LinkStats): number | null {
  return (
    link.connection?.roundTripTimeMs ?? link.sent.audio?.roundTripTimeMs ?? link.sent.video?.roundTripTimeMs ?? null
  );
}

/** Sent plus received, in kbps. */
export function linkBitrate(link: LinkStats): number {
  const media = [link.sent.audio, link.sent.video, link.received.audio, link.received.video];
  return media.reduce((n, m) => n + (m?.bitrateKbps ?? 0), 0);
}
