import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing, type TemplateResult } from 'lit';
import '../src/components/room/rtc-room.js';
import { RtcError } from '../src/core/errors.js';
import { mediaError } from '../src/core/media.js';
import { customProperties, eventsOf } from './support/manifest.js';
import { PEOPLE } from '../test/browser/static-session.js';
import { StorySession, type StaticSessionOptions } from './support/static-session.js';
import { eventually, press, untilPanel, untilPart, untilState, within } from './support/wait.js';

interface RoomArgs {
  room: string;
  name: string;
  server: string;
  token: string;
  layout: 'grid' | 'speaker';
  lobby: boolean;
  noControls: boolean;
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
      token=${args.token || nothing} layout=${args.layout} ?lobby=${args.lobby} ?no-controls=${args.noControls}
      .session=${session}>${content ?? nothing}</rtc-room>`;
  };
}

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
  args: {
    room: 'design-review',
    name: 'Ada Lovelace',
    server: '',
    token: '',
    layout: 'grid',
    lobby: false,
    noControls: false,
  },
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

/**
 * The signaling connection dropped (the call goes on, peer to peer): the room says when it tries
 * again and offers "Retry now"; one peer connection is reconnecting too.
 */
export const Reconnecting: Story = {
  render: render(
    people(3, {
      state: 'reconnecting',
      retryIn: 3_000,
      remote: [{ name: 'Grace Hopper' }, { name: 'Alan Turing', connectionState: 'disconnected' }],
    }),
  ),
  play: async ({ canvasElement }) => {
    const room = within(canvasElement, 'rtc-room');
    await untilState(room, 'reconnecting');
    await untilPart(room, 'retry-now');
  },
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

/** A session that failed with `code`: the room shows the error and, where it helps, "Try again". */
function errorStory(code: ConstructorParameters<typeof RtcError>[0], message: string, name = `Error: ${code}`): Story {
  return { name, render: render(failed(new RtcError(code, message))), play: reaches('error') };
}

export const ErrorServerUnreachable = errorStory(
  'server-unreachable',
  'The signaling server at wss://rtc.example.com/signal could not be reached (close 1006)',
);

export const ErrorConnectionLost = errorStory(
  'connection-lost',
  'The connection to the signaling server was lost and could not be resumed',
);

export const ErrorRoomFull = errorStory('room-full', 'room has 32 peers already');

export const ErrorUnauthorized = errorStory('unauthorized', 'the token has expired');

/** The browser has no WebRTC: nothing to try again, so no "Try again" button. */
export const ErrorWebrtcUnsupported = errorStory(
  'webrtc-unsupported',
  'No RTCPeerConnection in this browser: WebRTC is not built in, or is turned off',
);

/** Any other code gets the generic title (here the server spoke another protocol). */
export const ErrorOther = errorStory(
  'protocol-violation',
  'The server sent a frame that is not a protocol v1 message',
  'Error: any other code',
);

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

/** The camera is busy (another app has it) and the microphone stopped mid-call: each with "Try again". */
export const DevicesBusyAndLost: Story = {
  name: 'Notice: camera busy, microphone lost',
  render: render(
    people(2, {
      notices: [
        mediaError(new DOMException('Could not start video source', 'NotReadableError'), ['camera']),
        new RtcError('device-lost', 'The microphone stopped and no other microphone could take over', {
          devices: ['microphone'],
        }),
      ],
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

/** Waits for the room to be connected with one tile large (a screen, a pinned tile, the speaker). */
const focused: Story['play'] = async ({ canvasElement }) => {
  const room = within(canvasElement, 'rtc-room');
  await untilState(room, 'connected');
  await untilState(room, 'focus');
};

/**
 * `lobby`: before joining, a preview of your camera (here the session's own picture), your
 * devices, your name and a Join button. Press Join: the call starts.
 */
export const Lobby: Story = {
  args: { lobby: true },
  render: render({ state: 'idle', local: { name: 'Ada Lovelace' }, remote: [{ name: 'Grace Hopper' }] }),
  play: reaches('lobby'),
};

/**
 * Three people: two tiles above, the third centred below (no blank quarter). Grace has raised
 * her hand and Alan's microphone is off; hover a tile for its pin button.
 */
export const ThreePeople: Story = {
  name: '3 people',
  render: render(
    people(3, {
      remote: [
        { name: 'Grace Hopper', hand: true },
        { name: 'Alan Turing', muted: true },
      ],
    }),
  ),
  play: reaches('connected'),
};

/** Someone shares a screen: it is shown large, whole, with everyone's camera in a strip. */
export const Presenting: Story = {
  name: 'Someone presents',
  render: render(
    people(4, {
      remote: [
        { name: 'Grace Hopper', screen: true, speaking: true },
        { name: 'Alan Turing' },
        { name: 'Katherine Johnson', muted: true },
      ],
    }),
  ),
  play: focused,
};

/** `layout="speaker"`: the person speaking is shown large, with a ring; the others in a strip. */
export const SpeakerLayout: Story = {
  name: 'Speaker layout',
  args: { layout: 'speaker' },
  render: render(
    people(4, {
      remote: [{ name: 'Grace Hopper' }, { name: 'Alan Turing', speaking: true }, { name: 'Katherine Johnson' }],
      activeSpeaker: 'Alan Turing',
    }),
  ),
  play: focused,
};

/** A pinned tile (its pin button pressed) is shown large, whoever speaks. */
export const Pinned: Story = {
  name: 'A pinned tile',
  render: render(people(4)),
  async play(context) {
    const room = within(context.canvasElement, 'rtc-room');
    await untilState(room, 'connected');
    await eventually(() => {
      const tile = room.shadowRoot?.querySelector('rtc-participant[data-participant="remote-1"]');
      const pin = tile?.shadowRoot?.querySelector<HTMLButtonElement>('[part=pin]');
      if (!pin) throw new Error('no pin button on Alan’s tile');
      pin.click();
    });
    await focused(context);
  },
};

/** The chat panel, opened from the control bar: the conversation so far, and a field to write. */
export const ChatPanel: Story = {
  name: 'Chat panel open',
  render: render(
    people(3, {
      chat: [
        { from: 'Grace Hopper', text: 'The agenda: https://example.com/agenda' },
        { from: 'Ada Lovelace', text: 'Thanks! Starting with item 2?' },
        { from: 'Alan Turing', text: 'Fine by me.' },
      ],
    }),
  ),
  async play({ canvasElement }) {
    const room = within(canvasElement, 'rtc-room');
    await untilState(room, 'connected');
    await press(room, 'chat');
    await untilPanel(room, 'chat');
  },
};

/** The device settings, opened from the control bar: they switch the call's camera, microphone and speaker. */
export const SettingsPanel: Story = {
  name: 'Settings panel open',
  render: render(people(2)),
  async play({ canvasElement }) {
    const room = within(canvasElement, 'rtc-room');
    await untilState(room, 'connected');
    await press(room, 'settings');
    await untilPanel(room, 'settings');
  },
};

/** A phone held upright (a 360 × 640 container): one column of tiles, the control bar on one row. */
export const Phone: Story = {
  name: 'Narrow (phone, portrait)',
  render: (args, context) =>
    html`<div style="inline-size: 360px; block-size: 640px; display: grid">
      ${render(
        people(3, {
          remote: [{ name: 'Grace Hopper' }, { name: 'Alan Turing', muted: true }],
          chat: [{ from: 'Grace Hopper', text: 'Joining from my phone today.' }],
        }),
      )(args, context)}
    </div>`,
  play: reaches('connected'),
  parameters: { layout: 'centered' },
};

/** On a phone the chat covers the stage (its close button, or Escape, brings the call back). */
export const PhoneChat: Story = {
  ...Phone,
  name: 'Narrow, chat open',
  async play({ canvasElement }) {
    const room = within(canvasElement, 'rtc-room');
    await untilState(room, 'connected');
    await press(room, 'chat');
    await untilPanel(room, 'chat');
  },
};
