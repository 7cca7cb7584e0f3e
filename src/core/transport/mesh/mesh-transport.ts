import { RtcError } from '../../errors.js';
import type { TrackRole } from '../../local-tracks.js';
import { type Participant, touchParticipant, updateParticipant } from '../../participant.js';
import { RELAY_TYPES, type RelayPayloads, type RelayType, type WelcomeData } from '../../protocol.js';
import { TypedEventTarget } from '../../typed-event-target.js';
import type { RoomTransport, RoomTransportEventMap, TransportConnection, TransportContext } from '../transport.js';
import { Adaptation } from './adaptation.js';
import { linkCertificate } from './certificate.js';
import { PeerLink } from './peer-link.js';

/** A `RoomOptions.transport`: the mesh (the default), one {@link PeerLink} per remote participant. */
export const meshTransport = (context: TransportContext): RoomTransport => new MeshTransport(context);

/**
 * The mesh transport: one {@link PeerLink} per remote participant, each sending this page's
 * microphone, camera and screen, and carrying messages on its data channel. Links open at the
 * server's welcome (we offer to everyone listed) or at a peer's first offer; signals relayed
 * before the welcome reached it wait here, in order.
 */
export class MeshTransport extends TypedEventTarget<RoomTransportEventMap> implements RoomTransport {
  readonly relays = RELAY_TYPES;
  #context: TransportContext;
  #links = new Map<string, PeerLink>();
  #adaptation: Adaptation;
  #certificate: Promise<RTCCertificate | null>;
  #made: RTCCertificate | null = null;
  /** Our id and the server's ICE servers, from its latest welcome (null before the first). */
  #welcome: { id: string; iceServers: RTCIceServer[] } | null = null;
  /**
   * Offers and candidates that came before our links could exist (welcomed, but the room waited
   * for our certificate): someone who joined after us offers already. Kept, in order, until the
   * welcome reaches us; lost, that peer would wait for our answer for ever.
   */
  #early: Array<[Participant, RelayType, RelayPayloads[RelayType]]> = [];
  /** The STUN/TURN servers already reported as failing (`ice-server`): once each, not once per link. */
  #failedServers = new Set<string>();

  constructor(context: TransportContext) {
    super();
    this.#context = context;
    const { media, options } = context;
    // Made while the media and the signaling start (see certificate.ts).
    this.#certificate = linkCertificate(options.rtcConfiguration).then((made) => (this.#made = made));
    this.#adaptation = new Adaptation({
      links: () => this.#links.values(),
      screen: () => !!media.sending('screen'),
      camera: () => media.sending('video'),
      size: context.roomSize,
      codecs: options.codecs,
      degradationPreference: options.degradationPreference,
    });
  }

  async ready(): Promise<void> {
    await this.#certificate;
  }

  welcome(welcome: WelcomeData, peers: readonly Participant[], resumed: boolean): void {
    const iceServers = Array.isArray(welcome.iceServers) ? (welcome.iceServers as RTCIceServer[]) : [];
    this.#welcome = { id: welcome.id, iceServers };
    // After a resume, peers that joined during the gap are the newcomers: their offers were
    // queued for us by the server, so we wait for them instead of offering too.
    if (!resumed) {
      for (const participant of peers) if (!this.#links.has(participant.id)) this.#open(participant, true);
      // What came while our certificate was made, in the order it came.
      for (const [from, type, data] of this.#early.splice(0)) this.signal(from, type, data);
    }
    // Candidates sent or relayed while the socket was down may be lost: restart what is stuck.
    for (const link of this.#links.values()) link.restartIceIfStalled();
  }

  join(): void {
    // The newcomer offers: its link opens at its first offer.
  }

  drop(id: string): void {
    this.#links.get(id)?.close();
    if (this.#links.delete(id)) void this.#adaptation.update();
  }

  adopt(from: string, to: string): void {
    const link = this.#links.get(from);
    this.#links.delete(from);
    if (link) this.#links.set(to, link);
  }

  signal<T extends RelayType>(from: Participant, type: T, data: RelayPayloads[T]): void {
    if (!this.#welcome) {
      if (this.#early.length < 1024) this.#early.push([from, type, data]);
      return;
    }
    // An offer from a new peer connection (the other side had dropped us, or renewed): the link
    // renews its connection (peer-link.ts), for the same participant, streams and tile.
    void (this.#links.get(from.id) ?? this.#open(from, false)).receive(type, data).catch(() => undefined);
  }

  /** Sends `track` as `role` on every link (a `replaceTrack`; a first screen renegotiates). */
  async setTrack(role: TrackRole, track: MediaStreamTrack | null): Promise<void> {
    const { media } = this.#context;
    // A camera's caps first (its size sets the scale): its first frames are already the right size.
    if (role === 'video' && track) await this.#adaptation.update();
    await Promise.all(
      [...this.#links.values()].map((link) =>
        role === 'screen'
          ? link.setScreenTrack(track, media.screen ?? undefined)
          : link.setTrack(role, track, media.stream),
      ),
    );
    // A new source (its own size) or a screen started or stopped: the caps change.
    await this.#adaptation.update();
  }

  send(text: string, to?: string): void {
    const link = to === undefined ? undefined : this.#links.get(to);
    if (to !== undefined && !link) throw new RtcError('unknown-peer', `No participant "${to}" here`);
    for (const target of link ? [link] : this.#links.values()) target.sendMessage(text);
  }

  audioReceiver(id: string): RTCRtpReceiver | null {
    return this.#links.get(id)?.audioReceiver() ?? null;
  }

  /** One `both` connection per participant: its link, under the participant's id of now. */
  connections(): TransportConnection[] {
    return [...this.#links].map(([id, link]) => ({
      id,
      direction: 'both',
      participants: [id],
      connectionState: link.connectionState,
      peerConnection: link.peerConnection,
      error: link.error,
      getStats: () => link.getStats(),
    }));
  }

  close(): void {
    this.#adaptation.stop();
    for (const link of this.#links.values()) link.close();
    this.#links.clear();
    this.#early = [];
  }

  /**
   * Opens the link to `participant` (the newcomer is the initiator: it offers at once) and makes
   * it the participant's transport: their streams, connection state and messages come from it.
   */
  #open(participant: Participant, initiator: boolean): PeerLink {
    const { media, relay } = this.#context;
    const id = participant.id;
    const screenTrack = media.sending('screen');
    const link = new PeerLink({
      remoteId: id,
      polite: this.#welcome!.id > id,
      initiator,
      configuration: this.#configuration(),
      // Transceivers for every track we have, muted or not, so unmuting never renegotiates.
      localStream: media.stream,
      // A camera still starting is negotiated already: it goes on later without a second offer.
      expects: { audio: media.starting('audio'), video: media.starting('video') },
      screen: screenTrack && media.screen ? { track: screenTrack, stream: media.screen } : null,
      // The participant's id of the moment: a fresh join after an outage gives it a new one.
      send: (type, data) => relay(type, participant.id, data),
      prepare: (transceiver, kind, pc) => this.#adaptation.prepare(pc, transceiver, kind),
    });
    // What to send right now: a muted microphone or a camera that is off sends nothing.
    void link.setTrack('audio', media.sending('audio'), media.stream);
    void link.setTrack('video', media.sending('video'), media.stream);
    this.#links.set(id, link);
    // A new size for the room: every link's caps change (the new one's were set by prepare).
    void this.#adaptation.update();
    updateParticipant(participant, {
      transport: link,
      stream: link.remoteStream,
      screenStream: link.remoteScreenStream,
    });
    link.addEventListener('track', () => this.emit('update', { participant }));
    link.addEventListener('state', () => {
      this.#adaptation.linkState(link.pc);
      touchParticipant(participant, 'connection');
      this.emit('update', { participant });
    });
    link.addEventListener('message', (e) => this.emit('message', { from: participant, data: e.detail.data }));
    link.addEventListener('error', ({ detail: { error } }) => {
      if (error.url && this.#failedServers.has(error.url)) return;
      if (error.url) this.#failedServers.add(error.url);
      this.emit('error', { error });
    });
    return link;
  }

  #configuration(): RTCConfiguration {
    const page = this.#context.options.rtcConfiguration;
    const certificates = this.#made ? { certificates: [this.#made] } : {};
    return { ...certificates, ...page, iceServers: [...(page?.iceServers ?? []), ...this.#welcome!.iceServers] };
  }
}
