import { svg } from 'lit';
import type { LinkStats, StatsSample } from '../../core/stats/types.js';

/** The three measures the sparklines show. */
export type SeriesName = 'bitrate' | 'rtt' | 'loss';

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

/** One value per sample: of one participant's link (`id`), or of the whole room (the worst link, the total bitrate). */
export function seriesOf(samples: readonly StatsSample[], name: SeriesName, id: string | null): (number | null)[] {
  return samples.map((sample) => {
    const links = id ? sample.links.filter((l) => l.participantId === id) : sample.links;
    if (name === 'bitrate')
      return id ? (links[0] ? linkBitrate(links[0]) : null) : sample.sentBitrateKbps + sample.receivedBitrateKbps;
    return max(links.map(name === 'rtt' ? linkRtt : receivedLoss));
  });
}

/**
 * A sparkline: the values as a polyline in a 60 × 20 box (one step per sample; the newest at the
 * right end), scaled to the largest value. Gaps (null) are skipped.
 */
export function sparkline(values: readonly (number | null)[]) {
  const top = Math.max(1, ...values.filter((v): v is number => v !== null));
  const step = 60 / Math.max(1, values.length - 1);
  const points = values
    .map((v, i) => (v === null ? '' : `${(i * step).toFixed(1)},${(19 - (v / top) * 18).toFixed(1)}`))
    .filter(Boolean)
    .join(' ');
  return svg`<svg viewBox="0 0 60 20" preserveAspectRatio="none" aria-hidden="true" focusable="false">
    <polyline points=${points} fill="none" stroke="currentColor" stroke-width="1.4" vector-effect="non-scaling-stroke"
      stroke-linejoin="round"/></svg>`;
}
