import { RtcError } from './errors.js';
import { getLocalMedia, stopStream, type MediaRequest } from './media.js';
import { Participant } from './participant.js';
import { PeerLink } from './peer-link.js';
import { isValidName, isValidRoom, type IceServer, type PeerInfo, type WelcomeData } from './protocol.js';
import { resolveSignalingUrl, SignalingClient, type SignalingClientOptions } from './signaling-client.js';
import { missingWebRTC } from './support.js';
import { TypedEventTarget } from './typed-event-target.js';

export interface RoomOptions {
  /** Room name: 1 to 64 characters of `A-Z a-z 0-9 . _ -`. */
  room: string;
  /** Display name (plain text, at most 64 characters). */
  name?: string;
  /** Signaling server: `ws(s)://`, `http(s)://` or relative URL. Default: same-origin `/signal`. */
  server?: string;
  /** A JWT, when the server requires one. */
  token?: string;
  /**
   * Local media: what to ask `getUserMedia` for (default camera and microphone, falling back to
   * whatever is there), a `MediaStream` of your own (the room will not stop its tracks), or
   * `false` to only receive.
   */
  media?: MediaRequest | MediaStream | false;
  /** Merged with the server's `iceServers`; its other fields are used as they are. */
  rtcConfiguration?: RTCConfiguration;
  /** Passed to the {@link SignalingClient}. */
  signaling?: SignalingClientOptions;
}

/** Where a {@link Room} stands. `error` is final until `join()` is called again. */
export type RoomState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed' | 'error';

export interface RoomEventMap {
  state: CustomEvent<{ state: RoomState; error?: RtcError }>;
  /** Joined: the local participant has its id. */
  joined: CustomEvent<{ participant: Participant }>;
  'participant-joined': CustomEvent<{ participant: Participant }>;
  'participant-left': CustomEvent<{ participant: Participant }>;
  /** A participant's stream, tracks, name or connection state changed. */
  'participant-updated': CustomEvent<{ participant: Participant }>;
  /** Something went wrong; `fatal` errors also move the room to `error`. */
  error: CustomEvent<{ error: RtcError; fatal: boolean }>;
}

/**
 * What `<rtc-room>` renders from and the elements inside it read: a {@link Room}, or any object
 * that behaves like one (a story's fixed session, a test's, another transport's).
 */
export interface RoomSession extends Pick<TypedEventTarget<RoomEventMap>, 'addEventListener' | 'removeEventListener'> {
  readonly state: RoomState;
  /** The error that moved the session to `error`, while it is there. */
  readonly error: RtcError | null;
  /** This page's participant, once joined. */
  readonly local: Participant | null;
  /** Remote participants by id. */
  readonly remote: ReadonlyMap<string, Participant>;
  /** Everyone, the local participant first. */
  readonly participants: readonly Participant[];
  /** What this page sends, once media is settled. */
  readonly localStream: MediaStream | null;
  join(): Promise<void>;
  leave(): void;
}

/**
 * A video room: local media, a signaling client, and a mesh of {@link PeerLink}s, one per remote
 * participant. Framework-free.
 *
 * ```ts
 * const room = new Room({ room: 'demo', name: 'Ada', server: 'wss://example.com/signal' });
 * room.addEventListener('participant-updated', e => show(e.detail.participant));
 * await room.join();
 * ```
 */
export class Room extends TypedEventTarget<RoomEventMap> implements RoomSession {
  readonly options: Readonly<RoomOptions>;
  #state: RoomState = 'idle';
  #error: RtcError | null = null;
  #client: SignalingClient | null = null;
  #local: Participant | null = null;
  #remote = new Map<string, Participant>();
  #localStream: MediaStream | null = null;
  #ownsLocalStream = false;
  #iceServers: IceServer[] = [];
  #generation = 0;

  constructor(options: RoomOptions) {
    super();
    this.options = { ...options };
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
    return this.#remote;
  }

  /** Everyone, the local participant first. */
  get participants(): Participant[] {
    return [...(this.#local ? [this.#local] : []), ...this.#remote.values()];
  }

  /** What this page sends (possibly no tracks), once media is settled. */
  get localStream(): MediaStream | null {
    return this.#localStream;
  }

  /**
   * Gets local media, connects to the signaling server and joins. Resolves once joined; rejects
   * with an {@link RtcError} (and moves to `error`) when that is impossible: in a browser without
   * WebRTC, with `webrtc-unsupported`, before it starts any media or opens any socket. Media
   * problems are not fatal: they are reported as `error` events and the room joins with what is left.
   */
  async join(): Promise<void> {
    if (this.#state === 'connecting' || this.#state === 'connected' || this.#state === 'reconnecting') return;
    const generation = ++this.#generation;
    const { room, name } = this.options;
    try {
      if (!isValidRoom(room)) {
        throw new RtcError(
          'invalid-room',
          `Room "${String(room ?? '')}" is not 1 to 64 characters of A-Z a-z 0-9 . _ -`,
        );
      }
      if (name !== undefined && !isValidName(name)) {
        throw new RtcError('invalid-name', 'Name must be at most 64 characters of display text');
      }
      const url = resolveSignalingUrl(this.options.server);
      const missing = missingWebRTC();
      if (missing.length) {
        throw new RtcError(
          'webrtc-unsupported',
          `No ${missing.join(' or ')} in this browser: WebRTC is not built in, or is turned off`,
        );
      }
      this.#setState('connecting');
      const media = await this.#startMedia();
      if (generation !== this.#generation) {
        // Left (or re-joined) while the camera was starting: release what this call started.
        if (media.owned) stopStream(media.stream);
        return;
      }
      this.#localStream = media.stream;
      this.#ownsLocalStream = media.owned;
      for (const error of media.errors) this.emit('error', { error, fatal: false });
      const client = new SignalingClient(url, this.options.signaling);
      this.#client = client;
      this.#listen(client);
      const welcome = await client.join({
        room,
        ...(name !== undefined && { name }),
        ...(this.options.token !== undefined && { token: this.options.token }),
      });
      if (generation !== this.#generation) return;
      this.#onWelcome(welcome, false);
      this.#setState('connected');
    } catch (error) {
      if (generation !== this.#generation) return;
      const rtcError =
        error instanceof RtcError ? error : new RtcError('server-unreachable', String(error), { cause: error });
      this.#teardown();
      this.#setState('error', rtcError);
      this.emit('error', { error: rtcError, fatal: true });
      throw rtcError;
    }
  }

  /** Leaves: closes every connection and stops every track the room started. Safe to repeat. */
  leave(): void {
    this.#generation++;
    const wasActive = this.#state !== 'idle' && this.#state !== 'closed';
    this.#teardown();
    if (wasActive || this.#state === 'error') this.#setState('closed');
  }

  /**
   * Sends `stream` instead of the current local media (e.g. another camera). The room does not
   * stop the tracks of a stream it did not create.
   */
  async setLocalStream(stream: MediaStream): Promise<void> {
    if (this.#ownsLocalStream && this.#localStream !== stream) stopStream(this.#localStream);
    this.#localStream = stream;
    this.#ownsLocalStream = false;
    if (this.#local) {
      this.#local._stream = stream;
      this.emit('participant-updated', { participant: this.#local });
    }
    await Promise.all([...this.#remote.values()].map((p) => p._link?.setLocalStream(stream)));
  }

  #setState(state: RoomState, error?: RtcError) {
    if (this.#state === state) return;
    this.#state = state;
    this.#error = error ?? null;
    this.emit('state', error ? { state, error } : { state });
  }

  async #startMedia(): Promise<{ stream: MediaStream; owned: boolean; errors: RtcError[] }> {
    const media = this.options.media;
    if (media instanceof MediaStream) return { stream: media, owned: false, errors: [] };
    if (media === false) return { stream: new MediaStream(), owned: true, errors: [] };
    return { ...(await getLocalMedia(media)), owned: true };
  }

  #listen(client: SignalingClient) {
    client.addEventListener('welcome', (e) => {
      // The first welcome is handled by join(); these are re-joins after a dropped socket.
      if (this.#state !== 'reconnecting') return;
      this.#onWelcome(e.detail.welcome, e.detail.resumed);
      this.#setState('connected');
    });
    client.addEventListener('state', (e) => {
      if (e.detail.state === 'reconnecting' && this.#state === 'connected') this.#setState('reconnecting');
    });
    client.addEventListener('closed', (e) => {
      const error = e.detail.error;
      if (!error || this.#client !== client || this.#state === 'connecting') return;
      this.#teardown();
      this.#setState('error', error);
      this.emit('error', { error, fatal: true });
    });
    client.addEventListener('server-error', (e) => this.emit('error', { error: e.detail.error, fatal: false }));
    client.addEventListener('peer-joined', (e) => this.#addRemote(e.detail, false));
    client.addEventListener('peer-left', (e) => this.#removeRemote(e.detail.id));
    client.addEventListener('signal', (e) => {
      const { from, type, data } = e.detail;
      const participant = this.#remote.get(from) ?? this.#addRemote({ id: from, name: '', state: {} }, false);
      const link = participant._link ?? this.#link(participant, false);
      void link.receive(type, data).catch(() => undefined);
    });
  }

  #onWelcome(welcome: WelcomeData, resumed: boolean) {
    this.#iceServers = Array.isArray(welcome.iceServers) ? welcome.iceServers : [];
    if (!resumed) {
      // A fresh identity: every old connection belongs to our old id.
      for (const id of [...this.#remote.keys()]) this.#removeRemote(id);
      // With auth, the server takes the name from the token: show ourselves as the others see us.
      const name = tokenName(this.options.token) ?? this.options.name ?? '';
      this.#local = new Participant(welcome.id, name, true, this.#localStream);
      this.emit('joined', { participant: this.#local });
      this.emit('participant-joined', { participant: this.#local });
    }
    const present = new Set(welcome.peers.map((p) => p.id));
    for (const id of [...this.#remote.keys()]) if (!present.has(id)) this.#removeRemote(id);
    // After a resume, peers that joined during the gap are the newcomers: their offers were
    // queued for us by the server, so we wait for them instead of offering too.
    for (const peer of welcome.peers) {
      if (!this.#remote.has(peer.id)) this.#addRemote(peer, !resumed);
    }
    // Candidates sent or relayed while the socket was down may be lost: restart what is stuck.
    if (resumed) for (const participant of this.#remote.values()) participant._link?.restartIceIfStalled();
  }

  #addRemote(peer: PeerInfo, initiator: boolean): Participant {
    const existing = this.#remote.get(peer.id);
    if (existing) {
      if (peer.name && existing._name !== peer.name) {
        existing._name = peer.name;
        this.emit('participant-updated', { participant: existing });
      }
      return existing;
    }
    const participant = new Participant(peer.id, peer.name ?? '', false);
    this.#remote.set(peer.id, participant);
    if (initiator) this.#link(participant, true);
    this.emit('participant-joined', { participant });
    return participant;
  }

  #link(participant: Participant, initiator: boolean): PeerLink {
    const localId = this.#local?.id ?? '';
    const pageServers = this.options.rtcConfiguration?.iceServers ?? [];
    const link = new PeerLink({
      remoteId: participant.id,
      polite: localId > participant.id,
      initiator,
      configuration: {
        ...this.options.rtcConfiguration,
        iceServers: [...pageServers, ...(this.#iceServers as RTCIceServer[])],
      },
      localStream: this.#localStream,
      send: (type, data) => this.#client?.send(type, participant.id, data),
    });
    participant._link = link;
    participant._stream = link.remoteStream;
    const updated = () => this.emit('participant-updated', { participant });
    link.addEventListener('track', updated);
    link.addEventListener('state', updated);
    link.addEventListener('error', (e) => this.emit('error', { error: e.detail.error, fatal: false }));
    return link;
  }

  #removeRemote(id: string) {
    const participant = this.#remote.get(id);
    if (!participant) return;
    this.#remote.delete(id);
    participant._link?.close();
    this.emit('participant-left', { participant });
  }

  #teardown() {
    const client = this.#client;
    this.#client = null;
    client?.close();
    for (const participant of this.#remote.values()) participant._link?.close();
    this.#remote.clear();
    if (this.#ownsLocalStream) stopStream(this.#localStream);
    this.#localStream = null;
    this.#local = null;
  }
}

/** The `name` claim of a JWT, read without verifying it (only the server can, and it does). */
export function tokenName(token: string | undefined): string | undefined {
  const payload = token?.split('.')[1];
  if (!payload) return undefined;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    const name = (claims as { name?: unknown } | null)?.name;
    return isValidName(name) ? name : undefined;
  } catch {
    return undefined;
  }
}
