import { AudioLevels } from './audio-levels.js';
import { RtcError } from './errors.js';
import { checkJoin } from './join-checks.js';
import { type DeviceKind, LocalTracks } from './local-tracks.js';
import { type MAX_MESSAGE_BYTES, Mesh } from './mesh.js';
import { Participant, type ParticipantStateRecord, updateParticipant } from './participant.js';
import type { PeerLink } from './peer-link.js';
import { type IceServer, isValidName, type ParticipantState, type PeerInfo, type WelcomeData } from './protocol.js';
import { SignalingClient } from './signaling-client.js';
import type { RoomEventMap, RoomOptions, RoomSession, RoomState, StatePatch } from './room-types.js';
import { tokenName } from './token.js';
import { TypedEventTarget } from './typed-event-target.js';

export { tokenName } from './token.js';
export type { RoomEventMap, RoomOptions, RoomSession, RoomState, StatePatch } from './room-types.js';

export { MAX_MESSAGE_BYTES } from './mesh.js';

/**
 * A video room: local media, a signaling client, and a mesh of peer links, one per remote
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
  #tracks: LocalTracks | null = null;
  #mesh: Mesh | null = null;
  #levels: AudioLevels | null = null;
  #name: string | undefined;
  #shared: ParticipantState = {};
  #iceServers: IceServer[] = [];
  #generation = 0;
  /** The links' track changes under way. */
  #sending: Promise<unknown> = Promise.resolve();

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
    return this.#remote;
  }

  /** Everyone, the local participant first. */
  get participants(): Participant[] {
    return [...(this.#local ? [this.#local] : []), ...this.#remote.values()];
  }

  /** What this page sends (possibly no tracks), once media is settled. */
  get localStream(): MediaStream | null {
    return this.#tracks?.stream ?? null;
  }

  /** The screen this page shares, while it shares one. */
  get screenStream(): MediaStream | null {
    return this.#tracks?.screen ?? null;
  }

  /** The loudest participant who spoke last. */
  get activeSpeaker(): Participant | null {
    return this.#levels?.activeSpeaker ?? null;
  }

  /** The device chosen for `kind` (through `switchDevice` or the `devices` option). */
  device(kind: DeviceKind): string | undefined {
    return this.#tracks?.device(kind) ?? this.options.devices?.[kind];
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
    const { room } = this.options;
    const name = this.#name;
    try {
      const url = checkJoin(room, name, this.options.server);
      this.#setState('connecting');
      const tracks = new LocalTracks();
      this.#tracks = tracks;
      for (const [kind, id] of Object.entries(this.options.devices ?? {})) tracks.preferDevice(kind as DeviceKind, id);
      const errors = await tracks.start(this.options.media);
      if (generation !== this.#generation) {
        // Left (or re-joined) while the camera was starting: release what this call started.
        tracks.stop();
        return;
      }
      for (const error of errors) this.emit('error', { error, fatal: false });
      this.#listenTracks(tracks);
      this.#shared = { audio: tracks.enabled('audio'), video: tracks.enabled('video'), screen: false, hand: false };
      const client = new SignalingClient(url, this.options.signaling);
      this.#client = client;
      this.#listen(client);
      const welcome = await client.join({
        room,
        ...(name !== undefined && { name }),
        ...(this.options.token !== undefined && { token: this.options.token }),
        state: this.#shared,
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

  /** Microphone on or off. Off stops sending audio at once (no packets leave); the others see `state.audio`. */
  async setMicrophoneEnabled(on: boolean): Promise<void> {
    await this.#media((tracks) => tracks.setAudioEnabled(on));
  }

  /** Camera on or off. Off releases the camera (its light goes out); on opens it again. */
  async setCameraEnabled(on: boolean): Promise<void> {
    await this.#media((tracks) => tracks.setVideoEnabled(on));
  }

  /** Shares a screen, window or tab (the browser asks which): a tile of its own for the others. */
  async startScreenShare(): Promise<void> {
    await this.#media((tracks) => tracks.startScreen());
  }

  /** Stops sharing (also done when the browser's own "Stop sharing" ends it). */
  stopScreenShare(): void {
    this.#tracks?.stopScreen();
  }

  /**
   * Uses another camera, microphone or speaker from now on. A camera or microphone switch is a
   * `replaceTrack` on every link: no renegotiation. The room stops the track it replaced when it
   * opened it. A speaker choice is announced (`device`) for every view of the room to play through.
   */
  async switchDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    await this.#media((tracks) => tracks.switchDevice(kind, deviceId));
  }

  /**
   * Sends `stream` instead of the current microphone and camera (e.g. a processed stream). The
   * room does not stop the tracks of a stream it did not create; it stops what it replaced.
   */
  async setLocalStream(stream: MediaStream): Promise<void> {
    this.#tracks?.sendStream(stream);
    this.#publish({ audio: !!this.#tracks?.enabled('audio'), video: !!this.#tracks?.enabled('video') });
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
    if (!this.#mesh || this.#state === 'idle' || this.#state === 'closed' || this.#state === 'error') {
      throw new RtcError('not-joined', 'Join the room before sending messages');
    }
    this.#mesh.sendMessage(data, to);
  }

  async #media(change: (tracks: LocalTracks) => Promise<unknown>) {
    const tracks = this.#tracks;
    if (!tracks) throw new RtcError('not-joined', 'Join the room first');
    try {
      await change(tracks);
      // Resolve once every link sends the new track.
      await this.#sending;
    } catch (error) {
      const rtcError = error instanceof RtcError ? error : new RtcError('media-unavailable', String(error));
      this.emit('error', { error: rtcError, fatal: false });
      throw rtcError;
    }
  }

  /** Shares a new state (merged) with everyone and shows it on the local participant. */
  #publish(patch: StatePatch) {
    const next: ParticipantState = {};
    for (const [key, value] of Object.entries({ ...this.#shared, ...patch }))
      if (value !== undefined) next[key] = value;
    // The client checks it first (a JSON object of at most 1 KiB): a refused state changes nothing.
    this.#client?.update({ state: next });
    this.#shared = next;
    if (this.#local) {
      updateParticipant(this.#local, { state: next });
      this.emit('participant-updated', { participant: this.#local });
    }
  }

  #listenTracks(tracks: LocalTracks) {
    tracks.addEventListener('track', (e) => {
      if (tracks !== this.#tracks) return;
      const { role, track } = e.detail;
      this.#sending = Promise.all([this.#sending, this.#mesh?.setTrack(role, track)]).catch(() => undefined);
      if (role === 'screen') {
        if (this.#local) updateParticipant(this.#local, { screenStream: tracks.screen });
        this.#publish({ screen: !!track });
      } else {
        this.#publish({ [role]: tracks.enabled(role) });
      }
    });
    tracks.addEventListener('device', (e) => this.emit('device', e.detail));
    tracks.addEventListener('lost', (e) => this.emit('error', { error: e.detail.error, fatal: false }));
  }

  #setState(state: RoomState, error?: RtcError) {
    if (this.#state === state) return;
    this.#state = state;
    this.#error = error ?? null;
    this.emit('state', error ? { state, error } : { state });
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
    client.addEventListener('peer-updated', (e) => this.#addRemote(e.detail, false));
    client.addEventListener('peer-left', (e) => this.#removeRemote(e.detail.id));
    client.addEventListener('signal', (e) => {
      const { from, type, data } = e.detail;
      const participant = this.#remote.get(from) ?? this.#addRemote({ id: from, name: '', state: {} }, false);
      const link = this.#mesh?.get(participant.id) ?? this.#link(participant, false);
      void link?.receive(type, data).catch(() => undefined);
    });
  }

  #onWelcome(welcome: WelcomeData, resumed: boolean) {
    this.#iceServers = Array.isArray(welcome.iceServers) ? welcome.iceServers : [];
    if (!resumed) {
      // A fresh identity: every old connection belongs to our old id.
      for (const id of [...this.#remote.keys()]) this.#removeRemote(id);
      this.#mesh?.closeAll();
      this.#mesh = new Mesh({
        localId: () => this.#local?.id ?? '',
        configuration: () => ({
          ...this.options.rtcConfiguration,
          iceServers: [...(this.options.rtcConfiguration?.iceServers ?? []), ...(this.#iceServers as RTCIceServer[])],
        }),
        tracks: this.#tracks!,
        send: (type, to, data) => this.#client?.send(type, to, data),
        onUpdate: (participant) => this.emit('participant-updated', { participant }),
        onMessage: (from, data) => this.emit('message', { from, data }),
        onError: (error) => this.emit('error', { error, fatal: false }),
      });
      // With auth, the server takes the name from the token: show ourselves as the others see us.
      const name = tokenName(this.options.token) ?? this.#name ?? '';
      this.#local = new Participant(welcome.id, name, true, this.localStream);
      updateParticipant(this.#local, { state: this.#shared, screenStream: this.screenStream });
      this.#startLevels();
      this.emit('joined', { participant: this.#local });
      this.emit('participant-joined', { participant: this.#local });
    }
    const present = new Set(welcome.peers.map((p) => p.id));
    for (const id of [...this.#remote.keys()]) if (!present.has(id)) this.#removeRemote(id);
    // After a resume, peers that joined during the gap are the newcomers: their offers were
    // queued for us by the server, so we wait for them instead of offering too.
    for (const peer of welcome.peers) this.#addRemote(peer, !resumed);
    // Candidates sent or relayed while the socket was down may be lost: restart what is stuck.
    if (resumed) this.#mesh?.restartStalled();
  }

  #startLevels() {
    this.#levels?.stop();
    this.#levels = new AudioLevels(
      {
        participants: () => this.participants,
        localAudioTrack: () => this.#tracks?.sending('audio') ?? null,
        audioReceiver: (p) => this.#mesh?.get(p.id)?.audioReceiver() ?? null,
      },
      (participant) => this.emit('active-speaker', { participant }),
    );
    this.#levels.start();
  }

  #addRemote(peer: PeerInfo & { state?: ParticipantStateRecord }, initiator: boolean): Participant {
    const existing = this.#remote.get(peer.id);
    if (existing) {
      const before = [existing.name, existing.state];
      updateParticipant(existing, {
        ...(peer.name && { name: peer.name }),
        ...(peer.state && { state: peer.state }),
      });
      if (before[0] !== existing.name || before[1] !== existing.state) {
        this.emit('participant-updated', { participant: existing });
      }
      return existing;
    }
    const participant = new Participant(peer.id, peer.name ?? '', false);
    if (peer.state) updateParticipant(participant, { state: peer.state });
    this.#remote.set(peer.id, participant);
    if (initiator) this.#link(participant, true);
    this.emit('participant-joined', { participant });
    return participant;
  }

  #link(participant: Participant, initiator: boolean): PeerLink | undefined {
    return this.#mesh?.open(participant, initiator);
  }

  #removeRemote(id: string) {
    const participant = this.#remote.get(id);
    if (!participant) return;
    this.#remote.delete(id);
    this.#mesh?.close(id);
    this.emit('participant-left', { participant });
  }

  #teardown() {
    const client = this.#client;
    this.#client = null;
    client?.close();
    this.#levels?.stop();
    this.#levels = null;
    this.#mesh?.closeAll();
    this.#mesh = null;
    this.#remote.clear();
    this.#tracks?.stop();
    this.#tracks = null;
    this.#local = null;
  }
}
