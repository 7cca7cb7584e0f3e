/**
 * A session that stays where it is put: fixed state, participants and streams, no network. It
 * implements the `RoomSession` interface the elements render from, so tests and stories can show
 * them in any state; the call controls record what they were asked to do. Several static sessions
 * can share a `StaticRoom` of the page: then each sees the others join and leave, and what they
 * share (names, state, media, screens, messages), as rooms in a call do.
 *
 * It is written with the package's public entry points only (`src/core/index.ts`, `src/index.ts`),
 * as a session of the page's own would be (session-suite.test.ts checks it).
 */
import {
  type DeviceKind,
  isValidName,
  isValidState,
  MAX_MESSAGE_BYTES,
  Participant,
  type ParticipantPatch,
  type ParticipantState,
  type ParticipantTransport,
  type RoomEventMap,
  type RoomSession,
  type RoomState,
  RtcError,
  type StatePatch,
  TypedEventTarget,
  updateParticipant,
} from '../../src/core/index.js';
import type { StaticRoom } from './static-room.js';

/** The people of a static scene (a story's grid, the layout tests' room): you first, then the others. */
export const PEOPLE = [
  'Ada Lovelace',
  'Grace Hopper',
  'Alan Turing',
  'Katherine Johnson',
  'Edsger Dijkstra',
  'Barbara Liskov',
  'Donald Knuth',
  'Frances Allen',
  'Tim Berners-Lee',
];

/** A transport whose connection state is given, not read from a peer connection. */
export function fixedTransport(connectionState: RTCPeerConnectionState): ParticipantTransport {
  return { connectionState, peerConnection: null, getStats: async () => new Map() as unknown as RTCStatsReport };
}

/** A participant of a static session, with its stream, state and connection as given. */
export function staticParticipant(
  id: string,
  name: string,
  local: boolean,
  stream: MediaStream | null,
  patch: ParticipantPatch & { connectionState?: RTCPeerConnectionState } = {},
): Participant {
  const participant = new Participant(id, name, local, stream);
  const { connectionState = 'connected', ...rest } = patch;
  updateParticipant(participant, { ...(local ? {} : { transport: fixedTransport(connectionState) }), ...rest });
  return participant;
}

/** `data` as the JSON text a message carries; throws `bad-message` (not JSON) or `too-large`, as `Room.send` does. */
function encode(data: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(data);
  } catch (error) {
    throw new RtcError('bad-message', 'Only JSON values can be sent', { cause: error });
  }
  if (json === undefined) throw new RtcError('bad-message', 'Only JSON values can be sent');
  if (new TextEncoder().encode(json).length > MAX_MESSAGE_BYTES)
    throw new RtcError('too-large', `A message may take at most ${MAX_MESSAGE_BYTES} bytes as JSON`);
  return json;
}

export class StaticSession extends TypedEventTarget<RoomEventMap> implements RoomSession {
  state: RoomState;
  error: RtcError | null = null;
  participants: Participant[];
  localStream: MediaStream | null;
  screenStream: MediaStream | null = null;
  activeSpeaker: Participant | null = null;
  /** Every call made to the session, in order: `['setMicrophoneEnabled', false]`, … */
  calls: unknown[][] = [];
  /** While `reconnecting`: the next try is always this many ms away (null: a try is under way). */
  retryIn: number | null = null;
  #devices: Partial<Record<DeviceKind, string>> = {};
  #replays = new Map<string, unknown[]>();
  #room: StaticRoom | null;
  #name: string;

  /**
   * `participants` (the local one among them) as they are; with `room`, the session is `idle` and
   * joins that room as `name` (its participant is made at the join, with `localStream`).
   */
  constructor(
    state: RoomState,
    participants: Participant[] = [],
    localStream: MediaStream | null = null,
    { room, name = '' }: { room?: StaticRoom; name?: string } = {},
  ) {
    super();
    this.state = state;
    this.participants = participants;
    this.localStream = localStream ?? participants.find((p) => p.local)?.stream ?? null;
    this.#room = room ?? null;
    this.#name = name;
  }

  get local(): Participant | null {
    return this.participants.find((p) => p.local) ?? null;
  }

  get remote(): ReadonlyMap<string, Participant> {
    return new Map(this.participants.filter((p) => !p.local).map((p) => [p.id, p]));
  }

  get joins(): number {
    return this.calls.filter(([name]) => name === 'join').length;
  }

  get leaves(): number {
    return this.calls.filter(([name]) => name === 'leave').length;
  }

  /** The participant called `name`. */
  person(name: string): Participant {
    const found = this.participants.find((p) => p.name === name);
    if (!found) throw new Error(`no one called ${name} in this session`);
    return found;
  }

  /**
   * Records the call. An `idle` session connects at once (pressing Join in a lobby); in a
   * `StaticRoom`, it enters the room: the others and it see each other join.
   */
  async join(): Promise<void> {
    this.calls.push(['join']);
    if (this.state !== 'idle' && this.state !== 'closed') return;
    if (!this.#room) return this.moveTo('connected');
    this.moveTo('connecting');
    await this.#room.enter(this, this.#name, this.localStream);
    this.moveTo('connected');
    this.emit('joined', { participant: this.local! });
  }

  leave(): void {
    this.calls.push(['leave']);
    if (!this.#room || this.state === 'idle' || this.state === 'closed') return;
    const gone = this.#room.leave(this);
    this.participants = [];
    this.#stopScreen();
    this.moveTo('closed');
    for (const participant of gone) this.emit('participant-left', { participant });
  }

  get nextRetryAt(): number | null {
    return this.state === 'reconnecting' && this.retryIn !== null ? Date.now() + this.retryIn : null;
  }

  retryNow(): void {
    this.calls.push(['retryNow']);
  }

  async setMicrophoneEnabled(on: boolean): Promise<void> {
    this.calls.push(['setMicrophoneEnabled', on]);
    this.#send('audio', on);
    this.#local({ audio: on });
  }

  async setCameraEnabled(on: boolean): Promise<void> {
    this.calls.push(['setCameraEnabled', on]);
    this.#send('video', on);
    this.#local({ video: on });
  }

  /** Shares a picture of a slide (in a `StaticRoom`: the others receive it). */
  async startScreenShare(): Promise<void> {
    this.calls.push(['startScreenShare']);
    if (this.#room && !this.screenStream) {
      this.screenStream = canvasStream('Screen', 30);
      updateParticipant(this.local!, { screenStream: this.screenStream });
      this.#room.share(this, this.screenStream);
    }
    this.#local({ screen: true });
  }

  stopScreenShare(): void {
    this.calls.push(['stopScreenShare']);
    this.#stopScreen();
    this.#local({ screen: false });
  }

  #stopScreen() {
    if (!this.#room || !this.screenStream) return;
    for (const track of this.screenStream.getTracks()) track.stop();
    this.screenStream = null;
    if (this.local) updateParticipant(this.local, { screenStream: null });
    this.#room.share(this, null);
  }

  async switchDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    this.calls.push(['switchDevice', kind, deviceId]);
    this.#devices[kind] = deviceId;
    this.emit('device', { kind, deviceId });
  }

  device(kind: DeviceKind): string | undefined {
    return this.#devices[kind];
  }

  setName(name: string): void {
    this.calls.push(['setName', name]);
    if (!isValidName(name)) throw new RtcError('invalid-name', 'Name must be at most 64 characters of display text');
    this.#name = name;
    const local = this.local;
    if (!local) return;
    updateParticipant(local, { name });
    this.emit('participant-updated', { participant: local });
    this.#room?.update(this, { name });
  }

  setState(patch: StatePatch): void {
    this.calls.push(['setState', patch]);
    this.#local(patch);
  }

  /** To everyone in its `StaticRoom`, or to one (`to`): a `message` event there, as `Room.send` gives. */
  send(data: unknown, options?: { to?: string }): void {
    this.calls.push(['send', data, options]);
    const text = encode(data);
    if (!this.#room) return;
    if (this.state !== 'connected' || !this.local)
      throw new RtcError('not-joined', 'Join the room before sending messages');
    const to = options?.to;
    if (to !== undefined && !this.remote.has(to)) throw new RtcError('unknown-peer', `No participant "${to}" here`);
    this.#room.deliver(this, text, to);
  }

  /** Moves to `state` (with `error` for `error`) and says so, as a room does. */
  moveTo(state: RoomState, error?: RtcError): void {
    this.state = state;
    this.error = error ?? null;
    this.emit('state', error ? { state, error } : { state });
  }

  /** Reports an error, as a room does (`fatal: false` for media problems). */
  report(error: RtcError, fatal = false): void {
    this.emit('error', { error, fatal });
  }

  /** A message from `from`, as a room reports one. */
  receive(from: Participant, data: unknown): void {
    this.emit('message', { from, data });
  }

  /** Makes `participant` the active speaker, as a room does when they speak loudest. */
  speak(participant: Participant | null): void {
    this.activeSpeaker = participant;
    this.emit('active-speaker', { participant });
  }

  /** Adds a participant, as a room does when someone joins. */
  add(participant: Participant): void {
    this.participants = [...this.participants, participant];
    this.emit('participant-joined', { participant });
  }

  /** Says that `participant` changed (its name, state or media), as a room does. */
  updated(participant: Participant): void {
    this.emit('participant-updated', { participant });
  }

  /** Removes a participant, as a room does when someone leaves. */
  remove(participant: Participant): void {
    this.participants = this.participants.filter((p) => p !== participant);
    this.emit('participant-left', { participant });
  }

  /**
   * Whoever listens to `type` from now on hears `details` at once (after the current task's
   * microtasks), as an element set to this session would have heard them while the call went on:
   * the media notices (`error`) or the chat said before (`message`) of a story.
   */
  replay<K extends 'error' | 'message'>(type: K, details: RoomEventMap[K]['detail'][]): void {
    this.#replays.set(type, details);
  }

  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void {
    super.addEventListener(type, listener, options);
    if (!listener) return;
    const signal = typeof options === 'object' ? options.signal : undefined;
    for (const detail of this.#replays.get(type) ?? []) {
      queueMicrotask(() => {
        if (signal?.aborted) return;
        const event = new CustomEvent(type, { detail });
        if (typeof listener === 'function') listener.call(this, event);
        else listener.handleEvent(event);
      });
    }
  }

  /** Sends (or stops sending) our track of `kind` to the others of the room. */
  #send(kind: 'audio' | 'video', on: boolean) {
    for (const track of this.localStream?.getTracks() ?? []) if (track.kind === kind) track.enabled = on;
    if (this.local) this.#room?.media(this, kind, on);
  }

  #local(patch: StatePatch) {
    const local = this.local;
    if (!local) return;
    const state: ParticipantState = {};
    for (const [key, value] of Object.entries({ ...local.state, ...patch }))
      if (value !== undefined) state[key] = value;
    if (!isValidState(state)) throw new RtcError('invalid-state', 'The state must be a JSON object of at most 1 KiB');
    updateParticipant(local, { state });
    this.emit('participant-updated', { participant: local });
    this.#room?.update(this, { state });
  }
}

/**
 * A live video track drawn on a canvas: a colour and initials, redrawn every frame; `still`: drawn
 * once (a picture whose movement nothing needs, as in the layout checks: six canvases redrawn
 * 15 times a second kept WebKitGTK's software renderer busy for seconds per layout).
 */
export function canvasStream(label: string, hue = 210, { width = 320, height = 180, still = false } = {}): MediaStream {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d')!;
  let frame = 0;
  const draw = () => {
    const gradient = context.createLinearGradient(0, 0, width, height);
    gradient.addColorStop(0, `hsl(${hue} 55% 42%)`);
    gradient.addColorStop(1, `hsl(${(hue + 40) % 360} 60% 28%)`);
    context.fillStyle = gradient;
    context.fillRect(0, 0, width, height);
    context.fillStyle = 'rgb(255 255 255 / 0.85)';
    // As large as fits: a quarter of the height, or less for a long label.
    context.font = `600 ${Math.round(height / 4)}px system-ui, sans-serif`;
    const fit = Math.min(1, (width * 0.8) / context.measureText(label).width);
    context.font = `600 ${Math.round((height / 4) * fit)}px system-ui, sans-serif`;
    context.textAlign = 'center';
    context.textBaseline = 'middle';
    context.fillText(label, width / 2, height / 2 + Math.sin(frame++ / 15) * 4);
  };
  draw();
  const stream = canvas.captureStream(15);
  const track = stream.getVideoTracks()[0]!;
  if (still) return stream;
  const timer = setInterval(() => (track.readyState === 'ended' ? clearInterval(timer) : draw()), 1000 / 15);
  return stream;
}
