/**
 * What the core reads from the browser, made from werift (a WebRTC stack in TypeScript) for Node:
 * an `RTCPeerConnection` that behaves as the core expects where werift differs, a `MediaStream`
 * that is an `EventTarget` holding werift's tracks, and `MediaStreamTrackEvent`.
 */
import { randomUUID } from 'node:crypto';
import type * as Werift from 'werift';
import { negotiationNeeded } from './negotiation.js';

type Track = Werift.MediaStreamTrack;

/** A `MediaStream` of werift tracks: what a `Room` shows as a participant's stream, or sends as `media`. */
export class NodeMediaStream extends EventTarget {
  readonly id = randomUUID();
  #tracks: Track[] = [];

  constructor(tracks: readonly Track[] = []) {
    super();
    for (const track of tracks) this.addTrack(track);
  }

  get active(): boolean {
    return this.#tracks.some((track) => !track.stopped);
  }

  addTrack(track: Track): void {
    if (!this.#tracks.includes(track)) this.#tracks.push(track);
  }

  removeTrack(track: Track): void {
    this.#tracks = this.#tracks.filter((t) => t !== track);
  }

  getTracks(): Track[] {
    return [...this.#tracks];
  }

  getAudioTracks(): Track[] {
    return this.#tracks.filter((track) => track.kind === 'audio');
  }

  getVideoTracks(): Track[] {
    return this.#tracks.filter((track) => track.kind === 'video');
  }
}

/** `MediaStreamTrackEvent`: `addtrack` and `removetrack` on a {@link NodeMediaStream}. */
export class NodeMediaStreamTrackEvent extends Event {
  readonly track: Track;

  constructor(type: string, init: { track: Track }) {
    super(type);
    this.track = init.track;
  }
}

type LocalDescription = Parameters<Werift.RTCPeerConnection['setLocalDescription']>[0];
type RemoteDescription = Parameters<Werift.RTCPeerConnection['setRemoteDescription']>[0];
type CandidateHandler = (event: {
  candidate: (RTCIceCandidateInit & { toJSON(): RTCIceCandidateInit }) | null;
}) => void;

/**
 * werift's `RTCPeerConnection`, as the core's mesh expects it:
 * - no public STUN server unless given one: werift's default is Google's, used when the
 *   configuration names none (the room passes the server's `iceServers` from `welcome`);
 * - ICE candidates held while a description is made, and given a task after it is set (so
 *   after the core has sent it): werift announces some before its offer is ready, and a
 *   browser given a candidate before the description drops it;
 * - candidates with `toJSON()`, as the browser's `RTCIceCandidate` has;
 * - `negotiationneeded` only in `stable` and when negotiation is needed (negotiation.ts): werift
 *   fires it for directions the answer being made already carries, and the needless offer the
 *   core would make then restarts werift's ICE, which fails;
 * - offers whose `bundle-only` m-lines have port 0 (Firefox's, with `max-bundle`) read as the
 *   browsers read them: werift takes port 0 for a rejected m-line, and neither the video nor
 *   the data channel would come in.
 * `hostAddresses`: extra addresses to gather host candidates on (e.g. `127.0.0.1`).
 */
export function peerConnectionClass(
  werift: typeof Werift,
  hostAddresses?: readonly string[],
): typeof RTCPeerConnection {
  class NodePeerConnection extends werift.RTCPeerConnection {
    #onCandidate: CandidateHandler | null = null;
    #onNegotiation: (() => void) | null = null;
    #describing = 0;
    #held: Array<() => void> = [];

    constructor(configuration: RTCConfiguration = {}) {
      const { iceServers, bundlePolicy } = configuration;
      super({
        iceServers: (iceServers ?? []) as Werift.PeerConfig['iceServers'],
        ...(bundlePolicy && { bundlePolicy: bundlePolicy as Werift.PeerConfig['bundlePolicy'] }),
        ...(hostAddresses?.length && { iceAdditionalHostAddresses: [...hostAddresses] }),
      });
    }

    // werift calls `this.onicecandidate` and `this.onnegotiationneeded`: these getters give it
    // the steps above, which call what the core set.
    override get onicecandidate(): never {
      return (this.#onCandidate &&
        ((event: { candidate?: RTCIceCandidateInit }) => this.#candidate(event.candidate))) as never;
    }

    override set onicecandidate(handler: CandidateHandler | null) {
      this.#onCandidate = handler;
    }

    override get onnegotiationneeded(): never {
      return (this.#onNegotiation && (() => this.#negotiationNeeded())) as never;
    }

    override set onnegotiationneeded(handler: (() => void) | null) {
      this.#onNegotiation = handler;
    }

    override setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
      const sdp = description.sdp && withBundleOnlyPorts(description.sdp);
      return super.setRemoteDescription({ ...description, ...(sdp && { sdp }) } as RemoteDescription);
    }

    // (One signature for werift's two overloads: `never` fits both results.)
    override async setLocalDescription(description?: LocalDescription | { type: 'rollback' }): Promise<never> {
      this.#describing++;
      try {
        return (await super.setLocalDescription(description as LocalDescription)) as never;
      } finally {
        this.#describing--;
        // A task later: the core sends the description in the continuation of this promise.
        setTimeout(() => this.#flush());
      }
    }

    #candidate(candidate: RTCIceCandidateInit | undefined) {
      const json = candidate ? { ...candidate } : null;
      const give = () => this.#onCandidate?.({ candidate: json && { ...json, toJSON: () => json } });
      if (this.#describing > 0 || !this.localDescription) this.#held.push(give);
      else give();
    }

    #negotiationNeeded() {
      if (this.signalingState !== 'stable') return;
      const { localDescription: local, remoteDescription: remote } = this;
      if (negotiationNeeded(this.getTransceivers(), local, remote)) this.#onNegotiation?.();
    }

    #flush() {
      if (this.#describing > 0 || !this.localDescription) return;
      for (const give of this.#held.splice(0)) give();
    }
  }
  return NodePeerConnection as unknown as typeof RTCPeerConnection;
}

/** `sdp` with the port of each `a=bundle-only` m-line set to 9 (it rides on the bundle's transport). */
export function withBundleOnlyPorts(sdp: string): string {
  return sdp
    .split(/(?=^m=)/m)
    .map((section) => (/^a=bundle-only\r?$/m.test(section) ? section.replace(/^(m=\S+) 0 /, '$1 9 ') : section))
    .join('');
}

/**
 * What the core reads of a track that werift's `MediaStreamTrack` lacks: `readyState` (from its
 * `stopped`) and `getSettings()` (nothing known: a werift track carries RTP, not frames).
 */
export function completeTracks(werift: typeof Werift): void {
  const prototype = werift.MediaStreamTrack.prototype as unknown as Record<string, unknown>;
  if (!('readyState' in prototype)) {
    Object.defineProperty(prototype, 'readyState', {
      get(this: Track) {
        return this.stopped ? 'ended' : 'live';
      },
    });
  }
  if (!('getSettings' in prototype)) prototype.getSettings = () => ({});
}
