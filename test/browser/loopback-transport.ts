/**
 * A second, trivial `RoomTransport`, for tests of the seam: the rooms of one page reach each other
 * directly. Who is in the room still comes from the real signaling server (the room's own roster);
 * the media is handed over as clones of the tracks the sender sends, and messages are delivered
 * within the page. It uses no relayed signal, so the server relays none.
 */
import { RtcError } from '../../src/core/errors.js';
import type { TrackRole } from '../../src/core/local-tracks.js';
import { type Participant, type ParticipantTransport, updateParticipant } from '../../src/core/participant.js';
import type { WelcomeData } from '../../src/core/protocol.js';
import type {
  RoomTransport,
  RoomTransportEventMap,
  TransportConnection,
  TransportContext,
} from '../../src/core/transport/transport.js';
import { TypedEventTarget } from '../../src/core/typed-event-target.js';

/** The page's loopback transports, by the id the server gave their room. */
const transports = new Map<string, LoopbackTransport>();

/** What a participant reached through the page shows as its connection: always up, no stats. */
const IN_PAGE: ParticipantTransport = {
  connectionState: 'connected',
  peerConnection: null,
  getStats: async () => new Map() as unknown as RTCStatsReport,
};

const ROLES: readonly TrackRole[] = ['audio', 'video', 'screen'];

/** What we receive from one participant: clones of what they send. */
interface Remote {
  participant: Participant;
  stream: MediaStream;
  screen: MediaStream;
}

/** A `RoomOptions.transport` for rooms in one page. */
export const loopbackTransport = (context: TransportContext): RoomTransport => new LoopbackTransport(context);

export class LoopbackTransport extends TypedEventTarget<RoomTransportEventMap> implements RoomTransport {
  readonly relays = [];
  #context: TransportContext;
  #id = '';
  #remotes = new Map<string, Remote>();

  constructor(context: TransportContext) {
    super();
    this.#context = context;
  }

  async ready(): Promise<void> {}

  welcome(welcome: WelcomeData, peers: readonly Participant[]): void {
    if (transports.get(this.#id) === this) transports.delete(this.#id);
    this.#id = welcome.id;
    transports.set(this.#id, this);
    for (const participant of peers) this.join(participant);
  }

  join(participant: Participant): void {
    if (this.#remotes.has(participant.id)) return;
    const remote = { participant, stream: new MediaStream(), screen: new MediaStream() };
    this.#remotes.set(participant.id, remote);
    updateParticipant(participant, { transport: IN_PAGE, stream: remote.stream, screenStream: remote.screen });
    this.emit('update', { participant });
    // Once both sides know each other, each gets what the other sends.
    const other = transports.get(participant.id);
    if (!other?.knows(this.#id)) return;
    for (const role of ROLES) other.receive(this.#id, role, this.#context.media.sending(role));
    for (const role of ROLES) this.receive(participant.id, role, other.#context.media.sending(role));
  }

  drop(id: string): void {
    this.forget(id);
    this.#remotes.delete(id);
  }

  adopt(from: string, to: string): void {
    const remote = this.#remotes.get(from);
    this.#remotes.delete(from);
    if (remote) this.#remotes.set(to, remote);
  }

  signal(): void {
    // It uses no relayed signal: the room hands it none.
  }

  async setTrack(role: TrackRole, track: MediaStreamTrack | null): Promise<void> {
    for (const id of this.#remotes.keys()) transports.get(id)?.receive(this.#id, role, track);
  }

  send(text: string, to?: string): void {
    if (to !== undefined && !this.#remotes.has(to)) throw new RtcError('unknown-peer', `No participant "${to}" here`);
    for (const id of to === undefined ? this.#remotes.keys() : [to]) {
      // Later, as a message that travels would arrive.
      queueMicrotask(() => transports.get(id)?.deliver(this.#id, text));
    }
  }

  audioReceiver(): RTCRtpReceiver | null {
    return null;
  }

  /** One two-way connection per participant, always up, with no stats. */
  connections(): TransportConnection[] {
    return [...this.#remotes.keys()].map((id) => ({ ...IN_PAGE, id, direction: 'both', participants: [id] }));
  }

  close(): void {
    if (transports.get(this.#id) === this) transports.delete(this.#id);
    for (const id of this.#remotes.keys()) {
      this.forget(id);
      // What the others had of ours ends too, as a closed connection's remote tracks do.
      transports.get(id)?.forget(this.#id);
    }
    this.#remotes.clear();
  }

  private knows(id: string): boolean {
    return this.#remotes.has(id);
  }

  /** `from` now sends `track` as `role` (null: nothing): our clone of it replaces the last. */
  private receive(from: string, role: TrackRole, track: MediaStreamTrack | null) {
    const remote = this.#remotes.get(from);
    if (!remote) return;
    const stream = role === 'screen' ? remote.screen : remote.stream;
    const kind = role === 'screen' ? 'video' : role;
    for (const old of stream.getTracks().filter((t) => t.kind === kind)) {
      old.stop();
      stream.removeTrack(old);
      stream.dispatchEvent(new MediaStreamTrackEvent('removetrack', { track: old }));
    }
    if (track) {
      const clone = track.clone();
      stream.addTrack(clone);
      stream.dispatchEvent(new MediaStreamTrackEvent('addtrack', { track: clone }));
    }
    this.emit('update', { participant: remote.participant });
  }

  /** A message `from` sent us. */
  private deliver(from: string, text: string) {
    const participant = this.#remotes.get(from)?.participant;
    if (participant) this.emit('message', { from: participant, data: JSON.parse(text) });
  }

  /** Stops what we received from `id`. */
  private forget(id: string) {
    const remote = this.#remotes.get(id);
    for (const track of [...(remote?.stream.getTracks() ?? []), ...(remote?.screen.getTracks() ?? [])]) {
      track.stop();
      remote!.stream.removeTrack(track);
      remote!.screen.removeTrack(track);
    }
  }
}
