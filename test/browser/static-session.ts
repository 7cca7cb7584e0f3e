/**
 * A session that stays where it is put: fixed state, participants and streams, no network. It
 * implements the `RoomSession` interface the elements render from, so tests (and stories) can
 * show them in any state; the call controls record what they were asked to do.
 */
import type { RtcError } from '../../src/core/errors.js';
import type { DeviceKind } from '../../src/core/local-tracks.js';
import { Participant, type ParticipantPatch, updateParticipant } from '../../src/core/participant.js';
import type { ParticipantState } from '../../src/core/protocol.js';
import type { RoomEventMap, RoomSession, RoomState, StatePatch } from '../../src/core/room-types.js';
import type { ParticipantTransport } from '../../src/core/participant.js';
import { TypedEventTarget } from '../../src/core/typed-event-target.js';

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

export class StaticSession extends TypedEventTarget<RoomEventMap> implements RoomSession {
  state: RoomState;
  error: RtcError | null = null;
  participants: Participant[];
  localStream: MediaStream | null;
  screenStream: MediaStream | null = null;
  activeSpeaker: Participant | null = null;
  /** Every call made to the session, in order: `['setMicrophoneEnabled', false]`, … */
  calls: unknown[][] = [];
  #devices: Partial<Record<DeviceKind, string>> = {};

  constructor(state: RoomState, participants: Participant[] = [], localStream: MediaStream | null = null) {
    super();
    this.state = state;
    this.participants = participants;
    this.localStream = localStream ?? participants.find((p) => p.local)?.stream ?? null;
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

  async join(): Promise<void> {
    this.calls.push(['join']);
  }

  leave(): void {
    this.calls.push(['leave']);
  }

  /** While `reconnecting`: the next try is always this many ms away (null: a try is under way). */
  retryIn: number | null = null;

  get nextRetryAt(): number | null {
    return this.state === 'reconnecting' && this.retryIn !== null ? Date.now() + this.retryIn : null;
  }

  retryNow(): void {
    this.calls.push(['retryNow']);
  }

  async setMicrophoneEnabled(on: boolean): Promise<void> {
    this.calls.push(['setMicrophoneEnabled', on]);
    this.#local({ audio: on });
  }

  async setCameraEnabled(on: boolean): Promise<void> {
    this.calls.push(['setCameraEnabled', on]);
    this.#local({ video: on });
  }

  async startScreenShare(): Promise<void> {
    this.calls.push(['startScreenShare']);
    this.#local({ screen: true });
  }

  stopScreenShare(): void {
    this.calls.push(['stopScreenShare']);
    this.#local({ screen: false });
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
    const local = this.local;
    if (local) updateParticipant(local, { name });
  }

  setState(patch: StatePatch): void {
    this.calls.push(['setState', patch]);
    this.#local(patch);
  }

  send(data: unknown, options?: { to?: string }): void {
    this.calls.push(['send', data, options]);
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

  #local(patch: StatePatch) {
    const local = this.local;
    if (!local) return;
    const state: ParticipantState = {};
    for (const [key, value] of Object.entries({ ...local.state, ...patch }))
      if (value !== undefined) state[key] = value;
    updateParticipant(local, { state });
    this.emit('participant-updated', { participant: local });
  }
}

/** A live video track drawn on a canvas: a colour and initials, redrawn every frame. */
export function canvasStream(label: string, hue = 210, { width = 320, height = 180 } = {}): MediaStream {
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
  const timer = setInterval(() => (track.readyState === 'ended' ? clearInterval(timer) : draw()), 1000 / 15);
  return stream;
}
