/** The options and events of a `PeerLink` (peer-link.ts). */
import type { RtcError } from '../../errors.js';
import type { RelayPayloads, RelayType } from '../../protocol.js';

export type MediaKind = 'audio' | 'video';

export interface PeerLinkOptions {
  /** The remote participant's id. */
  remoteId: string;
  /**
   * The polite side of the perfect negotiation pattern yields on glare (an offer arriving
   * while it is making its own); the impolite side ignores the colliding offer.
   */
  polite: boolean;
  /** The newcomer starts negotiating at once; an existing peer waits for its offer. */
  initiator: boolean;
  configuration?: RTCConfiguration;
  /** Local media to send, possibly empty (receive-only). */
  localStream?: MediaStream | null;
  /**
   * Kinds whose track is still starting (a camera behind its permission prompt): negotiated as
   * sending from the first offer or answer, silent until the track goes on with `setTrack`, which
   * then needs no second negotiation.
   */
  expects?: Partial<Record<MediaKind, boolean>>;
  /** A screen being shared when the link starts. */
  screen?: { track: MediaStreamTrack; stream: MediaStream } | null;
  /** Sends a signaling message to the remote peer. */
  send: <T extends RelayType>(type: T, data: RelayPayloads[T]) => void;
  /** How long ICE may stay `disconnected` before an ICE restart, in ms. Default 0: at once. */
  disconnectedRestartMs?: number;
  /** Called with each new or adopted transceiver before an offer or answer is made (codecs, caps). */
  prepare?: (transceiver: RTCRtpTransceiver, kind: MediaKind, pc: RTCPeerConnection) => void;
}

export interface PeerLinkEventMap {
  /** A remote track arrived (or left): `remoteStream` or `remoteScreenStream` changed. */
  track: CustomEvent<{ track: MediaStreamTrack; stream: MediaStream }>;
  /** A message arrived on the link's data channel (parsed JSON). */
  message: CustomEvent<{ data: unknown }>;
  /** `RTCPeerConnection.connectionState` changed. */
  state: CustomEvent<{ state: RTCPeerConnectionState }>;
  /**
   * Negotiation failed in a way the pattern does not recover from by itself (`peer-failed`), or a
   * STUN/TURN server failed (`ice-server`, once per URL; the link may still connect).
   */
  error: CustomEvent<{ error: RtcError }>;
}
