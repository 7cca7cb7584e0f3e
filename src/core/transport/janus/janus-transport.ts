/**
 * The SFU mode's transport: the room's media through a Janus VideoRoom. One sending connection
 * (publisher.ts) and one receiving connection (subscriber.ts) on one Janus session, for every
 * participant on the SFU; messages go through the signaling server (`post`: VideoRoom data
 * channels are broadcast only). It never gives up: a lost session (socket dropped, Janus
 * restarted, the session timed out) is made again with backoff, at once when a new route comes;
 * meanwhile each participant's state says so. Loaded behind an `import()`: the core does not carry it.
 */
import type { RtcError } from '../../errors.js';
import type { TrackRole } from '../../local-tracks.js';
import type { Participant } from '../../participant.js';
import { PartEventTarget } from '../../part-event-target.js';
import type { MediaRoute, SfuRoute, WelcomeData } from '../../protocol.js';
import type { RoomTransport, RoomTransportEventMap, TransportConnection, TransportContext } from '../transport.js';
import { Feeds, streamKey, type Wanted } from './feeds.js';
import type { JanusCore } from './janus-core.js';
import { JanusSession } from './janus-session.js';
import { firstLayer, layerChanges, type ViewSize } from './layers.js';
import { configurationFor } from './peer.js';
import { Publisher } from './publisher.js';
import { connectionOf, FAILED_AFTER, type ReadSideState, readSide } from './read-side.js';
import { RemoteMedia } from './remote-media.js';
import { Subscriber } from './subscriber.js';

/** The longest wait between tries: Janus back is Janus used within seconds. */
const MAX_BACKOFF_MS = 4_000;

/**
 * The two ways to make the transport with `core`: `janusTransport`, a `RoomOptions.transport` for
 * media through the Janus room the server's routes name; `janusTransportFor(route)`, for a Janus
 * room of your own (`route`: its URL, room and this participant's token), where every
 * participant's media goes, whatever the server says.
 */
export const janusTransports = (core: JanusCore) => ({
  janusTransport: (context: TransportContext): RoomTransport => new JanusTransport(core, context),
  janusTransportFor:
    (route: SfuRoute) =>
    (context: TransportContext): RoomTransport =>
      new JanusTransport(core, context, route),
});

const sameRoute = (a: SfuRoute | null, b: SfuRoute | null) =>
  !!a && !!b && a.url === b.url && a.room === b.room && a.token === b.token;

export class JanusTransport extends PartEventTarget<RoomTransportEventMap> implements RoomTransport {
  readonly relays = [];
  #context: TransportContext;
  #fixed: SfuRoute | null;
  #route: SfuRoute | null = null;
  #id = '';
  #iceServers: RTCIceServer[] = [];
  /** Every remote participant the room told us of, by id. */
  #people = new Map<string, Participant>();
  #feeds = new Feeds();
  #media = new RemoteMedia();
  #session: JanusSession | null = null;
  #publisher: Publisher | null = null;
  #subscriber: Subscriber | null = null;
  /** The display we joined Janus with (our id then). */
  #display = '';
  /** The streams asked for (by feed and mid): what the subscription is to become. */
  #subscribed = new Map<string, Wanted>();
  /** The subscriber with a change under way, and whether another is wanted after it (see `#sync`). */
  #changing: Subscriber | null = null;
  #resync = false;
  /** Counts connection attempts: an older one that finishes late is dropped. */
  #generation = 0;
  #failures = 0;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #error: RtcError | null = null;
  #views = new Map<string, ViewSize>();
  #viewed = false;
  #applied = new Map<string, { substream?: number; send: boolean }>();
  #closed = false;
  #onVisibility = () => this.#applyViews();
  #unwatchNetwork: () => void;
  #core: JanusCore;

  constructor(core: JanusCore, context: TransportContext, route?: SfuRoute) {
    super();
    this.#core = core;
    this.#context = context;
    this.#fixed = route ?? null;
    globalThis.document?.addEventListener('visibilitychange', this.#onVisibility);
    // A new network (or back online): the current paths may be dead before ICE notices.
    this.#unwatchNetwork = core.onNetworkChange(() => {
      this.#publisher?.restartIce();
      this.#subscriber?.restartIce();
    });
  }

  async ready(): Promise<void> {}

  welcome(welcome: WelcomeData, peers: readonly Participant[]): void {
    this.#id = welcome.id;
    this.#iceServers = Array.isArray(welcome.iceServers) ? (welcome.iceServers as RTCIceServer[]) : [];
    for (const participant of peers) this.#know(participant);
    const route = this.#fixed ?? (welcome.media?.mode === 'sfu' ? welcome.media : null);
    // A new route, or a new id for us (a fresh join): our feed must carry it, join again.
    if (route && (!sameRoute(route, this.#route) || (this.#session && this.#display !== this.#id))) this.#use(route);
    else if (route && !this.#session) this.#connectNow();
    else this.#sync();
  }

  join(participant: Participant): void {
    this.#know(participant);
    this.#sync();
  }

  drop(id: string): void {
    const participant = this.#people.get(id);
    if (!participant) return;
    this.#people.delete(id);
    this.#views.delete(id);
    this.#media.drop(participant);
    this.#sync();
  }

  adopt(from: string, to: string): void {
    const participant = this.#people.get(from);
    if (!participant) return;
    this.#people.delete(from);
    this.#people.set(to, participant);
    const view = this.#views.get(from);
    this.#views.delete(from);
    if (view !== undefined) this.#views.set(to, view);
  }

  signal(): void {
    // No relayed signals: Janus is reached directly.
  }

  route(route: MediaRoute): void {
    if (this.#fixed || this.#closed) return;
    if (route.mode === 'sfu') {
      if (!sameRoute(route, this.#route) || !this.#session) this.#use(route);
      return;
    }
    // Back to a mesh: off the SFU.
    this.#route = null;
    this.#teardown();
    this.#emitAll();
  }

  async setTrack(role: TrackRole, track: MediaStreamTrack | null): Promise<void> {
    await this.#publisher?.setTrack(role, track).catch(() => undefined);
  }

  send(text: string, to?: string): void {
    if (to !== undefined && !this.#people.has(to))
      throw new this.#core.RtcError('unknown-peer', `No participant "${to}" here`);
    this.#context.post(text, to);
  }

  audioReceiver(id: string): RTCRtpReceiver | null {
    const participant = this.#people.get(id);
    const mid = participant && this.#media.mids(participant, 'audio')[0];
    return (mid !== undefined && this.#subscriber?.transceiver(mid)?.receiver) || null;
  }

  connections(): TransportConnection[] {
    const connections: TransportConnection[] = [];
    if (this.#publisher) {
      const served = [...this.#people.keys()].filter((id) => this.#serves(id));
      connections.push(connectionOf('janus-send', 'send', this.#publisher.pc, served, this.#error));
    }
    if (this.#subscriber) {
      const carried = [...this.#people].filter(([, p]) => this.#media.has(p)).map(([id]) => id);
      connections.push(connectionOf('janus-receive', 'receive', this.#subscriber.pc, carried, this.#error));
    }
    return connections;
  }

  view(id: string, size: ViewSize): void {
    this.#viewed = true;
    this.#views.set(id, size);
    this.#applyViews();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    globalThis.document?.removeEventListener('visibilitychange', this.#onVisibility);
    this.#unwatchNetwork();
    this.#teardown();
    this.#media.clear();
    this.#people.clear();
  }

  #serves(id: string): boolean {
    return !!this.#fixed || this.#context.onSfu(id);
  }

  /** A participant of the room: ours to carry when it is on the SFU. */
  #know(participant: Participant) {
    this.#people.set(participant.id, participant);
    if (!this.#serves(participant.id)) return;
    const { stream, screen } = this.#media.of(participant);
    this.#core.updateParticipant(participant, {
      transport: readSide(participant, this.#readState),
      stream,
      screenStream: screen,
    });
  }

  /** The transport's state as each participant's read side sees it (read-side.ts). */
  #readState = (): ReadSideState => ({
    closed: this.#closed,
    failures: this.#failures,
    routed: !!this.#route,
    receiving: this.#subscriber?.pc,
    media: this.#media,
    error: this.#error,
  });

  #use(route: SfuRoute) {
    this.#route = route;
    this.#teardown();
    this.#connectNow();
  }

  #connectNow() {
    clearTimeout(this.#retry);
    if (!this.#closed && this.#route && this.#id) void this.#connect(++this.#generation);
  }

  async #connect(generation: number) {
    const route = this.#route!;
    const configuration = configurationFor(this.#context.options.rtcConfiguration, route, this.#iceServers);
    let session: JanusSession | null = null;
    try {
      session = await JanusSession.connect(route.url);
      if (generation !== this.#generation) return session.close();
      this.#session = session;
      this.#display = this.#id;
      const current = session;
      session.addEventListener('handle', ({ detail: { handle, message } }) => {
        if (handle === this.#publisher?.handle) this.#publisher.onMessage(message);
        else if (handle === this.#subscriber?.handle) this.#subscriber.onMessage(message);
      });
      session.addEventListener('closed', ({ detail: { reason } }) => {
        if (this.#session === current) this.#lost(reason);
      });
      const { media } = this.#context;
      this.#publisher = new Publisher({
        session,
        room: route.room,
        token: route.token,
        display: this.#id,
        configuration,
        sending: (role) => media.sending(role),
        publishers: (feeds) => {
          this.#feeds.set(feeds);
          this.#sync();
        },
        gone: (feed) => {
          this.#feeds.delete(feed);
          // Janus drops its streams from our subscription itself (and offers again).
          for (const [key, wanted] of this.#subscribed) if (wanted.feed === feed) this.#subscribed.delete(key);
          this.#sync();
        },
        state: () => this.#emitAll(),
      });
      this.#subscriber = new Subscriber({
        session,
        room: route.room,
        token: route.token,
        configuration,
        privateId: () => this.#publisher?.privateId,
        streams: () => this.#received(),
        state: () => this.#emitAll(),
      });
      await this.#publisher.start();
      if (generation !== this.#generation) return;
      this.#failures = 0;
      this.#error = null;
      this.#emitAll();
      this.#sync();
    } catch (cause) {
      if (generation !== this.#generation) return session?.close();
      this.#lost(cause instanceof Error ? cause.message : String(cause));
    }
  }

  /** The session is gone or could not be made: show it, and try again after a while. */
  #lost(reason: string) {
    if (this.#closed) return;
    this.#failures++;
    this.#teardown();
    if (this.#failures === FAILED_AFTER) {
      this.#error = new this.#core.RtcError(
        'peer-failed',
        `The media server (Janus at ${this.#route?.url}) failed: ${reason}`,
      );
      this.emit('error', { error: this.#error });
    }
    this.#emitAll();
    const backoff = Math.min(MAX_BACKOFF_MS, 500 * 2 ** (this.#failures - 1));
    this.#retry = setTimeout(() => this.#connectNow(), backoff * (0.5 + Math.random() / 2));
  }

  /** Closes the session and its connections; the participants' streams stay, their tracks end. */
  #teardown() {
    clearTimeout(this.#retry);
    this.#generation++;
    const session = this.#session;
    this.#session = null;
    this.#publisher?.close();
    this.#subscriber?.close();
    this.#publisher = null;
    this.#subscriber = null;
    session?.close();
    this.#feeds.clear();
    this.#subscribed.clear();
    this.#changing = null;
    this.#resync = false;
    this.#applied.clear();
    for (const participant of this.#media.sync([])) this.#core.touchParticipant(participant, 'stream');
  }

  /** Subscribes to the streams wanted now and unsubscribes from those no longer wanted. */
  #sync() {
    const subscriber = this.#subscriber;
    if (!subscriber || !this.#publisher?.handle) return;
    // One change at a time: what comes meanwhile (publishers joining together) goes into the next.
    if (this.#changing === subscriber) {
      this.#resync = true;
      return;
    }
    const wanted = this.#feeds.wanted((id) => this.#people.has(id) && this.#serves(id));
    const layer = (w: Wanted) =>
      firstLayer(this.#feeds.stream(w.feed, w.mid), this.#views.get(this.#feeds.owner(w.feed) ?? ''), this.#viewed);
    const add = [...wanted]
      .filter(([key]) => !this.#subscribed.has(key))
      .map(([, w]) => ({ ...w, substream: layer(w) }));
    const remove = [...this.#subscribed].filter(([key]) => !wanted.has(key)).map(([, w]) => w);
    if (!add.length && !remove.length) return;
    this.#subscribed = new Map(wanted);
    this.#changing = subscriber;
    subscriber
      .change(add, remove)
      .catch(() => {
        if (subscriber !== this.#subscriber) return;
        // Refused (a feed went meanwhile): start from what we do receive, and try again.
        this.#subscribed = new Map(
          [...subscriber.streams.values()].map((s) => [streamKey(s.feed, s.feedMid), { feed: s.feed, mid: s.feedMid }]),
        );
        setTimeout(() => subscriber === this.#subscriber && this.#sync(), 1_000);
      })
      .finally(() => {
        if (this.#changing !== subscriber) return;
        this.#changing = null;
        if (this.#resync) {
          this.#resync = false;
          this.#sync();
        }
      });
  }

  /** The subscription changed: hand each participant its tracks, and set the new videos' layers. */
  #received() {
    const subscriber = this.#subscriber;
    if (!subscriber) return;
    const incoming = [...subscriber.streams.values()].map((s) => {
      const id = this.#feeds.owner(s.feed);
      const owner = id !== undefined && this.#serves(id) ? this.#people.get(id) : undefined;
      const source = subscriber.transceiver(s.mid)?.receiver.track;
      return { mid: s.mid, owner, screen: this.#feeds.isScreen(s.feed, s.feedMid), source };
    });
    for (const mid of [...this.#applied.keys()]) if (!subscriber.streams.has(mid)) this.#applied.delete(mid);
    for (const participant of this.#media.sync(incoming)) {
      this.#core.touchParticipant(participant, 'stream');
      this.emit('update', { participant });
    }
    this.#applyViews();
  }

  #applyViews() {
    const subscriber = this.#subscriber;
    if (!subscriber) return;
    const videos = [];
    for (const [id, participant] of this.#people)
      for (const screen of [false, true])
        for (const mid of this.#media.mids(participant, 'video', screen)) videos.push({ mid, owner: id, screen });
    const hidden = globalThis.document?.visibilityState === 'hidden';
    const scale = globalThis.devicePixelRatio || 1;
    void subscriber
      .configure(layerChanges(videos, this.#views, this.#viewed, hidden, this.#applied, scale))
      .catch(() => undefined);
  }

  /** Every served participant's connection may have changed: say so. */
  #emitAll() {
    for (const participant of this.#people.values()) {
      if (!this.#serves(participant.id)) continue;
      this.#core.touchParticipant(participant, 'connection');
      this.emit('update', { participant });
    }
  }
}
