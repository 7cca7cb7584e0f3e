import { Adaptation } from './adaptation.js';
import { RtcError } from '../../errors.js';
import type { LocalTracks, TrackRole } from '../../local-tracks.js';
import { type Participant, touchParticipant, updateParticipant } from '../../participant.js';
import { PeerLink } from './peer-link.js';
import type { RelayPayloads, RelayType } from '../../protocol.js';

export interface MeshOptions {
  /** Our own id (the polite side of each pair is the one with the greater id). */
  localId: () => string;
  /** The page's own `RTCConfiguration` (it wins over our defaults; its ICE servers come first). */
  rtcConfiguration?: RTCConfiguration;
  /** The ICE servers the signaling server gave in its latest `welcome`. */
  iceServers: () => readonly RTCIceServer[];
  /** This join's certificate (see {@link linkCertificate}), if one could be made. */
  certificate: () => RTCCertificate | null;
  /** What this page sends. */
  tracks: LocalTracks;
  /** Relays a signaling message to one peer. */
  send: <T extends RelayType>(type: T, to: string, data: RelayPayloads[T]) => void;
  /** A participant's streams or connection changed. */
  onUpdate: (participant: Participant) => void;
  /** A message arrived from a participant. */
  onMessage: (from: Participant, data: unknown) => void;
  /** A link failed in a way it does not recover from by itself (not fatal to the room). */
  onError: (error: RtcError) => void;
  /** How many people the room holds, us included (the adaptation's room size, before links open). */
  roomSize?: () => number;
  /** Preferred codecs (MIME types, best first). */
  codecs?: readonly string[];
  degradationPreference?: RTCDegradationPreference;
}

/**
 * One DTLS certificate for all of a join's links, made while the media and the signaling start:
 * otherwise each new peer connection makes its own key before it can offer or answer, on the
 * WebRTC threads a joining room keeps busy. A new one per join (not per page): two rooms, or two
 * joins, never show the same fingerprint. Null where it cannot be made (each link makes its own),
 * or where `configuration` has certificates of the page's own (they are used).
 */
export function linkCertificate(configuration?: RTCConfiguration): Promise<RTCCertificate | null> {
  // The page gave its own: nothing to make.
  if (configuration?.certificates?.length) return Promise.resolve(null);
  try {
    const keys: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
    return globalThis.RTCPeerConnection.generateCertificate(keys).catch(() => null);
  } catch {
    return Promise.resolve(null);
  }
}

/** The most a message given to `Room.send()` may take, as JSON. */
export const MAX_MESSAGE_BYTES = 16 * 1024;

/**
 * The mesh transport: one {@link PeerLink} per remote participant, each sending this page's
 * microphone, camera and screen, and carrying messages on its data channel.
 */
export class Mesh {
  #links = new Map<string, PeerLink>();
  #options: MeshOptions;
  #adaptation: Adaptation;
  /** The STUN/TURN servers already reported as failing (`ice-server`): once each, not once per link. */
  #failedServers = new Set<string>();

  constructor(options: MeshOptions) {
    this.#options = options;
    this.#adaptation = new Adaptation({
      links: () => this.#links.values(),
      screen: () => !!options.tracks.sending('screen'),
      camera: () => options.tracks.sending('video'),
      ...(options.roomSize && { size: options.roomSize }),
      codecs: options.codecs,
      degradationPreference: options.degradationPreference,
    });
  }

  get(id: string): PeerLink | undefined {
    return this.#links.get(id);
  }

  get size(): number {
    return this.#links.size;
  }

  /**
   * Opens the link to `participant` (the newcomer is the initiator: it offers at once) and makes
   * it the participant's transport: their streams, connection state and messages come from it.
   */
  open(participant: Participant, initiator: boolean): PeerLink {
    const { tracks, onUpdate, onMessage, onError } = this.#options;
    const id = participant.id;
    const screenTrack = tracks.sending('screen');
    const link = new PeerLink({
      remoteId: id,
      polite: this.#options.localId() > id,
      initiator,
      configuration: this.#configuration(),
      // Transceivers for every track we have, muted or not, so unmuting never renegotiates.
      localStream: tracks.stream,
      // A camera still starting is negotiated already: it goes on later without a second offer.
      expects: { audio: tracks.starting('audio'), video: tracks.starting('video') },
      screen: screenTrack && tracks.screen ? { track: screenTrack, stream: tracks.screen } : null,
      // The participant's id of the moment: a fresh join after an outage gives it a new one.
      send: (type, data) => this.#options.send(type, participant.id, data),
      prepare: (transceiver, kind, pc) => this.#adaptation.prepare(pc, transceiver, kind),
    });
    // What to send right now: a muted microphone or a camera that is off sends nothing.
    void link.setTrack('audio', tracks.sending('audio'), tracks.stream);
    void link.setTrack('video', tracks.sending('video'), tracks.stream);
    this.#links.set(id, link);
    // A new size for the room: every link's caps change (the new one's were set by prepare).
    void this.#adaptation.update();
    updateParticipant(participant, {
      transport: link,
      stream: link.remoteStream,
      screenStream: link.remoteScreenStream,
    });
    link.addEventListener('track', () => onUpdate(participant));
    link.addEventListener('state', () => {
      this.#adaptation.linkState(link.pc);
      touchParticipant(participant, 'connection');
      onUpdate(participant);
    });
    link.addEventListener('message', (e) => onMessage(participant, e.detail.data));
    link.addEventListener('error', ({ detail: { error } }) => {
      if (error.url && this.#failedServers.has(error.url)) return;
      if (error.url) this.#failedServers.add(error.url);
      onError(error);
    });
    return link;
  }

  #configuration(): RTCConfiguration {
    const { rtcConfiguration: page } = this.#options;
    const certificate = this.#options.certificate();
    const certificates = certificate ? { certificates: [certificate] } : {};
    return { ...certificates, ...page, iceServers: [...(page?.iceServers ?? []), ...this.#options.iceServers()] };
  }

  /** The link to `from` now belongs to `to` (the same peer under a new id). */
  rekey(from: string, to: string): void {
    const link = this.#links.get(from);
    this.#links.delete(from);
    if (link) this.#links.set(to, link);
  }

  close(id: string): void {
    this.#links.get(id)?.close();
    if (this.#links.delete(id)) void this.#adaptation.update();
  }

  closeAll(): void {
    this.#adaptation.stop();
    for (const link of this.#links.values()) link.close();
    this.#links.clear();
  }

  /** Sends `track` as `role` on every link (a `replaceTrack`; a first screen renegotiates). */
  async setTrack(role: TrackRole, track: MediaStreamTrack | null): Promise<void> {
    const { tracks } = this.#options;
    // A camera's caps first (its size sets the scale): its first frames are already the right size.
    if (role === 'video' && track) await this.#adaptation.update();
    await Promise.all(
      [...this.#links.values()].map((link) =>
        role === 'screen'
          ? link.setScreenTrack(track, tracks.screen ?? undefined)
          : link.setTrack(role, track, tracks.stream),
      ),
    );
    // A new source (its own size) or a screen started or stopped: the caps change.
    await this.#adaptation.update();
  }

  /** Sends the microphone and camera as they are now on every link (media that came after the links). */
  sendTracks(): Promise<unknown> {
    const { tracks } = this.#options;
    return Promise.all((['audio', 'video'] as const).map((kind) => this.setTrack(kind, tracks.sending(kind))));
  }

  /** Sends `data` (JSON, at most {@link MAX_MESSAGE_BYTES}) to one peer, or to every peer. */
  sendMessage(data: unknown, to?: string): void {
    const json = JSON.stringify(data);
    if (json === undefined) throw new RtcError('bad-message', 'Only JSON values can be sent');
    if (new TextEncoder().encode(json).length > MAX_MESSAGE_BYTES) {
      throw new RtcError('too-large', `A message may take at most ${MAX_MESSAGE_BYTES} bytes as JSON`);
    }
    const link = to === undefined ? undefined : this.#links.get(to);
    if (to !== undefined && !link) throw new RtcError('unknown-peer', `No participant "${to}" here`);
    for (const target of link ? [link] : this.#links.values()) target.sendMessage(json);
  }

  /** Restarts ICE on links that are negotiated but not up (after a signaling resume). */
  restartStalled(): void {
    for (const link of this.#links.values()) link.restartIceIfStalled();
  }
}
