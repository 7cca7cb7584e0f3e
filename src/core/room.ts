import { AudioLevels } from './audio-levels.js';
import { RtcError } from './errors.js';
import { checkJoin, expectedMedia } from './join-checks.js';
import type { LocalTracks } from './local-tracks.js';
import { encodeMessage } from './messages.js';
import { Participant, updateParticipant } from './participant.js';
import { KEY } from './reconcile.js';
import { randomId } from './random-id.js';
import { Remotes } from './remotes.js';
import { RoomControls } from './room-controls.js';
import { RoomMedia } from './room-media.js';
import {
  isValidName,
  type MAX_MESSAGE_BYTES,
  type MeetingClientMessage,
  type MeetingState,
  type ParticipantState,
  type WelcomeData,
} from './protocol.js';
import { SignalingClient } from './signaling-client.js';
import type { RoomOptions, RoomSession, RoomState, StatePatch } from './room-types.js';
import { tokenName } from './token.js';
import { type ViewSizes, setViewSize } from './view-sizes.js';
import { autoTransport } from './transport/auto-transport.js';
import type { RoomTransport, TransportConnection } from './transport/transport.js';

export type { RoomEventMap, RoomOptions, RoomSession, RoomState, StatePatch } from './room-types.js';

/**
 * A video room: local media, a signaling client, and a transport that carries the media and
 * messages (`RoomOptions.transport`; by default a mesh of peer links, one per remote
 * participant). Framework-free.
 *
 * ```ts
 * const room = new Room({ room: 'demo', name: 'Ada', server: 'wss://example.com/signal' });
 * room.addEventListener('participant-updated', e => show(e.detail.participant));
 * await room.join();
 * ```
 */
export class Room extends RoomControls implements RoomSession {
  readonly options: Readonly<RoomOptions>;
  #state: RoomState = 'idle';
  #error: RtcError | null = null;
  #client: SignalingClient | null = null;
  #local: Participant | null = null;
  #remotes = new Remotes({
    transport: () => this.#transport,
    emit: (type, participant) => this.emit(type, { participant }),
  });
  /** @internal */
  protected readonly own = new RoomMedia({
    transport: () => this.#transport,
    local: () => this.#local,
    publish: (patch) => this.#publish(patch),
    emit: (type, detail) => this.emit(type, detail),
  });
  #transport: RoomTransport | null = null;
  #levels: AudioLevels | null = null;
  #name: string | undefined;
  #shared: ParticipantState = {};
  #generation = 0;
  #joining: Promise<void> | null = null;
  /** Our key in the shared state: how the others recognise us across a fresh join (see reconcile.ts). */
  #key = randomId();
  #path: 'mesh' | 'sfu' = 'mesh';
  /** The sizes each remote participant's camera is shown at, by view (see `setView`). */
  #views: ViewSizes = new Map();
  #onPageHide = () => this.leave();
  /**
   * 1.2: the room's meeting state (hosts, lock, hands in order, knocks for hosts) as the server
   * last sent it; undefined before it sent any. `Meeting` (`rtc-elements/meeting`) is its API.
   */
  meeting?: MeetingState;

  constructor(options: RoomOptions) {
    super();
    this.options = { ...options };
    this.#name = options.name;
  }

  get state(): RoomState {
    return this.#state;
  }

  /** The error that moved the room to `error`, while it is there. */
  get error(): RtcError | null {
    return this.#state === 'error' ? this.#error : null;
  }

  /** This page's participant, once joined. */
  get local(): Participant | null {
    return this.#local;
  }

  /** Remote participants by id. */
  get remote(): ReadonlyMap<string, Participant> {
    return this.#remotes.map;
  }

  /** Everyone, the local participant first. */
  get participants(): Participant[] {
    return [...(this.#local ? [this.#local] : []), ...this.#remotes.map.values()];
  }

  /** The loudest participant who spoke last. */
  get activeSpeaker(): Participant | null {
    return this.#levels?.activeSpeaker ?? null;
  }

  /**
   * How this page's media travels now: `mesh` (a peer connection to each participant), or `sfu`
   * (through the SFU the server routed the room to; those not on it stay on the mesh). A `media`
   * event says when it changes.
   */
  get media(): 'mesh' | 'sfu' {
    return this.#path;
  }

  /**
   * `viewer` (any object: a video element) shows `participant`'s camera at `size` CSS pixels, or
   * no longer shows it (null: gone, hidden, scrolled away). The transport hears the largest size
   * over every viewer (null when none shows it): an SFU picks the layer that fills it, and pauses
   * what nobody sees.
   */
  setView(participant: Participant, viewer: object, size: { width: number; height: number } | null): void {
    this.#transport?.view?.(participant.id, setViewSize(this.#views, participant, viewer, size));
  }

  /** The connections of this join's transport, as they are now (none before a join): the stats read them. */
  connections(): readonly TransportConnection[] {
    return this.#transport?.connections() ?? [];
  }

  /**
   * Gets local media and joins at once: the others appear (and are seen) as soon as the server
   * welcomes us, our camera going on when it has started. Resolves once joined with our media;
   * rejects with an {@link RtcError} (and moves to `error`) when that is impossible: in a browser
   * without WebRTC, with `webrtc-unsupported`, before it starts any media or opens any socket.
   * Media problems are not fatal: they are `error` events, and the room joins with what is left.
   */
  join(): Promise<void> {
    if (this.#state === 'connected' || this.#state === 'reconnecting') return Promise.resolve();
    // A join under way: resolve (or fail) with it.
    if (this.#state !== 'connecting' || !this.#joining) this.#joining = this.#join();
    return this.#joining;
  }

  /** While `reconnecting`: when the next try to reach the server starts (epoch ms), or null while one is under way. */
  get nextRetryAt(): number | null {
    return this.#state === 'reconnecting' ? (this.#client?.nextRetryAt ?? null) : null;
  }

  /** While `reconnecting`: tries to reach the server at once. */
  retryNow(): void {
    this.#client?.retryNow();
  }

  async #join(): Promise<void> {
    const generation = ++this.#generation;
    const { room } = this.options;
    const name = this.#name;
    try {
      const url = checkJoin(room, name, this.options.server);
      this.#setState('connecting');
      const tracks = this.own.open(this.options);
      const transport = this.#open(tracks);
      // Media and signaling at once; the connections open at the welcome.
      const started = this.own.start(tracks, this.options);
      this.#shared = { ...expectedMedia(this.options.media), screen: false, hand: false, [KEY]: this.#key };
      const client = new SignalingClient(url, this.options.signaling);
      this.#client = client;
      this.#listen(client);
      const token = this.options.token;
      const joining = client.join({
        room,
        ...(name !== undefined && { name }),
        ...(token !== undefined && { token }),
        state: this.#shared,
        media: this.options.mode ?? 'auto',
      });
      const [welcome] = await Promise.all([joining, transport.ready()]);
      if (generation !== this.#generation) return;
      // The connections open now, while the camera starts (or its prompt is up): ours goes on when it comes.
      this.#onWelcome(welcome, false);
      this.#setState('connected');
      // A page that closes leaves at once: the others drop its tile now, not after the server's grace.
      globalThis.addEventListener?.('pagehide', this.#onPageHide);
      const errors = await started;
      if (generation !== this.#generation) {
        // The server ended it while the media started: the join fails with that.
        if (this.#state === 'error') throw this.#error;
        return;
      }
      for (const error of errors) this.emit('error', { error, fatal: false });
      this.own.send(transport);
      this.emit('participant-updated', { participant: this.#local! });
      // We joined saying what we asked for: say what we got, if it differs.
      const now = this.own.enabled();
      if (now.audio !== this.#shared.audio || now.video !== this.#shared.video) this.#publish(now);
    } catch (error) {
      if (error === this.#error) throw error;
      if (generation !== this.#generation) return;
      const rtcError =
        error instanceof RtcError ? error : new RtcError('server-unreachable', String(error), { cause: error });
      this.#fail(rtcError);
      throw rtcError;
    }
  }

  /** Leaves: closes every connection and stops every track the room started. Safe to repeat. */
  leave(): void {
    this.#generation++;
    const wasActive = this.#state !== 'idle' && this.#state !== 'closed';
    const gone = this.#teardown();
    if (wasActive || this.#state === 'error') this.#setState('closed');
    for (const participant of gone) this.emit('participant-left', { participant });
  }

  /** Changes your display name for everyone, without re-joining. */
  setName(name: string): void {
    if (!isValidName(name)) throw new RtcError('invalid-name', 'Name must be at most 64 characters of display text');
    this.#client?.update({ name });
    this.#name = name;
    if (this.#local) {
      updateParticipant(this.#local, { name });
      this.emit('participant-updated', { participant: this.#local });
    }
  }

  /**
   * Merges `patch` into the state you share (`{ hand: true }`, or keys of your own; a key set to
   * `undefined` is removed). The room keeps `audio`, `video` and `screen` itself.
   */
  setState(patch: StatePatch): void {
    this.#publish(patch);
  }

  /**
   * Sends `data` (any JSON value, at most {@link MAX_MESSAGE_BYTES} as JSON) to everyone, or to
   * one participant: they get a `message` event. Throws `bad-message`, `too-large`, `unknown-peer`
   * or `not-joined` when it cannot.
   */
  send(data: unknown, { to }: { to?: string } = {}): void {
    // Joined: welcomed, and not left since (leaving drops the transport and the local participant).
    if (!this.#transport || !this.#local) throw new RtcError('not-joined', 'Join the room before sending messages');
    this.#transport.send(encodeMessage(data), to);
  }

  /** 1.2: sends a meeting message: a host action or a reaction (`Meeting` has a method for each). */
  meet(message: MeetingClientMessage): void {
    this.#client?.meeting(message);
  }

  /** Shares a new state (merged) with everyone and shows it on the local participant. */
  #publish(patch: StatePatch) {
    const next: ParticipantState = {};
    for (const [key, value] of Object.entries({ ...this.#shared, ...patch, [KEY]: this.#key }))
      if (value !== undefined) next[key] = value;
    // The client checks it first (a JSON object of at most 1 KiB): a refused state changes nothing.
    this.#client?.update({ state: next });
    this.#shared = next;
    if (this.#local) {
      updateParticipant(this.#local, { state: next });
      this.emit('participant-updated', { participant: this.#local });
    }
  }

  #setPath(media: 'mesh' | 'sfu') {
    if (media === this.#path) return;
    this.#path = media;
    this.emit('media', { media });
  }

  #setState(state: RoomState, error?: RtcError) {
    if (this.#state === state) return;
    this.#state = state;
    this.#error = error ?? null;
    this.emit('state', error ? { state, error } : { state });
  }

  #listen(client: SignalingClient) {
    client.addEventListener('welcome', (e) => {
      // join() handles the first welcome (once the transport is ready); these are re-joins after a dropped socket.
      if (!this.#local) return;
      this.#onWelcome(e.detail.welcome, e.detail.resumed);
      if (this.#state === 'reconnecting') this.#setState('connected');
    });
    client.addEventListener('state', (e) => {
      if (e.detail.state === 'reconnecting' && this.#state === 'connected') this.#setState('reconnecting');
    });
    client.addEventListener('closed', ({ detail: { error } }) => {
      if (error && this.#client === client && this.#local) this.#fail(error);
    });
    client.addEventListener('retry', (e) => this.emit('retry', e.detail));
    client.addEventListener('server-error', (e) => this.emit('error', { error: e.detail.error, fatal: false }));
    client.addEventListener('media', (e) => this.#transport?.route?.(e.detail.route));
    client.addEventListener('meeting', ({ detail }) => {
      if (detail.type === 'meeting') this.meeting = detail.data;
      this.emit('meeting', detail);
    });
    client.addEventListener('data', ({ detail: { from, data } }) => {
      const participant = this.#remotes.map.get(from);
      if (participant) this.emit('message', { from: participant, data });
    });
    this.#remotes.listen(client);
  }

  /** Makes this join's transport (`RoomOptions.transport`, `autoTransport()` by default) and follows what it reports. */
  #open(tracks: LocalTracks): RoomTransport {
    const transport = (this.options.transport ?? autoTransport())({
      options: this.options,
      media: tracks,
      relay: (type, to, data) => this.#client?.send(type, to, data),
      roomSize: () => this.#remotes.map.size + 1,
      post: (text, to) => this.#client?.post(text, to),
      onSfu: (id) => this.#remotes.sfu.has(id),
    });
    this.#transport = transport;
    transport.addEventListener('update', ({ detail: { participant } }) => {
      this.emit('participant-updated', { participant });
      this.#remotes.check(participant);
    });
    transport.addEventListener('message', (e) => this.emit('message', e.detail));
    transport.addEventListener('error', (e) => this.emit('error', { error: e.detail.error, fatal: false }));
    transport.addEventListener('media', (e) => this.#setPath(e.detail.media));
    return transport;
  }

  #onWelcome(welcome: WelcomeData, resumed: boolean) {
    const local = this.#local;
    if (!resumed && local) {
      // Joined afresh after the server forgot us: same person, new id; the connections and media carry on.
      updateParticipant(local, { id: welcome.id });
      this.emit('participant-updated', { participant: local });
    } else if (!resumed) {
      // With auth, the server takes the name from the token: show ourselves as the others see us.
      const name = tokenName(this.options.token) ?? this.#name ?? '';
      this.#local = new Participant(welcome.id, name, true, this.localStream);
      updateParticipant(this.#local, { state: this.#shared, screenStream: this.screenStream });
      this.#levels?.stop();
      this.#levels = new AudioLevels(
        { participants: () => this.participants, tracks: () => this.own.tracks, transport: () => this.#transport },
        (participant) => this.emit('active-speaker', { participant }),
      );
      this.#levels.start();
      this.emit('joined', { participant: this.#local });
      this.emit('participant-joined', { participant: this.#local });
    }
    this.#remotes.welcome(welcome, resumed, !resumed && !!local);
  }

  /** Closes everything; returns the remote participants it dropped (`participant-left` for each follows). */
  #teardown(): Participant[] {
    const client = this.#client;
    this.#client = null;
    client?.close();
    globalThis.removeEventListener?.('pagehide', this.#onPageHide);
    this.#levels?.stop();
    this.#levels = null;
    this.#transport?.close();
    this.#transport = null;
    this.#setPath('mesh');
    this.#views.clear();
    const gone = this.#remotes.clear();
    this.own.stop();
    this.#local = null;
    return gone;
  }

  #fail(error: RtcError) {
    // A join still waiting for its media stops there (and fails with this error).
    this.#generation++;
    const gone = this.#teardown();
    this.#setState('error', error);
    this.emit('error', { error, fatal: true });
    for (const participant of gone) this.emit('participant-left', { participant });
  }
}
