/** `<rtc-stats>`, the tiles' quality indicator and the room's notice about your own connection. */
export interface StatsStrings {
  /** The element's accessible name: the whole room, or one person. */
  'stats.label': string;
  'stats.label.participant': string;
  /** A quality level, as the tile's signal bars and the stats say it. */
  'quality.good': string;
  'quality.fair': string;
  'quality.poor': string;
  'quality.lost': string;
  /** Relayed through a TURN server, or peer to peer. */
  'stats.relayed': string;
  'stats.direct': string;
  'stats.sent': string;
  'stats.received': string;
  'stats.audio': string;
  'stats.video': string;
  /** The table's header cells and row names. */
  'stats.measure': string;
  'stats.participant': string;
  'stats.quality': string;
  'stats.route': string;
  'stats.bitrate': string;
  'stats.rtt': string;
  'stats.loss': string;
  'stats.jitter': string;
  'stats.fps': string;
  'stats.resolution': string;
  'stats.codec': string;
  'stats.candidates': string;
  'stats.limitation': string;
  'stats.available': string;
  'stats.freezes': string;
  'stats.concealed': string;
  /** A sparkline's accessible name: `{label}` is a measure, `{value}` its last value. */
  'stats.history': string;
  'stats.copy': string;
  'stats.copied': string;
  'stats.empty': string;
  /** The room table's button that opens one participant's detail (`{name}`), and the detail's way back. */
  'stats.details': string;
  'stats.back': string;
  /** The room's notice while your own uplink is poor. */
  'notice.unstable': string;
}

/** The keys the tiles and the room show (the quality levels, the notice about your connection). */
type QualityKey = 'quality.good' | 'quality.fair' | 'quality.poor' | 'quality.lost' | 'notice.unstable';

/** What the tiles and the room show: carried up front (`baseEn`). */
export const qualityEn: Pick<StatsStrings, QualityKey> = {
  'quality.good': 'Good connection',
  'quality.fair': 'Fair connection',
  'quality.poor': 'Poor connection',
  'quality.lost': 'Connection lost',
  'notice.unstable': 'Your connection is unstable.',
};

/** The rest, `<rtc-stats>`'s own: it brings them when it loads (`addEnglish`). */
export const statsEn: Omit<StatsStrings, QualityKey> = {
  'stats.label': 'Call statistics',
  'stats.label.participant': 'Call statistics for {name}',
  'stats.relayed': 'Relayed (TURN)',
  'stats.direct': 'Direct',
  'stats.sent': 'Sent',
  'stats.received': 'Received',
  'stats.audio': 'Audio',
  'stats.video': 'Video',
  'stats.measure': 'Measure',
  'stats.participant': 'Participant',
  'stats.quality': 'Quality',
  'stats.route': 'Route',
  'stats.bitrate': 'Bitrate',
  'stats.rtt': 'Round-trip time',
  'stats.loss': 'Packet loss',
  'stats.jitter': 'Jitter',
  'stats.fps': 'Frames per second',
  'stats.resolution': 'Resolution',
  'stats.codec': 'Codec',
  'stats.candidates': 'Candidates (local / remote)',
  'stats.limitation': 'Limited by',
  'stats.available': 'Available bandwidth',
  'stats.freezes': 'Freezes',
  'stats.concealed': 'Concealed audio',
  'stats.history': '{label} over the last minute, now {value}',
  'stats.copy': 'Copy as JSON',
  'stats.copied': 'Copied',
  'stats.empty': 'No measurements yet',
  'stats.details': 'Details for {name}',
  'stats.back': 'Back to everyone',
};
