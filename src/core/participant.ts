import type { PeerLink } from './peer-link.js';

/** A person in the room: the local one, or a remote one reached through a {@link PeerLink}. */
export class Participant {
  /** @internal */ _name: string;
  /** @internal */ _stream: MediaStream | null;
  /** @internal */ _link: PeerLink | null = null;

  constructor(
    /** The id the signaling server gave this participant. */
    readonly id: string,
    name: string,
    /** True for the participant on this page. */
    readonly local: boolean,
    stream: MediaStream | null = null,
  ) {
    this._name = name;
    this._stream = stream;
  }

  /** Display name: plain text, never HTML. May be empty. */
  get name(): string {
    return this._name;
  }

  /** What this participant sends (for the local one: what we send), or null before any arrives. */
  get stream(): MediaStream | null {
    return this._stream;
  }

  /** The peer connection to this participant (null for the local one and before negotiation). */
  get peerConnection(): RTCPeerConnection | null {
    return this._link?.pc ?? null;
  }

  /** `connected` for the local participant; the peer connection's state for a remote one. */
  get connectionState(): RTCPeerConnectionState {
    if (this.local) return 'connected';
    return this._link?.state ?? 'new';
  }
}
