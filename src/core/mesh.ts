import type { LocalTracks, TrackRole } from './local-tracks.js';
import { PeerLink } from './peer-link.js';
import type { RelayPayloads, RelayType } from './protocol.js';

export interface MeshOptions {
  /** Our own id (the polite side of each pair is the one with the greater id). */
  localId: () => string;
  /** The peer connections' configuration (ICE servers merged). */
  configuration: () => RTCConfiguration;
  /** What this page sends. */
  tracks: LocalTracks;
  /** Relays a signaling message to one peer. */
  send: <T extends RelayType>(type: T, to: string, data: RelayPayloads[T]) => void;
}

/**
 * The mesh transport: one {@link PeerLink} per remote participant, each sending this page's
 * microphone, camera and screen, and carrying messages on its data channel.
 */
export class Mesh {
  #links = new Map<string, PeerLink>();
  #options: MeshOptions;

  constructor(options: MeshOptions) {
    this.#options = options;
  }

  get(id: string): PeerLink | undefined {
    return this.#links.get(id);
  }

  get size(): number {
    return this.#links.size;
  }

  /** Opens the link to `id` (the newcomer is the initiator: it offers at once). */
  open(id: string, initiator: boolean): PeerLink {
    const { tracks } = this.#options;
    const screenTrack = tracks.sending('screen');
    const link = new PeerLink({
      remoteId: id,
      polite: this.#options.localId() > id,
      initiator,
      configuration: this.#options.configuration(),
      // Transceivers for every track we have, muted or not, so unmuting never renegotiates.
      localStream: tracks.stream,
      screen: screenTrack && tracks.screen ? { track: screenTrack, stream: tracks.screen } : null,
      send: (type, data) => this.#options.send(type, id, data),
    });
    // What to send right now: a muted microphone or a camera that is off sends nothing.
    void link.setTrack('audio', tracks.sending('audio'), tracks.stream);
    void link.setTrack('video', tracks.sending('video'), tracks.stream);
    this.#links.set(id, link);
    return link;
  }

  close(id: string): void {
    this.#links.get(id)?.close();
    this.#links.delete(id);
  }

  closeAll(): void {
    for (const link of this.#links.values()) link.close();
    this.#links.clear();
  }

  /** Sends `track` as `role` on every link (a `replaceTrack`; a first screen renegotiates). */
  async setTrack(role: TrackRole, track: MediaStreamTrack | null): Promise<void> {
    const { tracks } = this.#options;
    await Promise.all(
      [...this.#links.values()].map((link) =>
        role === 'screen'
          ? link.setScreenTrack(track, tracks.screen ?? undefined)
          : link.setTrack(role, track, tracks.stream),
      ),
    );
  }

  /** Sends `data` to one peer, or to every peer; false when a link could not take it. */
  sendMessage(data: unknown, to?: string): boolean {
    const links = to === undefined ? [...this.#links.values()] : [this.#links.get(to)].filter((l) => !!l);
    return links.map((link) => link!.sendMessage(data)).every(Boolean) && links.length > 0;
  }

  /** Restarts ICE on links that are negotiated but not up (after a signaling resume). */
  restartStalled(): void {
    for (const link of this.#links.values()) link.restartIceIfStalled();
  }
}
