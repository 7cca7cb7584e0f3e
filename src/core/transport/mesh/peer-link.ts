import { answerKeepingRole } from './dtls-role.js';
import { fromNewConnection, sessionId } from './new-connection.js';
import { RtcError } from '../../errors.js';
import type { IceServerErrors } from './ice-errors.js';
import { loadOnce } from '../../load-once.js';
import { onNetworkChange } from './network-watch.js';
import type { ParticipantTransport } from '../../participant.js';
import type { PeerLinkOptions } from './peer-link-types.js';
import type { IceCandidate, RelayPayloads, RelayType, SessionDescription } from '../../protocol.js';
import { TcpCandidates } from './tcp-candidates.js';
import { withOpusDtx } from './opus-dtx.js';
import { LinkMedia } from './link-media.js';

export type { PeerLinkEventMap, PeerLinkOptions } from './peer-link-types.js';

/** What a connection's ICE server errors say (ice-errors.ts), loaded at its first: most calls have none. */
const loadIceErrors = loadOnce(() => import('./ice-errors.js'), 'the ICE server errors');

/**
 * One `RTCPeerConnection` to one remote participant, negotiated with the perfect negotiation
 * pattern, so that renegotiation (a new track, a device switch, an ICE restart) never deadlocks
 * on glare. What it sends and receives is its media half's (link-media.ts); messages ride on a
 * data channel both sides create (`negotiated: true`), so they need no extra signaling.
 */
export class PeerLink extends LinkMedia implements ParticipantTransport {
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
  #send: PeerLinkOptions['send'];
  #channel!: RTCDataChannel;
  #outbox: string[] = [];
  #makingOffer = false;
  #ignoreOffer = false;
  #settingRemoteAnswerPending = false;
  #incoming: Promise<void> = Promise.resolve();
  #disconnectedTimer: ReturnType<typeof setTimeout> | undefined;
  #disconnectedRestartMs: number;
  #iceErrors: IceServerErrors | undefined;
  #unwatch: () => void;
  #tcp!: TcpCandidates;
  /** The connection whose DTLS failure is being looked at (see #dtlsFailed). */
  #checking: RTCPeerConnection | undefined;

  constructor(options: PeerLinkOptions) {
    super(options);
    this.remoteId = options.remoteId;
    this.polite = options.polite;
    this.#send = options.send;
    this.#disconnectedRestartMs = options.disconnectedRestartMs ?? 0;
    this.#configuration = options.configuration;
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
    return (this.pc.connectionState === 'failed' && this.#iceErrors?.last) || null;
  }

  getStats(): Promise<RTCStatsReport> {
    return this.pc.getStats();
  }

  /**
   * Sends `text` (a JSON text) on the data channel; queued (up to 256 messages) until the channel opens.
   * Returns false when the link is closed or the queue is full.
   */
  sendMessage(text: string): boolean {
    if (this.closed) return false;
    if (this.#channel.readyState === 'open') this.#channel.send(text);
    else if (this.#outbox.length < 256) this.#outbox.push(text);
    else return false;
    return true;
  }

  /** Handles a relayed `offer`, `answer` or `ice-candidate` from the remote peer, in order. */
  receive<T extends RelayType>(type: T, data: RelayPayloads[T]): Promise<void> {
    const next = this.#incoming.then(() => this.#receive(type, data));
    this.#incoming = next.catch(() => undefined);
    return next;
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
    if (!this.closed && this.pc.remoteDescription) this.pc.restartIce();
  }

  /** Closes the connection; remote tracks end. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
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
    this.#iceErrors = undefined;
    // Its errors (the first loads what reads them, which then takes those that came meanwhile).
    let early: Event[] | undefined = [];
    pc.addEventListener('icecandidateerror', async (event) => {
      if (!early || early.push(event) > 1) return;
      const errors = await loadIceErrors();
      if (errors && pc === this.pc)
        this.#iceErrors = new errors.IceServerErrors(
          pc,
          (message, url) => {
            const error = new RtcError('ice-server', message, { url });
            this.emit('error', { error });
            return error;
          },
          early,
        );
      early = undefined;
    });
    pc.onnegotiationneeded = () => void this.#negotiate();
    pc.onicecandidate = ({ candidate }) => {
      this.#tcp.local(candidate);
      this.#send('ice-candidate', candidate ? (candidate.toJSON() as IceCandidate) : null);
    };
    pc.ontrack = ({ track, transceiver }) => this.takeTrack(track, transceiver);
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
    pc.onconnectionstatechange = () => {
      void this.#dtlsFailed(pc);
      this.emit('state', { state: pc.connectionState });
    };
    pc.oniceconnectionstatechange = () => {
      void this.#dtlsFailed(pc);
      this.#watchIce();
    };
    if (initiator) {
      this.addTransceivers();
      // Offer now, not a task later when negotiationneeded fires (it then finds nothing to do).
      queueMicrotask(() => this.pc.signalingState === 'stable' && !this.pc.localDescription && void this.#negotiate());
    }
    this.resumeScreen();
  }

  async #negotiate() {
    const pc = this.pc;
    if (this.closed || this.#makingOffer) return;
    try {
      this.#makingOffer = true;
      await pc.setLocalDescription();
      const description = pc.localDescription;
      if (description && pc === this.pc) this.#send(description.type as 'offer', toDescription(description));
    } catch (cause) {
      if (!this.closed && pc === this.pc) this.#fail('Could not create an offer', cause);
    } finally {
      // (A renewal under way made a new connection, which may be making its own offer.)
      if (pc === this.pc) this.#makingOffer = false;
    }
  }

  /**
   * Renews the connection when DTLS failed while ICE is up and the path still works (STUN answers
   * or bytes still arrive): an ICE restart cannot mend that (Firefox, after repeated ICE
   * restarts), a new connection can. A lost path can fail DTLS while ICE still says connected
   * (Firefox again): a new connection would not mend that either, so it is left to fail. The other
   * side learns from our new connection's offer (a new SDP session: `fromNewConnection`) and does
   * the same.
   */
  async #dtlsFailed(pc: RTCPeerConnection) {
    const { connectionState, iceConnectionState: ice } = pc;
    if (connectionState !== 'failed' || (ice !== 'connected' && ice !== 'completed') || this.#checking === pc) return;
    this.#checking = pc;
    // Firefox's consent checks come every 5 s or so: up to 8 s to see one answered.
    const before = await received(pc);
    for (let wait = 0; ; wait++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      if (pc !== this.pc || this.closed || wait === 8) return;
      if ((await received(pc)) > before) break;
    }
    // What the old connection was applying may never settle (a closed connection's promises
    // need not): the new one's signals do not wait for it.
    this.#incoming = Promise.resolve();
    this.#renew(true);
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
    this.resetMedia();
    this.#makingOffer = this.#ignoreOffer = this.#settingRemoteAnswerPending = false;
    this.#connect(initiator);
    this.emit('state', { state: this.pc.connectionState });
  }

  async #receive<T extends RelayType>(type: T, data: RelayPayloads[T]) {
    if (this.closed) return;
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
        const attached = this.adoptTransceivers();
        await pc.setLocalDescription(await answerKeepingRole(pc));
        const answer = pc.localDescription;
        if (answer) this.#send('answer', toDescription(answer));
        await attached;
        // A screen shared before this link existed goes on now, from a stable state.
        this.resumeScreen();
      }
    } catch (cause) {
      this.#settingRemoteAnswerPending = false;
      if (!this.closed && pc === this.pc) this.#fail(`Could not apply ${type} from ${this.remoteId}`, cause);
    }
  }

  #watchIce() {
    const state = this.pc.iceConnectionState;
    clearTimeout(this.#disconnectedTimer);
    if (state === 'failed' || (state === 'disconnected' && this.#disconnectedRestartMs <= 0)) {
      this.restartIce();
    } else if (state === 'disconnected') {
      this.#disconnectedTimer = setTimeout(() => {
        if (!this.closed && this.pc.iceConnectionState === 'disconnected') this.pc.restartIce();
      }, this.#disconnectedRestartMs);
    }
  }

  #fail(message: string, cause: unknown) {
    const detail = cause instanceof Error ? `: ${cause.message}` : '';
    this.emit('error', { error: new RtcError('peer-failed', `${message}${detail}`, { cause }) });
  }
}

/**
 * What `pc`'s candidate pairs received, STUN answers and bytes: it grows while the path works. -1
 * once `pc` is closed (its getStats rejects: the link closed or renewed while it was looked at).
 */
async function received(pc: RTCPeerConnection): Promise<number> {
  let count = 0;
  const stats = await pc.getStats().catch(() => null);
  if (!stats) return -1;
  stats.forEach((s: { type: string; responsesReceived?: number; bytesReceived?: number }) => {
    if (s.type === 'candidate-pair') count += (s.responsesReceived ?? 0) + (s.bytesReceived ?? 0);
  });
  return count;
}

/** What is sent of a description: as applied, asking the other side for Opus DTX (opus-dtx.ts). */
function toDescription(description: RTCSessionDescription): SessionDescription {
  return { type: description.type, sdp: withOpusDtx(description.sdp) };
}
