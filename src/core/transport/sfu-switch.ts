/**
 * The move between a mesh and an SFU, loaded (behind an `import()`) by `autoTransport` at the
 * first route to an SFU. Each remote participant goes through the SFU when the room's route says
 * `sfu` and they are on it (`TransportContext.onSfu`; we are, or this would not be loaded), and
 * through the mesh otherwise (1.1 clients, `mode: 'mesh'` peers).
 *
 * The move, per participant, without their video stopping: the SFU's transport publishes ours
 * and subscribes to theirs (on a stand-in participant of its own), while their tile still shows
 * the mesh's stream. Once the SFU's stream brings what the mesh's did (an unmuted video track, or
 * audio when they send no video or nobody here shows it), their tile swaps to it and we say so on
 * the mesh link (`SFU_SHOWN`). The link closes once both ends have swapped: each end closes it
 * when it has swapped and heard the other's `SFU_SHOWN`, and from then on ignores what that link
 * relays, so the other end's last signals never open it again.
 */
import type { Participant, ParticipantTransport } from '../participant.js';
import type { MediaRoute, RelayPayloads, RelayType, WelcomeData } from '../protocol.js';
import type { TypedEventTarget } from '../typed-event-target.js';
import type { Core, Known } from './auto-transport.js';
import type {
  RoomTransport,
  RoomTransportEventMap,
  TransportConnection,
  TransportContext,
  TransportFactory,
} from './transport.js';

/** A participant reached through the SFU. */
interface Move {
  /** The participant of the room. */
  participant: Participant;
  /** Its stand-in, whose media the SFU's transport writes. */
  stand: Participant;
  /** Their tile shows the SFU's stream. */
  shown: boolean;
  /** The mesh link to them is still open (closed once both ends show the SFU's). */
  linked: boolean;
  /** A look at the SFU stream's decoded frames is under way, or found enough (see `#look`). */
  looking?: boolean;
  decoded?: boolean;
}

/** Video frames the SFU's stream must have decoded before a tile showing the mesh's video swaps to it. */
const FRAMES_BEFORE_SWAP = 3;

/**
 * It imports nothing of the core but types: what it uses comes from the bundle that loaded it
 * (`Core`), so a build that gives it a file of its own (the CDN's) makes no second `Participant`.
 */
export class SfuSwitch
  extends (EventTarget as new () => TypedEventTarget<RoomTransportEventMap>)
  implements RoomTransport
{
  readonly relays: RoomTransport['relays'];
  #core: Core;
  #context: TransportContext;
  #mesh: RoomTransport;
  #factory: TransportFactory;
  /** The SFU's transport (null after a route back to the mesh closed it). */
  #sfu: RoomTransport | null = null;
  #known: Known;
  #route: MediaRoute = { mode: 'mesh' };
  /** The SFU's transport once it is ready and welcomed (before, the moves wait). */
  #started: RoomTransport | null = null;
  #moves = new Map<string, Move>();
  /** Tracks whose `unmute` we listen to (once each). */
  #watched = new WeakSet<MediaStreamTrack>();

  constructor(core: Core, context: TransportContext, mesh: RoomTransport, sfu: TransportFactory, known: Known) {
    super();
    this.#core = core;
    this.relays = mesh.relays;
    this.#context = context;
    this.#mesh = mesh;
    this.#known = known;
    this.#factory = sfu;
    mesh.addEventListener('update', ({ detail: { participant } }) => {
      this.emit('update', { participant });
      this.#check(participant.id);
    });
    mesh.addEventListener('message', ({ detail }) => {
      if (JSON.stringify(detail.data) !== core.shown) return this.emit('message', detail);
      known.shown.add(detail.from.id);
      this.#close(detail.from.id);
    });
    mesh.addEventListener('error', (e) => this.emit('error', e.detail));
  }

  /** Makes the SFU's transport; it hears of everyone on the SFU once ready. */
  #open() {
    const sfu = this.#factory(this.#context);
    this.#sfu = sfu;
    sfu.addEventListener('update', ({ detail }) => this.#update(detail.participant));
    sfu.addEventListener('message', ({ detail: { from, data } }) => {
      const move = this.#moves.get(from.id);
      if (move) this.emit('message', { from: move.participant, data });
    });
    sfu.addEventListener('error', (e) => this.emit('error', e.detail));
    void sfu.ready().then(() => {
      const welcome = this.#known.welcome;
      if (this.#sfu !== sfu || !welcome) return;
      this.#started = sfu;
      sfu.welcome(
        this.#sfuWelcome(welcome),
        [...this.#moves.values()].map((m) => m.stand),
        false,
      );
      for (const [id] of this.#moves) if (this.#known.views.has(id)) sfu.view?.(id, this.#known.views.get(id)!);
    });
  }

  ready(): Promise<void> {
    return this.#mesh.ready();
  }

  /** Whether participant `id` goes through the SFU now. */
  #viaSfu(id: string) {
    return this.#route.mode === 'sfu' && this.#context.onSfu(id);
  }

  welcome(welcome: WelcomeData, peers: readonly Participant[], resumed: boolean): void {
    this.#mesh.welcome(
      welcome,
      peers.filter((p) => !this.#viaSfu(p.id)),
      resumed,
    );
    this.#started?.welcome(this.#sfuWelcome(welcome), this.#stands(peers), resumed);
  }

  join(participant: Participant): void {
    if (!this.#viaSfu(participant.id)) return this.#mesh.join(participant);
    const move = this.#move(participant, false);
    this.#started?.join(move.stand);
  }

  drop(id: string): void {
    this.#mesh.drop(id);
    if (this.#moves.delete(id)) this.#started?.drop(id);
    this.#known.shown.delete(id);
  }

  adopt(from: string, to: string): void {
    this.#mesh.adopt(from, to);
    const move = this.#moves.get(from);
    if (!move) return;
    this.#moves.delete(from);
    this.#moves.set(to, move);
    this.#core.updateParticipant(move.stand, { id: to });
    this.#started?.adopt(from, to);
  }

  signal<T extends RelayType>(from: Participant, type: T, data: RelayPayloads[T]): void {
    // A link closed after the move: what its other end still relays must not open it again.
    if (this.#moves.get(from.id)?.linked !== false) this.#mesh.signal(from, type, data);
  }

  async setTrack(...args: Parameters<RoomTransport['setTrack']>): Promise<void> {
    await Promise.all([this.#mesh.setTrack(...args), this.#started?.setTrack(...args)]);
  }

  /** Through the signaling server to those on the SFU, on the mesh's data channels to the others. */
  send(text: string, to?: string): void {
    if (to !== undefined) return this.#moves.has(to) ? this.#context.post(text, to) : this.#mesh.send(text, to);
    for (const id of this.#known.peers.keys()) {
      if (this.#moves.has(id)) this.#context.post(text, id);
      else
        try {
          this.#mesh.send(text, id);
        } catch {
          // No link to them yet: a broadcast reaches whoever is connected.
        }
    }
  }

  audioReceiver(id: string): RTCRtpReceiver | null {
    return this.#moves.get(id)?.shown ? (this.#started?.audioReceiver(id) ?? null) : this.#mesh.audioReceiver(id);
  }

  connections(): TransportConnection[] {
    return [...this.#mesh.connections(), ...(this.#started?.connections() ?? [])];
  }

  view(id: string, size: { width: number; height: number } | null): void {
    this.#known.views.set(id, size);
    this.#started?.view?.(id, size);
    this.#check(id);
  }

  route(route: MediaRoute): void {
    const before = this.#route;
    this.#route = route;
    if (JSON.stringify(route) === JSON.stringify(before)) return;
    this.emit('media', { media: route.mode });
    if (route.mode === 'sfu') {
      if (!this.#sfu) this.#open();
      this.#started?.route?.(route);
      for (const participant of this.#known.peers.values()) this.#moveToSfu(participant);
    } else this.#backToMesh();
  }

  /** Dispatches a `CustomEvent` of `type` carrying `detail` (as `TypedEventTarget` does). */
  protected override emit<K extends keyof RoomTransportEventMap>(
    type: K,
    detail: RoomTransportEventMap[K] extends CustomEvent<infer D> ? D : never,
  ): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  close(): void {
    this.#mesh.close();
    this.#sfu?.close();
    this.#sfu = this.#started = null;
    this.#moves.clear();
  }

  #sfuWelcome(welcome: WelcomeData): WelcomeData {
    return this.#route.mode === 'sfu' ? { ...welcome, media: this.#route } : welcome;
  }

  /** The stand-ins of those among `peers` who go through the SFU. */
  #stands(peers: readonly Participant[]) {
    return peers.filter((p) => this.#viaSfu(p.id)).map((p) => this.#move(p, false).stand);
  }

  /** Starts moving `participant` to the SFU, if it goes there and is not on its way. */
  #moveToSfu(participant: Participant) {
    if (!this.#viaSfu(participant.id) || this.#moves.has(participant.id)) return;
    const linked = this.#mesh.connections().some((c) => c.id === participant.id);
    const move = this.#move(participant, linked);
    this.#started?.join(move.stand);
  }

  #move(participant: Participant, linked: boolean): Move {
    const id = participant.id;
    let move = this.#moves.get(id);
    if (!move) {
      move = { participant, stand: new this.#core.Participant(id, participant.name, false), shown: false, linked };
      this.#moves.set(id, move);
      this.#update(move.stand);
    }
    return move;
  }

  /** The SFU's transport changed `stand`'s media: shown, the participant follows; else it may swap now. */
  #update(stand: Participant) {
    const move = this.#moves.get(stand.id);
    if (move?.stand !== stand) return;
    if (!move.shown) return this.#check(stand.id);
    const { participant } = move;
    const { updateParticipant, touchParticipant } = this.#core;
    updateParticipant(participant, {
      stream: stand.stream,
      screenStream: stand.screenStream,
      transport: through(stand),
    });
    touchParticipant(participant, 'stream');
    touchParticipant(participant, 'connection');
    this.emit('update', { participant });
  }

  /**
   * Looks (once at a time) at how many video frames the SFU's stream of `move` has decoded: with
   * a few, or with no video statistics to go by, `decoded` and the move goes on; else it looks
   * again a little later.
   */
  async #look(move: Move) {
    if (move.looking) return;
    move.looking = true;
    let frames = 0;
    let video = false;
    try {
      (await move.stand.getStats())?.forEach((r: { type: string; kind?: string; framesDecoded?: number }) => {
        if (r.type !== 'inbound-rtp' || r.kind !== 'video') return;
        video = true;
        frames += r.framesDecoded ?? 0;
      });
    } catch {
      // No statistics: go by the track alone.
    }
    move.looking = false;
    if (!video || frames >= FRAMES_BEFORE_SWAP) {
      move.decoded = true;
      this.#check(move.stand.id);
    } else setTimeout(() => this.#check(move.stand.id), 150);
  }

  /** Swaps `id`'s tile to the SFU's stream once it brings what the mesh's shows. */
  #check(id: string) {
    const move = this.#moves.get(id);
    if (!move || move.shown) return;
    const { participant, stand } = move;
    const views = this.#known.views;
    const need = needed(move.linked ? participant.stream : null, views.has(id) && !views.get(id));
    if (need && !brings(stand.stream, need)) {
      for (const track of stand.stream?.getTracks() ?? [])
        if (!this.#watched.has(track)) {
          this.#watched.add(track);
          track.addEventListener('unmute', () => this.#check(stand.id));
        }
      return;
    }
    // Packets are not pictures: a tile keeps the mesh's video until the SFU's has decoded frames
    // (its first keyframe can come a while after its first packets), so it never stops on one.
    // (A stand-in with no connection, 'new', has no statistics to wait for.)
    if (need === 'video' && !move.decoded && stand.connectionState !== 'new') return void this.#look(move);
    move.shown = true;
    this.#update(stand);
    if (!move.linked) return;
    try {
      this.#mesh.send(this.#core.shown, id);
    } catch {
      // No link any more: nothing to close.
    }
    this.#close(id);
  }

  /** Closes the mesh link to `id` once both ends show the SFU's stream. */
  #close(id: string) {
    const move = this.#moves.get(id);
    if (!move?.linked || !move.shown || !this.#known.shown.has(id)) return;
    move.linked = false;
    this.#mesh.drop(id);
  }

  /**
   * Back to a mesh (the route says so): the participants on the SFU get mesh links again (the one
   * with the smaller id offers; the other's link opens at that offer), then the SFU's transport closes.
   */
  #backToMesh() {
    const welcome = this.#known.welcome;
    const offerTo: Participant[] = [];
    for (const [id, { participant, linked }] of this.#moves)
      if (!linked && welcome && welcome.id < id) offerTo.push(participant);
    this.#moves.clear();
    this.#known.shown.clear();
    if (welcome) this.#mesh.welcome(welcome, offerTo, false);
    this.#sfu?.close();
    this.#sfu = this.#started = null;
  }
}

const throughs = new WeakMap<Participant, ParticipantTransport>();

/** A participant's connection as its stand-in's (what the SFU's transport says of it). */
function through(stand: Participant): ParticipantTransport {
  let transport = throughs.get(stand);
  if (!transport) {
    transport = {
      get connectionState() {
        return stand.connectionState;
      },
      get peerConnection() {
        return stand.peerConnection;
      },
      get error() {
        return stand.connectionError;
      },
      getStats: async () => (await stand.getStats()) ?? (new Map() as unknown as RTCStatsReport),
    };
    throughs.set(stand, transport);
  }
  return transport;
}

/** Whether `stream` brings live `kind` media now (a track that is live and not muted: packets come). */
export function brings(stream: MediaStream | null, kind: 'audio' | 'video'): boolean {
  return !!stream?.getTracks().some((t) => t.kind === kind && t.readyState === 'live' && !t.muted);
}

/**
 * What the SFU's stream of a participant must bring before their tile swaps to it: what `mesh`
 * (the stream the tile shows now) brings, video first, unless no view shows it (`hidden`); null
 * when the tile shows nothing live (nothing to lose).
 */
export function needed(mesh: MediaStream | null, hidden: boolean): 'audio' | 'video' | null {
  return brings(mesh, 'video') && !hidden ? 'video' : brings(mesh, 'audio') ? 'audio' : null;
}
