/**
 * The plain objects the stats sampler produces: JSON-safe (numbers, strings, null), with the unit
 * in each field's name. Rates are over the last interval; `…Total` counts run since the media began.
 * docs/stats.md describes every field.
 */

/** How a connection is doing, best to worst. `lost`: nothing arrives any more. */
export type QualityLevel = 'good' | 'fair' | 'poor' | 'lost';

/** The type of an ICE candidate: a local address, one seen by a STUN server or a peer, or a TURN relay. */
export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay';

/** One direction (sent or received) of one kind of media on one connection, over the last interval. */
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

/** The candidate pair a connection uses: relayed or direct, and what the network allows. */
export interface CandidatePairStats {
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

/** One direction of a connection: its audio and its video (null: none of that kind). */
export interface DirectionStats {
  audio: MediaStats | null;
  video: MediaStats | null;
}

/**
 * One connection of the session (a `TransportConnection`): what goes each way on it, how, and how
 * well. The mesh has one `both` connection per remote participant; an SFU one `send` connection
 * for everyone and `receive` ones that carry several participants each.
 */
export interface ConnectionSample {
  /** The transport's id for it (the mesh: the participant's). */
  id: string;
  direction: 'send' | 'receive' | 'both';
  /** The ids of the remote participants it carries. */
  participants: readonly string[];
  /** Its `RTCPeerConnection.connectionState`. */
  connectionState: string;
  /**
   * What we send on it, null when it only receives: on a connection that carries one participant
   * (a mesh link), what we send them; on a shared one, what we send everyone.
   */
  sent: DirectionStats | null;
  /** What we receive on it, null when it only sends. */
  received: DirectionStats | null;
  /** The selected candidate pair. */
  candidatePair: CandidatePairStats | null;
  /**
   * How well we receive on it (hysteresis applied; a `send` connection: how well the other side
   * receives us), null before the first judgement. It is the level of every participant it
   * carries: for now a connection that carries several gives them all the same (splitting an
   * SFU's receiving connection by participant comes with the SFU).
   */
  quality: QualityLevel | null;
}

/** One look at the whole session. */
export interface StatsSample {
  /** When it was taken: ms since the epoch (`Date.now()`). */
  timestamp: number;
  /** The time since the previous sample, in ms (the rates are over it). */
  intervalMs: number;
  /** One per connection of the session (a mesh: one per remote participant). */
  connections: ConnectionSample[];
  /** All connections added up, in kbps. */
  sentBitrateKbps: number;
  receivedBitrateKbps: number;
  /**
   * Your own uplink's quality: the median of the connections that send (the better of two), so
   * one peer's poor downlink in a mesh does not count as yours.
   */
  localQuality: QualityLevel | null;
}

/** What the quality rule reads, for one connection and one interval. */
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
