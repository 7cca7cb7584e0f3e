import { answerKeepingRole } from './dtls-role.js';
import { fromNewConnection, sessionId } from './new-connection.js';
import { RtcError } from '../../errors.js';
import { IceServerErrors } from './ice-errors.js';
import { onNetworkChange } from './network-watch.js';
import type { ParticipantTransport } from '../../participant.js';
import type { MediaKind, PeerLinkEventMap, PeerLinkOptions } from './peer-link-types.js';
import type { IceCandidate, RelayPayloads, RelayType, SessionDescription } from '../../protocol.js';
import { TcpCandidates } from './tcp-candidates.js';
import { withOpusDtx } from './opus-dtx.js';
import { TypedEventTarget } from '../../typed-event-target.js';

export type { PeerLinkEventMap, PeerLinkOptions } from './peer-link-types.js';

const KINDS: readonly MediaKind[] = ['audio', 'video'];

/**
 * One `RTCPeerConnection` to one remote participant, negotiated with the perfect negotiation
 * pattern, so that renegotiation (a new track, a device switch, an ICE restart) never deadlocks
 * on glare. Media rides on one audio and one video transceiver created by the initiator and
 * reused by the answerer, so a device switch is a `replaceTrack` and a receive-only side
 * still receives. A shared screen rides on a video transceiver of its own; messages ride on a
 * data channel both sides create (`negotiated: true`), so they need no extra signaling.
 */
export class PeerLink extends TypedEventTarget<PeerLinkEventMap> implements ParticipantTransport {
  readonly remoteId: string;
  readonly polite: boolean;
  /**
   * Connections made in place of a failed one: DTLS failed while ICE was up (Firefox, after ICE
   * restarts), or the other side did so and offered from a fresh one. Never for an outage (an ICE
   * restart mends that, on the same connection).
   */
  renewals = 0;
  #pc!: RTCPeerConnection;
  #configuration: RTCConfiguration | undefined;
  /** The SDP session of the remote connection we replaced: what still comes from it is dropped. */
  #stale: string | undefined;
  /** The remote peer's camera and microphone, as one stream. */
  readonly remoteStream = new MediaStream();
  /** The remote peer's shared screen, while it shares one. */
  readonly remoteScreenStream = new MediaStream();
  #send: PeerLinkOptions['send'];
  /** What to send per kind (null: nothing), and the stream they belong to (for the remote's msid). */
  #tracks: Record<MediaKind, MediaStreamTrack | null> = { audio: null, video: null };
  #localStream: MediaStream | null;
  #expects: Partial<Record<MediaKind, boolean>>;
  /** The screen to send once this link has negotiated (a link that answers adds it after its first answer). */
  #screen: { track: MediaStreamTrack; stream: MediaStream | undefined } | null = null;
  #transceivers: Partial<Record<MediaKind, RTCRtpTransceiver>> = {};
  #screenTransceiver: RTCRtpTransceiver | null = null;
  #channel!: RTCDataChannel;
  #outbox: string[] = [];
  #makingOffer = false;
  #ignoreOffer = false;
  #settingRemoteAnswerPending = false;
  #incoming: Promise<void> = Promise.resolve();
  #disconnectedTimer: ReturnType<typeof setTimeout> | undefined;
  #disconnectedRestartMs: number;
  #iceErrors!: IceServerErrors;
  #unwatch: () => void;
  #closed = false;
  /** The first transceiver of each kind a remote track arrived on. */
  #seen: Partial<Record<MediaKind, RTCRtpTransceiver>> = {};
  #attached = new WeakMap<RTCRtpTransceiver, { track: MediaStreamTrack | null; stream: unknown; sends: boolean }>();
  #prepare: PeerLinkOptions['prepare'];
  #tcp!: TcpCandidates;

  constructor(options: PeerLinkOptions) {
    super();
    this.remoteId = options.remoteId;
    this.polite = options.polite;
    this.#send = options.send;
    this.#localStream = options.localStream ?? null;
    this.#expects = options.expects ?? {};
    for (const kind of KINDS) this.#tracks[kind] = this.#localStream?.getTracks().find((t) => t.kind === kind) ?? null;
    this.#disconnectedRestartMs = options.disconnectedRestartMs ?? 0;
    this.#prepare = options.prepare;
    this.#configuration = options.configuration;
    this.#screen = options.screen ?? null;
    // A new network (or back online): the current path may be dead before ICE notices; restart now.
    this.#unwatch = onNetworkChange(() => this.restartIce());
    this.#connect(options.initiator);
  }

  /** This link's `RTCPeerConnection` (a new one after a renewal, see `renewals`). */
  get pc(): RTCPeerConnection {
    return this.#pc;
  }

  /** `RTCPeerConnection.connectionState`. */
  get state(): RTCPeerConnectionState {
    return this.pc.connectionState;
  }

  get connectionState(): RTCPeerConnectionState {
    return this.pc.connectionState;
  }

  get peerConnection(): RTCPeerConnection {
    return this.pc;
  }

  /** Why the connection failed, when it did and a STUN/TURN server had failed before (`ice-server`). */
  get error(): RtcError | null {
    return this.pc.connectionState === 'failed' ? this.#iceErrors.last : null;
  }

  getStats(): Promise<RTCStatsReport> {
    return this.pc.getStats();
  }

  /** The receiver of the remote microphone (null before negotiation). */
  audioReceiver(): RTCRtpReceiver | null {
    return this.#transceivers.audio?.receiver ?? this.pc.getReceivers().find((r) => r.track.kind === 'audio') ?? null;
  }

  /**
   * Sends `text` (a JSON text) on the data channel; queued (up to 256 messages) until the channel opens.
   * Returns false when the link is closed or the queue is full.
   */
  sendMessage(text: string): boolean {
    if (this.#closed) return false;
    if (this.#channel.readyState === 'open') this.#channel.send(text);
    else if (this.#outbox.length < 256) this.#outbox.push(text);
    else return false;
    return true;
  }

  /**
   * Sends `track` as this link's `kind` (null sends nothing: a muted microphone or a camera turned
   * off). A `replaceTrack`: no renegotiation, except to start sending a kind for the first time.
   */
  async setTrack(kind: MediaKind, track: MediaStreamTrack | null, stream?: MediaStream): Promise<void> {
    this.#tracks[kind] = track;
    if (stream) this.#localStream = stream;
    const transceiver = this.#transceivers[kind];
    if (!transceiver || this.#closed) return;
    await this.#attach(transceiver, kind);
  }

  /**
   * Sends a shared screen on a video transceiver of its own (renegotiates the first time), or
   * stops sending it (`null`: the transceiver goes back to receiving only).
   */
  async setScreenTrack(track: MediaStreamTrack | null, stream?: MediaStream): Promise<void> {
    this.#screen = track ? { track, stream } : null;
    if (this.#closed) return;
    // Not negotiated yet: the screen goes on once the first offer/answer is done.
    if (!this.pc.remoteDescription && !this.#transceivers.video) return;
    const transceiver = this.#screenTransceiver ?? this.#freeScreenTransceiver();
    if (!track) {
      if (!transceiver) return;
      await transceiver.sender.replaceTrack(null);
      if (transceiver.direction !== 'recvonly') transceiver.direction = 'recvonly';
      return;
    }
    if (!transceiver) {
      this.#screenTransceiver = this.pc.addTransceiver(track, {
        direction: 'sendrecv',
        ...(stream && { streams: [stream] }),
      });
      this.#prepare?.(this.#screenTransceiver, 'video', this.pc);
      return;
    }
    this.#screenTransceiver = transceiver;
    await transceiver.sender.replaceTrack(track);
    if (stream) transceiver.sender.setStreams?.(stream);
    if (transceiver.direction !== 'sendrecv') transceiver.direction = 'sendrecv';
  }

  /** A screen m-line the remote side opened, which we can send on too. */
  #freeScreenTransceiver(): RTCRtpTransceiver | null {
    const video = this.pc.getTransceivers().filter((t) => t.receiver.track.kind === 'video' && t.mid !== null);
    return video.find((t, i) => i > 0 && t.currentDirection !== 'stopped') ?? null;
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
    for (const kind of KINDS)
      await this.setTrack(kind, stream?.getTracks().find((t) => t.kind === kind) ?? null, stream ?? undefined);
  }

  /**
   * Restarts ICE if this connection is negotiated but not up (e.g. candidates may have been lost
   * while the signaling socket was down). No-op otherwise.
   */
  restartIceIfStalled(): void {
    const state = this.pc.connectionState;
    const stalled = state === 'connecting' || state === 'disconnected' || state === 'failed';
    if (stalled) this.restartIce();
  }

  /**
   * Restarts ICE (fresh credentials, new candidates) once the connection is negotiated: a new offer
   * through the perfect negotiation pattern, so either side may do it, both at once included.
   */
  restartIce(): void {
    if (!this.#closed && this.pc.remoteDescription) this.pc.restartIce();
  }

  /** Closes the connection; remote tracks end. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#disconnectedTimer);
    this.#unwatch();
    this.#outbox = [];
    this.pc.close();
    for (const track of [...this.remoteStream.getTracks(), ...this.remoteScreenStream.getTracks()]) track.stop();
    this.emit('state', { state: 'closed' });
  }

  /** Makes this link's connection: a first one, or a renewal's (see `renewals`). */
  #connect(initiator: boolean) {
    // One transport for everything from the first offer (every browser bundles): a third of the
    // candidates to gather, send and apply, and one ICE check list, while the room is joining.
    const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', ...this.#configuration });
    this.#pc = pc;
    this.#tcp = new TcpCandidates((candidate) => void pc.addIceCandidate(candidate).catch(() => undefined));
    this.#iceErrors = new IceServerErrors(pc, (error) => this.emit('error', { error }));
    pc.onnegotiationneeded = () => void this.#negotiate();
    pc.onicecandidate = ({ candidate }) => {
      this.#tcp.local(candidate);
      this.#send('ice-candidate', candidate ? (candidate.toJSON() as IceCandidate) : null);
    };
    pc.ontrack = ({ track, transceiver }) => {
      // The first video m-line carries the camera; a later one carries a shared screen. (Tracks
      // come in m-line order; getTransceivers() would wait on the WebRTC thread.)
      if (track.kind !== 'audio' && track.kind !== 'video') return;
      this.#seen[track.kind] ??= transceiver;
      const firstVideo = this.#transceivers.video ?? this.#seen.video;
      const stream = track.kind === 'video' && transceiver !== firstVideo ? this.remoteScreenStream : this.remoteStream;
      for (const old of stream.getTracks()) if (old.kind === track.kind) stream.removeTrack(old);
      stream.addTrack(track);
      // A stream only fires addtrack/removetrack for changes the browser makes; ours are made by
      // script, so say so, and whoever shows the stream (a <video>, <rtc-video>) can follow.
      stream.dispatchEvent(new MediaStreamTrackEvent('addtrack', { track }));
      track.addEventListener('ended', () => this.#untrack(stream, track));
      this.emit('track', { track, stream });
    };
    this.#channel = pc.createDataChannel('rtc-elements', { negotiated: true, id: 0 });
    this.#channel.onopen = () => {
      for (const text of this.#outbox.splice(0)) this.#channel.send(text);
    };
    this.#channel.onmessage = ({ data }) => {
      if (typeof data !== 'string') return;
      try {
        this.emit('message', { data: JSON.parse(data) });
      } catch {
        // Not JSON: not from this kit; ignore it.
      }
    };
    pc.onconnectionstatechange = () => this.#dtlsFailed() || this.emit('state', { state: pc.connectionState });
    pc.oniceconnectionstatechange = () => this.#dtlsFailed() || this.#watchIce();
    if (initiator) {
      this.#addTransceivers();
      // Offer now, not a task later when negotiationneeded fires (it then finds nothing to do).
      queueMicrotask(() => this.pc.signalingState === 'stable' && !this.pc.localDescription && void this.#negotiate());
    }
    if (this.#screen) void this.setScreenTrack(this.#screen.track, this.#screen.stream);
  }

  #addTransceivers() {
    for (const kind of KINDS) {
      const track = this.#tracks[kind];
      const streams = this.#localStream ? [this.#localStream] : [];
      const direction = track || this.#expects[kind] ? 'sendrecv' : 'recvonly';
      this.#transceivers[kind] = this.pc.addTransceiver(track ?? kind, { direction, streams });
      this.#prepare?.(this.#transceivers[kind]!, kind, this.pc);
    }
  }

  /**
   * After the first remote offer: adopt its transceivers and put our tracks on them. Their
   * directions are set at once; the promise settles when the tracks are on.
   */
  #adoptTransceivers(): Promise<unknown> {
    const attaching: Promise<void>[] = [];
    for (const kind of KINDS) {
      if (this.#transceivers[kind]) continue;
      const seen = this.#seen[kind];
      const transceiver =
        seen && !seen.sender.track
          ? seen
          : this.pc
              .getTransceivers()
              .find(
                (t) =>
                  t.receiver.track.kind === kind &&
                  t.mid !== null &&
                  !t.sender.track &&
                  t.currentDirection !== 'stopped',
              );
      if (!transceiver) continue;
      this.#transceivers[kind] = transceiver;
      this.#prepare?.(transceiver, kind, this.pc);
      attaching.push(this.#attach(transceiver, kind));
    }
    return Promise.all(attaching);
  }

  async #attach(transceiver: RTCRtpTransceiver, kind: MediaKind) {
    const track = this.#tracks[kind];
    const sends = !!track;
    // Done already: each call below waits on the WebRTC thread, and a join asks more than once.
    const key = { track, stream: this.#localStream, sends };
    const last = this.#attached.get(transceiver);
    if (last && last.track === track && last.stream === key.stream && last.sends === sends) return;
    this.#attached.set(transceiver, key);
    // Only ever widen (first, and synchronously: an answer being made needs it): a kind we stop
    // sending keeps its m-line and is simply silent; so is one whose track is still starting.
    if ((sends || this.#expects[kind]) && transceiver.direction !== 'sendrecv') transceiver.direction = 'sendrecv';
    if (transceiver.sender.track !== track) await transceiver.sender.replaceTrack(track);
    // A new stream for a sender that had one (an answerer's first attach skips it: each call waits
    // on the WebRTC thread, and this kit's receivers do not use the msid).
    if (sends && this.#localStream && last?.stream && last.stream !== this.#localStream) {
      transceiver.sender.setStreams?.(this.#localStream);
    }
  }

  async #negotiate() {
    const pc = this.pc;
    if (this.#closed || this.#makingOffer) return;
    try {
      this.#makingOffer = true;
      await pc.setLocalDescription();
      const description = pc.localDescription;
      if (description && pc === this.pc) this.#send(description.type as 'offer', toDescription(description));
    } catch (cause) {
      if (!this.#closed && pc === this.pc) this.#fail('Could not create an offer', cause);
    } finally {
      // (A renewal under way made a new connection, which may be making its own offer.)
      if (pc === this.pc) this.#makingOffer = false;
    }
  }

  /** A remote track gone: out of its stream, which says so (as the browser would, had it removed it). */
  #untrack(stream: MediaStream, track: MediaStreamTrack) {
    // (Not by id: a new connection's track may have the old one's.)
    if (!stream.getTracks().includes(track)) return;
    stream.removeTrack(track);
    stream.dispatchEvent(new MediaStreamTrackEvent('removetrack', { track }));
    this.emit('track', { track, stream });
  }

  /**
   * True, having renewed the connection, when DTLS failed while ICE is up: an ICE restart cannot
   * mend that (Firefox, after repeated ICE restarts), a new connection can. The other side learns
   * from our new connection's offer (a new SDP session: `fromNewConnection`) and does the same.
   */
  #dtlsFailed(): boolean {
    const { connectionState, iceConnectionState: ice } = this.pc;
    const failed = connectionState === 'failed' && (ice === 'connected' || ice === 'completed');
    if (failed) {
      // What the old connection was applying may never settle (a closed connection's promises
      // need not): the new one's signals do not wait for it.
      this.#incoming = Promise.resolve();
      this.#renew(true);
    }
    return failed;
  }

  /**
   * Replaces the connection with a new one to the same participant, which offers (`initiator`) or
   * takes the other side's fresh offer: the same remote streams (their tracks replaced as the new
   * ones come), the same tracks and screen sent, the same data channel's queue.
   */
  #renew(initiator: boolean) {
    const old = this.pc;
    this.renewals++;
    this.#stale = sessionId(old.remoteDescription?.sdp);
    clearTimeout(this.#disconnectedTimer);
    old.close();
    for (const stream of [this.remoteStream, this.remoteScreenStream])
      for (const track of stream.getTracks()) this.#untrack(stream, track);
    this.#transceivers = {};
    this.#seen = {};
    this.#screenTransceiver = null;
    this.#makingOffer = this.#ignoreOffer = this.#settingRemoteAnswerPending = false;
    this.#connect(initiator);
    this.emit('state', { state: this.pc.connectionState });
  }

  async #receive<T extends RelayType>(type: T, data: RelayPayloads[T]) {
    if (this.#closed) return;
    const session = sessionId((data as { sdp?: unknown } | null)?.sdp);
    // From the remote connection we replaced (it was under way): it has no part in the new one.
    if (session && session === this.#stale) return;
    // The other side made a new connection (it renewed, or started over after dropping us): so do
    // we. Both renewed at once: the polite side's new one, which offered too, gives way to a third
    // that answers (Chromium gathers no candidates after rolling back a first offer).
    const crossed = type === 'offer' && this.polite && this.renewals && !this.pc.remoteDescription;
    if (crossed || fromNewConnection(this.pc, type, data)) this.#renew(false);
    const pc = this.pc;
    try {
      if (type === 'ice-candidate') {
        const candidate = (data as IceCandidate | null) ?? undefined;
        // One that cannot pair with any of ours yet is kept for when one can (tcp-candidates.ts).
        if (this.#tcp.hold(candidate)) return;
        try {
          await pc.addIceCandidate(candidate);
        } catch (error) {
          // Candidates of an offer we ignored on glare, or of a connection replaced, are expected to fail.
          if (!this.#ignoreOffer && !this.renewals) throw error;
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
      // (Renewed meanwhile: this was the old connection's.)
      if (type === 'offer' && pc === this.pc) {
        // Our tracks go on while the answer is made: the answer needs the directions, not the tracks.
        const attached = this.#adoptTransceivers();
        await pc.setLocalDescription(await answerKeepingRole(pc));
        const answer = pc.localDescription;
        if (answer) this.#send('answer', toDescription(answer));
        await attached;
        // A screen shared before this link existed goes on now, from a stable state.
        if (this.#screen && !this.#screenTransceiver) void this.setScreenTrack(this.#screen.track, this.#screen.stream);
      }
    } catch (cause) {
      this.#settingRemoteAnswerPending = false;
      if (!this.#closed && pc === this.pc) this.#fail(`Could not apply ${type} from ${this.remoteId}`, cause);
    }
  }

  #watchIce() {
    const state = this.pc.iceConnectionState;
    clearTimeout(this.#disconnectedTimer);
    if (state === 'failed' || (state === 'disconnected' && this.#disconnectedRestartMs <= 0)) {
      this.restartIce();
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

/** What is sent of a description: as applied, asking the other side for Opus DTX (opus-dtx.ts). */
function toDescription(description: RTCSessionDescription): SessionDescription {
  return { type: description.type, sdp: withOpusDtx(description.sdp) };
}
