/**
 * A session that stays where it is put: fixed state, participants and streams, no network. It
 * implements the `RoomSession` interface `<rtc-room>` renders from, so tests (and stories) can
 * show the element in any state. Streams come from a canvas, so no camera is needed.
 */
import type { RtcError } from '../../src/core/errors.js';
import { Participant } from '../../src/core/participant.js';
import type { RoomEventMap, RoomSession, RoomState } from '../../src/core/room.js';
import { TypedEventTarget } from '../../src/core/typed-event-target.js';

/** A participant whose connection state is given, not read from a peer connection. */
export class StaticParticipant extends Participant {
  constructor(
    id: string,
    name: string,
    local: boolean,
    stream: MediaStream | null,
    readonly fixedState: RTCPeerConnectionState = 'connected',
  ) {
    super(id, name, local, stream);
  }

  override get connectionState(): RTCPeerConnectionState {
    return this.local ? 'connected' : this.fixedState;
  }
}

export class StaticSession extends TypedEventTarget<RoomEventMap> implements RoomSession {
  state: RoomState;
  error: RtcError | null = null;
  participants: StaticParticipant[];
  localStream: MediaStream | null;
  joins = 0;
  leaves = 0;

  constructor(state: RoomState, participants: StaticParticipant[] = [], localStream: MediaStream | null = null) {
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

  async join(): Promise<void> {
    this.joins++;
  }

  leave(): void {
    this.leaves++;
  }

  /** Moves to `state` (with `error` for `error`) and says so, as a room does. */
  setState(state: RoomState, error?: RtcError): void {
    this.state = state;
    this.error = error ?? null;
    this.emit('state', error ? { state, error } : { state });
  }

  /** Reports an error, as a room does (`fatal: false` for media problems). */
  report(error: RtcError, fatal = false): void {
    this.emit('error', { error, fatal });
  }

  /** Adds a participant, as a room does when someone joins. */
  add(participant: StaticParticipant): void {
    this.participants = [...this.participants, participant];
    this.emit('participant-joined', { participant });
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
    context.font = `600 ${Math.round(height / 4)}px system-ui, sans-serif`;
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
