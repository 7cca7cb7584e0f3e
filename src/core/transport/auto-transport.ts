/**
 * The `Room`'s default transport: a mesh that moves to an SFU when the server routes the room's
 * media there (protocol 1.2, `RoomOptions.mode` `auto` or `sfu`). Until then it is the mesh, and
 * nothing SFU-only is loaded: at the first SFU route it loads the switch (`sfu-switch.ts`) and the
 * SFU's own transport, each behind an `import()`, and hands every call to the switch from then on.
 */
import { RtcError } from '../errors.js';
import { Participant, touchParticipant, updateParticipant } from '../participant.js';
import type { MediaRoute, WelcomeData } from '../protocol.js';
import { TypedEventTarget } from '../typed-event-target.js';
import { meshTransport } from './mesh/mesh-transport.js';
import { onNetworkChange } from './mesh/network-watch.js';
import type { RoomTransport, RoomTransportEventMap, TransportContext, TransportFactory } from './transport.js';

/** What the mesh saw before the switch came, which the switch goes on from. */
export interface Known {
  /** The server's latest welcome. */
  welcome?: WelcomeData;
  /** The remote participants by id. */
  peers: Map<string, Participant>;
  /** The size each participant's camera is shown at (null: not shown), as `view` said. */
  views: Map<string, { width: number; height: number } | null>;
  /** Those who said, on their mesh link, that they show our media from the SFU (see `SFU_SHOWN`). */
  shown: Set<string>;
}

/** The message a participant sends on its mesh link once it shows our media from the SFU: the link may close. */
export const SFU_SHOWN = '{"rtc-elements":"sfu-shown"}';

/** What the switch uses of the core, handed over by this bundle (see `SfuSwitch`). */
const CORE = { Participant, RtcError, updateParticipant, touchParticipant, shown: SFU_SHOWN };
export type Core = typeof CORE;

const EVENTS = ['update', 'message', 'error', 'media'] as const;

/**
 * A `RoomOptions.transport`: the mesh, moving to the SFU as the server's routes say.
 * `sfu` loads the SFU's transport factory (by default Janus's, from `transport/janus/`).
 */
export const autoTransport =
  (
    sfu: () => Promise<TransportFactory> = () =>
      import('./janus-loader.js').then((m) => m.janusTransports({ ...CORE, onNetworkChange }).janusTransport),
  ) =>
  (context: TransportContext): RoomTransport =>
    new AutoTransport(context, sfu);

class AutoTransport extends TypedEventTarget<RoomTransportEventMap> implements RoomTransport {
  #context: TransportContext;
  #mesh: RoomTransport;
  /** Who carries the calls: the mesh, then the switch once loaded. */
  #to: RoomTransport;
  #load: () => Promise<TransportFactory>;
  #loading = false;
  #known: Known = { peers: new Map(), views: new Map(), shown: new Set() };
  readonly relays;

  constructor(context: TransportContext, load: () => Promise<TransportFactory>) {
    super();
    this.#context = context;
    this.#load = load;
    this.#to = this.#mesh = meshTransport(context);
    this.relays = this.#mesh.relays;
    this.#follow(this.#mesh);
  }

  /** Passes on `from`'s events while it carries the calls (a mesh link's `SFU_SHOWN` is noted, not passed). */
  #follow(from: RoomTransport) {
    for (const type of EVENTS)
      from.addEventListener(type, (e) => {
        const { detail } = e as CustomEvent;
        if (from !== this.#to) return;
        if (type === 'message' && JSON.stringify(detail.data) === SFU_SHOWN) this.#known.shown.add(detail.from.id);
        else this.emit(type, detail);
      });
  }

  ready(): Promise<void> {
    return this.#mesh.ready();
  }

  welcome(welcome: WelcomeData, peers: readonly Participant[], resumed: boolean): void {
    this.#known.welcome = welcome;
    for (const p of peers) this.#known.peers.set(p.id, p);
    const route = welcome.media;
    // In a room already on the SFU, those on it are reached there, not through a mesh link first.
    const sfu = this.#to === this.#mesh && this.#onSfu(route);
    this.#to.welcome(welcome, sfu ? peers.filter((p) => !this.#context.onSfu(p.id)) : peers, resumed);
    if (route) this.route(route);
  }

  join(participant: Participant): void {
    this.#known.peers.set(participant.id, participant);
    this.#to.join(participant);
  }

  drop(id: string): void {
    this.#known.peers.delete(id);
    this.#to.drop(id);
  }

  adopt(from: string, to: string): void {
    const { peers, views } = this.#known;
    const p = peers.get(from);
    if (p) peers.set(to, p);
    if (views.has(from)) views.set(to, views.get(from)!);
    peers.delete(from);
    views.delete(from);
    this.#to.adopt(from, to);
  }

  signal(...args: Parameters<RoomTransport['signal']>): void {
    this.#to.signal(...args);
  }

  setTrack(...args: Parameters<RoomTransport['setTrack']>): Promise<void> {
    return this.#to.setTrack(...args);
  }

  send(text: string, to?: string): void {
    this.#to.send(text, to);
  }

  audioReceiver(id: string): RTCRtpReceiver | null {
    return this.#to.audioReceiver(id);
  }

  connections() {
    return this.#to.connections();
  }

  view(id: string, size: { width: number; height: number } | null): void {
    this.#known.views.set(id, size);
    this.#to.view?.(id, size);
  }

  route(route: MediaRoute): void {
    if (this.#to !== this.#mesh) return this.#to.route?.(route);
    if (!this.#onSfu(route) || this.#loading) return;
    this.#loading = true;
    void this.#switch(route);
  }

  /** Loads the switch and the SFU's transport, and hands them the calls (on the mesh still, if that fails). */
  async #switch(route: MediaRoute) {
    try {
      const [{ SfuSwitch }, factory] = await Promise.all([import('./sfu-switch.js'), this.#load()]);
      if (this.#to !== this.#mesh || !this.#loading) return;
      const to = new SfuSwitch(CORE, this.#context, this.#mesh, factory, this.#known);
      this.#to = to;
      this.#follow(to);
      to.route(route);
    } catch (cause) {
      this.#loading = false;
      this.emit('error', { error: new RtcError('peer-failed', 'The SFU could not be reached', { cause }) });
    }
  }

  close(): void {
    this.#loading = false;
    this.#to.close();
    this.#mesh.close();
  }

  /** Whether `route` takes our media through the SFU: a route to one, and we joined to take part. */
  #onSfu(route: MediaRoute | undefined) {
    return route?.mode === 'sfu' && this.#context.options.mode !== 'mesh';
  }
}
