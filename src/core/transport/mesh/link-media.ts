/**
 * The media half of a `PeerLink` (peer-link.ts, which makes the connection and negotiates it):
 * what it sends, camera and microphone on one audio and one video transceiver created by the
 * initiator and reused by the answerer (so a device switch is a `replaceTrack`, and a
 * receive-only side still receives), a shared screen on a video transceiver of its own; and
 * where the remote tracks go.
 */
import { TypedEventTarget } from '../../typed-event-target.js';
import type { MediaKind, PeerLinkEventMap, PeerLinkOptions } from './peer-link-types.js';

const KINDS: readonly MediaKind[] = ['audio', 'video'];

export abstract class LinkMedia extends TypedEventTarget<PeerLinkEventMap> {
  /** The remote peer's camera and microphone, as one stream. */
  readonly remoteStream = new MediaStream();
  /** The remote peer's shared screen, while it shares one. */
  readonly remoteScreenStream = new MediaStream();
  /** Closed for good. */
  protected closed = false;
  /** What to send per kind (null: nothing), and the stream they belong to (for the remote's msid). */
  #tracks: Record<MediaKind, MediaStreamTrack | null> = { audio: null, video: null };
  #localStream: MediaStream | null;
  #expects: Partial<Record<MediaKind, boolean>>;
  /** The screen to send once this link has negotiated (a link that answers adds it after its first answer). */
  #screen: { track: MediaStreamTrack; stream: MediaStream | undefined } | null;
  #transceivers: Partial<Record<MediaKind, RTCRtpTransceiver>> = {};
  #screenTransceiver: RTCRtpTransceiver | null = null;
  /** The first transceiver of each kind a remote track arrived on. */
  #seen: Partial<Record<MediaKind, RTCRtpTransceiver>> = {};
  #attached = new WeakMap<RTCRtpTransceiver, { track: MediaStreamTrack | null; stream: unknown; sends: boolean }>();
  #prepare: PeerLinkOptions['prepare'];

  /** The link's connection (a new one after a renewal). */
  abstract get pc(): RTCPeerConnection;

  constructor(options: PeerLinkOptions) {
    super();
    this.#localStream = options.localStream ?? null;
    this.#expects = options.expects ?? {};
    for (const kind of KINDS) this.#tracks[kind] = this.#localStream?.getTracks().find((t) => t.kind === kind) ?? null;
    this.#prepare = options.prepare;
    this.#screen = options.screen ?? null;
  }

  /** The receiver of the remote microphone (null before negotiation). */
  audioReceiver(): RTCRtpReceiver | null {
    return this.#transceivers.audio?.receiver ?? this.pc.getReceivers().find((r) => r.track.kind === 'audio') ?? null;
  }

  /**
   * Sends `track` as this link's `kind` (null sends nothing: a muted microphone or a camera turned
   * off). A `replaceTrack`: no renegotiation, except to start sending a kind for the first time.
   */
  async setTrack(kind: MediaKind, track: MediaStreamTrack | null, stream?: MediaStream): Promise<void> {
    this.#tracks[kind] = track;
    if (stream) this.#localStream = stream;
    const transceiver = this.#transceivers[kind];
    if (!transceiver || this.closed) return;
    await this.#attach(transceiver, kind);
  }

  /**
   * Sends a shared screen on a video transceiver of its own (renegotiates the first time), or
   * stops sending it (`null`: the transceiver goes back to receiving only).
   */
  async setScreenTrack(track: MediaStreamTrack | null, stream?: MediaStream): Promise<void> {
    this.#screen = track ? { track, stream } : null;
    if (this.closed) return;
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

  /**
   * Sends `stream`'s tracks instead of the current ones (a device switch, or media that arrived
   * late). Switching devices does not renegotiate; starting to send a kind for the first time does.
   */
  async setLocalStream(stream: MediaStream | null): Promise<void> {
    for (const kind of KINDS)
      await this.setTrack(kind, stream?.getTracks().find((t) => t.kind === kind) ?? null, stream ?? undefined);
  }

  /** The initiator's transceivers: one audio and one video, sending what there is to send. */
  protected addTransceivers() {
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
  protected adoptTransceivers(): Promise<unknown> {
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

  /** A remote track gone: out of its stream, which says so (as the browser would, had it removed it). */
  protected untrack(stream: MediaStream, track: MediaStreamTrack) {
    // (Not by id: a new connection's track may have the old one's.)
    if (!stream.getTracks().includes(track)) return;
    stream.removeTrack(track);
    stream.dispatchEvent(new MediaStreamTrackEvent('removetrack', { track }));
    this.emit('track', { track, stream });
  }

  /**
   * A remote track arrived on `transceiver`: into its stream, in place of one of its kind. The
   * first video m-line carries the camera; a later one carries a shared screen. (Tracks come in
   * m-line order; getTransceivers() would wait on the WebRTC thread.)
   */
  protected takeTrack(track: MediaStreamTrack, transceiver: RTCRtpTransceiver) {
    if (track.kind !== 'audio' && track.kind !== 'video') return;
    this.#seen[track.kind] ??= transceiver;
    const firstVideo = this.#transceivers.video ?? this.#seen.video;
    const stream = track.kind === 'video' && transceiver !== firstVideo ? this.remoteScreenStream : this.remoteStream;
    for (const old of stream.getTracks()) if (old.kind === track.kind) stream.removeTrack(old);
    stream.addTrack(track);
    // A stream only fires addtrack/removetrack for changes the browser makes; ours are made by
    // script, so say so, and whoever shows the stream (a <video>, <rtc-video>) can follow.
    stream.dispatchEvent(new MediaStreamTrackEvent('addtrack', { track }));
    track.addEventListener('ended', () => this.untrack(stream, track));
    this.emit('track', { track, stream });
  }

  /** A shared screen not sent yet goes on (a new connection, or a first answer made). */
  protected resumeScreen() {
    if (this.#screen && !this.#screenTransceiver) void this.setScreenTrack(this.#screen.track, this.#screen.stream);
  }

  /** The connection is replaced: the old one's remote tracks go, and its transceivers are forgotten. */
  protected resetMedia() {
    for (const stream of [this.remoteStream, this.remoteScreenStream])
      for (const track of stream.getTracks()) this.untrack(stream, track);
    this.#transceivers = {};
    this.#seen = {};
    this.#screenTransceiver = null;
  }
}
