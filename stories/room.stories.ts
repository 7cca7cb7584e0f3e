import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing, type TemplateResult } from 'lit';
import '../src/components/room/rtc-room.js';
import { RtcError } from '../src/core/errors.js';
import { mediaError } from '../src/core/media.js';
import { customProperties, eventsOf } from './support/manifest.js';
import { StorySession, type StaticSessionOptions } from './support/static-session.js';
import { untilPart, untilState, within } from './support/wait.js';

interface RoomArgs {
  room: string;
  name: string;
  server: string;
  token: string;
}

type SessionOptions = Omit<StaticSessionOptions, 'storyId'>;

/**
 * Renders the element showing a static session made from `options` (none: the element on its
 * own), with `content` as its children.
 */
function render(options?: SessionOptions, content?: TemplateResult) {
  return (args: RoomArgs, { id }: { id: string }) => {
    const session = options ? new StorySession({ storyId: id, ...options }) : null;
    return html`<rtc-room style=${customProperties(args)} room=${args.room || nothing} name=${args.name || nothing} server=${args.server || nothing}
      token=${args.token || nothing} .session=${session}>${content ?? nothing}</rtc-room>`;
  };
}

/** The people of a grid: you, then the others. */
const PEOPLE = [
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

function people(count: number, extra: Partial<SessionOptions> = {}): SessionOptions {
  const [you, ...others] = PEOPLE.slice(0, count);
  return { state: 'connected', local: { name: you! }, remote: others.map((name) => ({ name })), ...extra };
}

function failed(error: RtcError): SessionOptions {
  return { state: 'error', error };
}

/** Waits for the element to show `state`. */
function reaches(state: string): Story['play'] {
  return async ({ canvasElement }) => untilState(within(canvasElement, 'rtc-room'), state);
}

const meta = {
  title: 'Elements/rtc-room',
  component: 'rtc-room',
  args: { room: 'design-review', name: 'Ada Lovelace', server: '', token: '' },
  parameters: {
    // Every rtc-* event the element documents shows in the Actions panel.
    actions: { handles: eventsOf('rtc-room') },
    layout: 'fullscreen',
  },
  render: render(people(2)),
} satisfies Meta<RoomArgs>;
export default meta;
type Story = StoryObj<RoomArgs>;

/** No `room` yet: the element waits. (Type a room in the controls to join it for real.) */
export const Idle: Story = {
  args: { room: '' },
  render: render(),
  play: reaches('idle'),
};

/** Getting the camera and joining. */
export const Connecting: Story = {
  render: render({ state: 'connecting' }),
  play: reaches('connecting'),
};

/** In the room, alone: waiting for others. */
export const ConnectedAlone: Story = {
  name: 'Connected, alone',
  render: render(people(1)),
  play: reaches('connected'),
};

/** Two people: side by side. */
export const TwoPeople: Story = {
  name: '2 people',
  play: reaches('connected'),
};

/** Four people in a 2 × 2 grid; one has the camera off (initials). */
export const FourPeople: Story = {
  name: '4 people',
  render: render({
    ...people(4),
    remote: [{ name: 'Grace Hopper' }, { name: 'Alan Turing', video: false }, { name: 'Katherine Johnson' }],
  }),
  play: reaches('connected'),
};

/** Nine people in a 3 × 3 grid; one still connecting, one with the camera off. */
export const NinePeople: Story = {
  name: '9 people',
  render: render(
    people(9, {
      remote: PEOPLE.slice(1).map((name, i) => ({
        name,
        ...(i === 3 && { video: false }),
        ...(i === 6 && { connectionState: 'connecting' as const }),
      })),
    }),
  ),
  play: reaches('connected'),
};

/** The signaling connection dropped and is resuming; one peer connection is reconnecting too. */
export const Reconnecting: Story = {
  render: render(
    people(3, {
      state: 'reconnecting',
      remote: [{ name: 'Grace Hopper' }, { name: 'Alan Turing', connectionState: 'disconnected' }],
    }),
  ),
  play: reaches('reconnecting'),
};

/** The room name is not 1 to 64 of `A-Z a-z 0-9 . _ -`: the element's own check, no session. */
export const ErrorInvalidRoom: Story = {
  name: 'Error: invalid-room',
  args: { room: 'design review!' },
  render: render(),
  play: reaches('error'),
};

/** The name is not valid display text (here, too long): the element's own check, no session. */
export const ErrorInvalidName: Story = {
  name: 'Error: invalid-name',
  args: { name: 'A name far longer than the sixty-four characters a display name may have' },
  render: render(),
  play: reaches('error'),
};

export const ErrorServerUnreachable: Story = {
  name: 'Error: server-unreachable',
  render: render(
    failed(
      new RtcError(
        'server-unreachable',
        'The signaling server at wss://rtc.example.com/signal could not be reached (close 1006)',
      ),
    ),
  ),
  play: reaches('error'),
};

export const ErrorConnectionLost: Story = {
  name: 'Error: connection-lost',
  render: render(
    failed(new RtcError('connection-lost', 'The connection to the signaling server was lost and could not be resumed')),
  ),
  play: reaches('error'),
};

export const ErrorRoomFull: Story = {
  name: 'Error: room-full',
  render: render(failed(new RtcError('room-full', 'room has 32 peers already'))),
  play: reaches('error'),
};

export const ErrorUnauthorized: Story = {
  name: 'Error: unauthorized',
  render: render(failed(new RtcError('unauthorized', 'the token has expired'))),
  play: reaches('error'),
};

/** The browser has no WebRTC: nothing to try again, so no "Try again" button. */
export const ErrorWebrtcUnsupported: Story = {
  name: 'Error: webrtc-unsupported',
  render: render(
    failed(
      new RtcError(
        'webrtc-unsupported',
        'No RTCPeerConnection in this browser: WebRTC is not built in, or is turned off',
      ),
    ),
  ),
  play: reaches('error'),
};

/** Any other code gets the generic title (here the server spoke another protocol). */
export const ErrorOther: Story = {
  name: 'Error: any other code',
  render: render(
    failed(new RtcError('protocol-violation', 'The server sent a frame that is not a protocol v1 message')),
  ),
  play: reaches('error'),
};

/** The camera was refused: the room goes on with the microphone, and says so. */
export const CameraRefused: Story = {
  name: 'Notice: camera refused',
  render: render(
    people(2, {
      notices: [mediaError(new DOMException('Permission denied', 'NotAllowedError'), ['camera'])],
      localMedia: { video: false, audio: true },
    }),
  ),
  async play({ canvasElement }) {
    const room = within(canvasElement, 'rtc-room');
    await untilState(room, 'connected');
    await untilPart(room, 'notice');
  },
};

/** No camera or microphone could be started: the room goes on, receive-only. */
export const NoDevices: Story = {
  name: 'Notice: no camera or microphone',
  render: render(
    people(2, {
      notices: [mediaError(new DOMException('Requested device not found', 'NotFoundError'), ['camera', 'microphone'])],
      localMedia: { video: false, audio: false },
    }),
  ),
  play: CameraRefused.play,
};

/** The `start` and `end` slots hold the page's controls; the default slot goes under the grid. */
export const Slots: Story = {
  render: render(
    people(2),
    html`<strong slot="start">Design review</strong>
      <button slot="end" type="button">Leave</button>
      <p style="margin: 0">Shared notes: <a href="#notes">the agenda</a></p>`,
  ),
  play: reaches('connected'),
};
