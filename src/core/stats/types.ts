/**
 * The plain objects the stats sampler produces: JSON-safe (numbers, strings, null), with the unit
 * in each field's name. Rates are over the last interval; `…Total` counts run since the media began.
 * docs/stats.md describes every field.
 */

/** How a link is doing, best to worst. `lost`: nothing arrives any more. */
export type QualityLevel = 'good' | 'fair' | 'poor' | 'lost';

/** The type of an ICE candidate: a local address, one seen by a STUN server or a peer, or a TURN relay. */
export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay';

/** One direction (sent or received) of one kind of media on one link, over the last interval. */
export interface MediaStats {
  kind: 'audio' | 'video';
  /** Kilobits per second (1000 bits), headers excluded. */
  bitrateKbps: number;
  packetsPerSecond: number;
  /**
   * Share of the packets lost, 0–100: received media, of the packets expected in the interval;
   * sent media, as the other side last reported it (`remote-inbound-rtp` `fractionLost`). Null
   * before anything is known.
   */
  packetLossPercent: number | null;
  /** Interarrival jitter, in ms (received: ours; sent: as the other side reports it). */
  jitterMs: number | null;
  /** Sent media only: round-trip time from RTCP (`remote-inbound-rtp`), in ms. */
  roundTripTimeMs: number | null;
  /** Video only. */
  framesPerSecond: number | null;
  frameWidth: number | null;
  frameHeight: number | null;
  /** The codec's MIME type (`video/VP8`, `audio/opus`). */
  codec: string | null;
  /** The codec's parameters (`sdpFmtpLine`: H.264 profile, Opus options). */
  codecProfile: string | null;
  /** Sent video only: why the encoder sends less than it could (`none`, `bandwidth`, `cpu`, `other`). */
  qualityLimitationReason: string | null;
  /** Received video only: freezes since the media began, and how long they lasted in all, in ms. */
  freezeCountTotal: number | null;
  freezeDurationMsTotal: number | null;
  /** Received audio only: share of the samples played in the interval that were concealed (made up for lost packets), 0–100. */
  concealedPercent: number | null;
}

/** The candidate pair a link uses: relayed or direct, and what the network allows. */
export interface ConnectionStats {
  localCandidateType: CandidateType | null;
  remoteCandidateType: CandidateType | null;
  /** `udp` or `tcp`. */
  protocol: string | null;
  /** How we reach our TURN server when our candidate is a relay (`udp`, `tcp`, `tls`). */
  relayProtocol: string | null;
  /** True when either side's candidate is a TURN relay: media goes through a server. */
  relayed: boolean;
  /** ICE round-trip time of the pair, in ms. */
  roundTripTimeMs: number | null;
  /** The sending bandwidth the congestion controller estimates, in kbps (Chromium). */
  availableOutgoingBitrateKbps: number | null;
  availableIncomingBitrateKbps: number | null;
}

/** The link with one remote participant: what we send them, what we receive, how. */
export interface LinkStats {
  participantId: string;
  /** The link's `RTCPeerConnection.connectionState`. */
  connectionState: string;
  sent: { audio: MediaStats | null; video: MediaStats | null };
  received: { audio: MediaStats | null; video: MediaStats | null };
  connection: ConnectionStats | null;
  /** How well we receive this participant (hysteresis applied), null before the first judgement. */
  quality: QualityLevel | null;
}

/** One look at the whole room. */
export interface StatsSample {
  /** When it was taken: ms since the epoch (`Date.now()`). */
  timestamp: number;
  /** The time since the previous sample, in ms (the rates are over it). */
  intervalMs: number;
  /** One per remote participant. */
  links: LinkStats[];
  /** All links added up, in kbps. */
  sentBitrateKbps: number;
  receivedBitrateKbps: number;
  /** Your own uplink's quality (the median of your links, so one poor peer does not count as yours). */
  localQuality: QualityLevel | null;
}

/** What the quality rule reads, for one link and one interval. */
export interface QualityInput {
  /** Packet loss, 0–100 (null: unknown). */
  lossPercent: number | null;
  roundTripTimeMs: number | null;
  jitterMs: number | null;
  /** Video freezes that began in the interval. */
  freezes: number;
  /** False when media is expected and no packet came in the interval (or the connection dropped). */
  flowing: boolean;
}
