import { RtcError } from './errors.js';
import type { IceCandidate, RelayPayloads, RelayType, SessionDescription } from './protocol.js';
import { TypedEventTarget } from './typed-event-target.js';

type MediaKind = 'audio' | 'video';
const KINDS: readonly MediaKind[] = ['audio', 'video'];

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
  /** Sends a signaling message to the remote peer. */
  send: <T extends RelayType>(type: T, data: RelayPayloads[T]) => void;
  /** How long ICE may stay `disconnected` before an ICE restart, in ms. Default 4000. */
  disconnectedRestartMs?: number;
}

export interface PeerLinkEventMap {
  /** A remote track arrived (or left): `remoteStream` changed. */
  track: CustomEvent<{ track: MediaStreamTrack; stream: MediaStream }>;
  /** `RTCPeerConnection.connectionState` changed. */
  state: CustomEvent<{ state: RTCPeerConnectionState }>;
  /** Negotiation failed in a way the pattern does not recover from by itself. */
  error: CustomEvent<{ error: RtcError }>;
}

/**
 * One `RTCPeerConnection` to one remote participant, negotiated with the perfect negotiation
 * pattern, so that renegotiation (a new track, a device switch, an ICE restart) never deadlocks
 * on glare. Media rides on one audio and one video transceiver created by the initiator and
 * reused by the answerer, so a device switch is a `replaceTrack` and a receive-only side
 * still receives.
 */
export class PeerLink extends TypedEventTarget<PeerLinkEventMap> {
  readonly remoteId: string;
  readonly polite: boolean;
  readonly pc: RTCPeerConnection;
  /** Everything the remote peer sends, as one stream. */
  readonly remoteStream = new MediaStream();
  #send: PeerLinkOptions['send'];
  #localStream: MediaStream | null;
  #transceivers: Partial<Record<MediaKind, RTCRtpTransceiver>> = {};
  #makingOffer = false;
  #ignoreOffer = false;
  #settingRemoteAnswerPending = false;
  #incoming: Promise<void> = Promise.resolve();
  #disconnectedTimer: ReturnType<typeof setTimeout> | undefined;
  #disconnectedRestartMs: number;
  #closed = false;

  constructor(options: PeerLinkOptions) {
    super();
    this.remoteId = options.remoteId;
    this.polite = options.polite;
    this.#send = options.send;
    this.#localStream = options.localStream ?? null;
    this.#disconnectedRestartMs = options.disconnectedRestartMs ?? 4_000;
    this.pc = new RTCPeerConnection(options.configuration);
    const pc = this.pc;
    pc.onnegotiationneeded = () => void this.#negotiate();
    pc.onicecandidate = ({ candidate }) => {
      this.#send('ice-candidate', candidate ? (candidate.toJSON() as IceCandidate) : null);
    };
    pc.ontrack = ({ track }) => {
      this.remoteStream.addTrack(track);
      // A stream only fires addtrack/removetrack for changes the browser makes; ours are made by
      // script, so say so, and whoever shows the stream (a <video>, <rtc-video>) can follow.
      this.remoteStream.dispatchEvent(new MediaStreamTrackEvent('addtrack', { track }));
      track.addEventListener('ended', () => {
        this.remoteStream.removeTrack(track);
        this.remoteStream.dispatchEvent(new MediaStreamTrackEvent('removetrack', { track }));
        this.emit('track', { track, stream: this.remoteStream });
      });
      this.emit('track', { track, stream: this.remoteStream });
    };
    pc.onconnectionstatechange = () => this.emit('state', { state: pc.connectionState });
    pc.oniceconnectionstatechange = () => this.#watchIce();
    if (options.initiator) this.#addTransceivers();
  }

  /** `RTCPeerConnection.connectionState`. */
  get state(): RTCPeerConnectionState {
    return this.pc.connectionState;
  }

  /** Handles a relayed `offer`, `answer` or `ice-candidate` from the remote peer, in order. */
  receive<T extends RelayType>(type: T, data: RelayPayloads[T]): Promise<void> {
    const next = this.#incoming.then(() => this.#receive(type, data));
    this.#incoming = next.catch(() => undefined);
    return next;
  }

  /**
   * Sends `stream`'s tracks instead of the current ones (a device switch, or media that arrived
   * late). Switching devices does not renegotiate; starting to send a kind for the first time does.
   */
  async setLocalStream(stream: MediaStream | null): Promise<void> {
    this.#localStream = stream;
    for (const kind of KINDS) {
      const transceiver = this.#transceivers[kind];
      if (!transceiver || this.#closed) continue;
      await this.#attach(transceiver, kind);
    }
  }

  /**
   * Restarts ICE if this connection is negotiated but not up (e.g. candidates may have been lost
   * while the signaling socket was down). No-op otherwise.
   */
  restartIceIfStalled(): void {
    const state = this.pc.connectionState;
    const stalled = state === 'connecting' || state === 'disconnected' || state === 'failed';
    if (!this.#closed && stalled && this.pc.remoteDescription) this.pc.restartIce();
  }

  /** Closes the connection; remote tracks end. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#disconnectedTimer);
    this.pc.close();
    for (const track of this.remoteStream.getTracks()) track.stop();
    this.emit('state', { state: 'closed' });
  }

  #addTransceivers() {
    for (const kind of KINDS) {
      const track = this.#localStream?.getTracks().find((t) => t.kind === kind);
      this.#transceivers[kind] = track
        ? this.pc.addTransceiver(track, { direction: 'sendrecv', streams: [this.#localStream!] })
        : this.pc.addTransceiver(kind, { direction: 'recvonly' });
    }
  }

  /** After the first remote offer: adopt its transceivers and put our tracks on them. */
  async #adoptTransceivers() {
    for (const kind of KINDS) {
      if (this.#transceivers[kind]) continue;
      const transceiver = this.pc
        .getTransceivers()
        .find(
          (t) =>
            t.receiver.track.kind === kind && t.mid !== null && !t.sender.track && t.currentDirection !== 'stopped',
        );
      if (!transceiver) continue;
      this.#transceivers[kind] = transceiver;
      await this.#attach(transceiver, kind);
    }
  }

  async #attach(transceiver: RTCRtpTransceiver, kind: MediaKind) {
    const track = this.#localStream?.getTracks().find((t) => t.kind === kind) ?? null;
    if (transceiver.sender.track !== track) await transceiver.sender.replaceTrack(track);
    if (track && this.#localStream) transceiver.sender.setStreams?.(this.#localStream);
    // Only ever widen: a kind we stop sending keeps its m-line and is simply silent.
    if (track && transceiver.direction !== 'sendrecv') transceiver.direction = 'sendrecv';
  }

  async #negotiate() {
    if (this.#closed) return;
    try {
      this.#makingOffer = true;
      await this.pc.setLocalDescription();
      const description = this.pc.localDescription;
      if (description) this.#send(description.type as 'offer', toDescription(description));
    } catch (cause) {
      if (!this.#closed) this.#fail('Could not create an offer', cause);
    } finally {
      this.#makingOffer = false;
    }
  }

  async #receive<T extends RelayType>(type: T, data: RelayPayloads[T]) {
    if (this.#closed) return;
    const pc = this.pc;
    try {
      if (type === 'ice-candidate') {
        try {
          await pc.addIceCandidate((data as IceCandidate | null) ?? undefined);
        } catch (error) {
          // Candidates of an offer we ignored on glare are expected to fail.
          if (!this.#ignoreOffer) throw error;
        }
        return;
      }
      const description = data as SessionDescription;
      if (description?.type !== type || typeof description.sdp !== 'string') {
        throw new TypeError(`Malformed ${type} from ${this.remoteId}`);
      }
      const readyForOffer = !this.#makingOffer && (pc.signalingState === 'stable' || this.#settingRemoteAnswerPending);
      const collision = type === 'offer' && !readyForOffer;
      this.#ignoreOffer = !this.polite && collision;
      if (this.#ignoreOffer) return;
      this.#settingRemoteAnswerPending = type === 'answer';
      await pc.setRemoteDescription(description as RTCSessionDescriptionInit);
      this.#settingRemoteAnswerPending = false;
      if (type === 'offer') {
        await this.#adoptTransceivers();
        await pc.setLocalDescription();
        const answer = pc.localDescription;
        if (answer) this.#send('answer', toDescription(answer));
      }
    } catch (cause) {
      this.#settingRemoteAnswerPending = false;
      if (!this.#closed) this.#fail(`Could not apply ${type} from ${this.remoteId}`, cause);
    }
  }

  #watchIce() {
    const state = this.pc.iceConnectionState;
    clearTimeout(this.#disconnectedTimer);
    if (state === 'failed') {
      this.pc.restartIce();
    } else if (state === 'disconnected') {
      this.#disconnectedTimer = setTimeout(() => {
        if (!this.#closed && this.pc.iceConnectionState === 'disconnected') this.pc.restartIce();
      }, this.#disconnectedRestartMs);
    }
  }

  #fail(message: string, cause: unknown) {
    const detail = cause instanceof Error ? `: ${cause.message}` : '';
    this.emit('error', { error: new RtcError('peer-failed', `${message}${detail}`, { cause }) });
  }
}

function toDescription(description: RTCSessionDescription): SessionDescription {
  return { type: description.type, sdp: description.sdp };
}
