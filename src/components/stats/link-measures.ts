/** What the compact view and the detailed one both read of a connection: loss, round trip, bitrate. */
import type { ConnectionSample, DirectionStats, StatsSample } from '../../core/stats/types.js';

export { bitrateOf } from '../../core/stats/bitrate.js';

/** The largest of the known values, or null. */
const max = (values: (number | null | undefined)[]) => {
  const known = values.filter((v): v is number => typeof v === 'number');
  return known.length ? Math.max(...known) : null;
};

/** The connection that brings in participant `id`'s media, if any. */
export const connectionOf = (sample: StatsSample, id: string): ConnectionSample | undefined =>
  sample.connections.find((c) => c.received && c.participants.includes(id));

/**
 * What we send to the one participant `connection` carries (a mesh link), or null: on a
 * connection that only receives, or one shared by several, what we send is not theirs.
 */
export const sentTo = (connection: ConnectionSample): DirectionStats | null =>
  connection.participants.length === 1 ? connection.sent : null;

/** A connection's received loss (the worse of audio and video), in %. */
export function receivedLoss(connection: ConnectionSample): number | null {
  const { received } = connection;
  return max([received?.audio?.packetLossPercent, received?.video?.packetLossPercent]);
}

/** A connection's round-trip time: the candidate pair's, else RTCP's, in ms. */
export function linkRtt({ candidatePair, sent }: ConnectionSample): number | null {
  return candidatePair?.roundTripTimeMs ?? sent?.audio?.roundTripTimeMs ?? sent?.video?.roundTripTimeMs ?? null;
}
