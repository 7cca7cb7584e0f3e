import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/components/controls/rtc-controls.js';
import type { RtcControls } from '../src/components/controls/controls.js';
import { customProperties, eventsOf } from './support/manifest.js';
import { type StaticPerson, StorySession, type StaticSessionOptions } from './support/static-session.js';
import { eventually, untilState, within } from './support/wait.js';

interface ControlsArgs {
  hide: string;
  chatOpen: boolean;
  settingsOpen: boolean;
  noShortcuts: boolean;
}

type SessionOptions = Omit<StaticSessionOptions, 'storyId'>;

/** In a call of two, as `you`. */
function inCall(you: Partial<StaticPerson> = {}, extra: Partial<SessionOptions> = {}): SessionOptions {
  return {
    state: 'connected',
    local: { name: 'Ada Lovelace', ...you },
    remote: [{ name: 'Grace Hopper' }],
    ...extra,
  };
}

/**
 * The bar given a static session made from `options`: its buttons follow your state there, and
 * pressing them changes it (the session records the calls, and the buttons follow).
 */
function render(options: SessionOptions) {
  return (args: ControlsArgs, { id }: { id: string }) => {
    const session = new StorySession({ storyId: id, ...options });
    return html`<rtc-controls style=${customProperties(args)} .session=${session} hide=${args.hide}
      ?chat-open=${args.chatOpen} ?settings-open=${args.settingsOpen} ?no-shortcuts=${args.noShortcuts}></rtc-controls>`;
  };
}

/** Waits for each of `states` (`:state(…)`) on the bar. */
function reaches(...states: string[]): Story['play'] {
  return async ({ canvasElement }) => {
    const controls = within<RtcControls>(canvasElement, 'rtc-controls');
    for (const state of states) await untilState(controls, state);
  };
}

/** Waits until the bar shows the buttons of a call (they are usable once you have joined). */
async function ready(canvasElement: HTMLElement): Promise<void> {
  const controls = within<RtcControls>(canvasElement, 'rtc-controls');
  await eventually(() => {
    if (!controls.shadowRoot?.querySelector('[data-button=microphone]:not([aria-disabled])')) {
      throw new Error('the microphone button never became usable');
    }
  });
}

const meta = {
  title: 'Elements/rtc-controls',
  component: 'rtc-controls',
  args: { hide: '', chatOpen: false, settingsOpen: false, noShortcuts: false },
  parameters: { actions: { handles: eventsOf('rtc-controls') } },
  render: render(inCall()),
} satisfies Meta<ControlsArgs>;
export default meta;
type Story = StoryObj<ControlsArgs>;

/**
 * In a call, microphone and camera on. Hover or focus a button for its tooltip and shortcut;
 * press them (or Ctrl+D, Ctrl+E, Ctrl+Alt+H) to change your state.
 */
export const Default: Story = {
  async play({ canvasElement }) {
    await ready(canvasElement);
  },
};

/** Your microphone is off: its button turns red and crossed out. */
export const MicrophoneOff: Story = {
  name: 'Microphone off',
  render: render(inCall({ muted: true })),
  play: reaches('muted'),
};

/** Your camera is off. */
export const CameraOff: Story = {
  name: 'Camera off',
  render: render(inCall({ video: false })),
  play: reaches('camera-off'),
};

/** You share your screen: the button is pressed, in the accent colour. */
export const Sharing: Story = {
  name: 'Sharing the screen',
  render: render(inCall({ screen: true })),
  play: reaches('sharing'),
};

/** Your hand is raised. */
export const HandRaised: Story = {
  name: 'Hand raised',
  render: render(inCall({ hand: true })),
  play: reaches('hand-raised'),
};

/** `chat-open`: the chat panel is open (the page shows it; the button says so). */
export const ChatOpen: Story = {
  name: 'Chat open',
  args: { chatOpen: true },
  async play({ canvasElement }) {
    await ready(canvasElement);
  },
};

/** Messages arrived while the chat was closed: the chat button counts them, and its name says how many. */
export const Unread: Story = {
  name: 'Unread messages',
  render: render(
    inCall(
      {},
      {
        remote: [{ name: 'Grace Hopper' }, { name: 'Alan Turing' }],
        chat: [
          { from: 'Grace Hopper', text: 'Can everyone see my screen?' },
          { from: 'Alan Turing', text: 'Yes, all good.' },
          { from: 'Grace Hopper', text: 'Great, let’s start.' },
        ],
      },
    ),
  ),
  play: reaches('unread'),
};

/** `hide="screen settings"`: only the buttons the page wants. */
export const Hide: Story = {
  name: 'Some buttons hidden',
  args: { hide: 'screen settings' },
  async play({ canvasElement }) {
    await ready(canvasElement);
  },
};

/** Before joining: the media and leave buttons wait for the call (chat and settings already work). */
export const BeforeJoining: Story = {
  name: 'Before joining',
  render: render({ state: 'idle' }),
};
