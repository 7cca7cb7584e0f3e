import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/components/participant/rtc-participant.js';
import type { RtcParticipant } from '../src/components/participant/participant.js';
import { customProperties, eventsOf } from './support/manifest.js';
import { type StaticPerson, storyParticipant } from './support/static-session.js';
import { untilState, within } from './support/wait.js';

interface ParticipantArgs {
  screen: boolean;
  pinned: boolean;
  noPin: boolean;
}

/**
 * One tile showing `person` (you, with `local`), as `<rtc-room>` shows each person. The pin
 * button shows on hover and keyboard focus (and stays while pinned).
 */
function render(person: StaticPerson, { local = false } = {}) {
  return (args: ParticipantArgs, { id }: { id: string }) => {
    const participant = storyParticipant(id, local ? 'local' : 'remote', person, { local, index: 1 });
    return html`<rtc-participant style="max-width: 480px; ${customProperties(args)}" .participant=${participant}
      ?screen=${args.screen} ?pinned=${args.pinned} ?no-pin=${args.noPin}></rtc-participant>`;
  };
}

/** Waits for the tile's picture to play, and for each of `states` (`:state(…)`) on the tile. */
function shows(...states: string[]): Story['play'] {
  return async ({ canvasElement }) => {
    const tile = within<RtcParticipant>(canvasElement, 'rtc-participant');
    await untilState(() => tile.shadowRoot?.querySelector('rtc-video'), 'playing');
    for (const state of states) await untilState(tile, state);
  };
}

/** Waits for each of `states` on the tile (its picture, if any, aside). */
function reaches(...states: string[]): Story['play'] {
  return async ({ canvasElement }) => {
    const tile = within<RtcParticipant>(canvasElement, 'rtc-participant');
    for (const state of states) await untilState(tile, state);
  };
}

const meta = {
  title: 'Elements/rtc-participant',
  component: 'rtc-participant',
  args: { screen: false, pinned: false, noPin: false },
  parameters: { actions: { handles: eventsOf('rtc-participant') } },
  render: render({ name: 'Grace Hopper' }),
} satisfies Meta<ParticipantArgs>;
export default meta;
type Story = StoryObj<ParticipantArgs>;

/** Someone else, camera on: their picture and name. Hover or focus the tile for the pin button. */
export const Video: Story = {
  play: shows(),
};

/** Camera off: their initials instead of a picture. */
export const CameraOff: Story = {
  name: 'Camera off (placeholder)',
  render: render({ name: 'Grace Hopper', video: false }),
  play: reaches('camera-off'),
};

/** Microphone off: the muted badge. */
export const Muted: Story = {
  render: render({ name: 'Grace Hopper', muted: true }),
  play: shows('muted'),
};

/** A raised hand: the hand badge. */
export const HandRaised: Story = {
  name: 'Hand raised',
  render: render({ name: 'Grace Hopper', hand: true }),
  play: shows('hand-raised'),
};

/** Speaking: the ring around the tile. */
export const Speaking: Story = {
  render: render({ name: 'Grace Hopper', speaking: true }),
  play: shows('speaking'),
};

/** The link to them is still being set up. */
export const Connecting: Story = {
  render: render({ name: 'Grace Hopper', video: false, connectionState: 'connecting' }),
  play: reaches('connecting'),
};

/** The link to them dropped and is being restored. */
export const Reconnecting: Story = {
  render: render({ name: 'Grace Hopper', connectionState: 'disconnected' }),
  play: reaches('connecting'),
};

/** The link to them failed. */
export const Failed: Story = {
  render: render({ name: 'Grace Hopper', video: false, connectionState: 'failed' }),
  play: reaches('connecting'),
};

/** `pinned`: the pin button stays, pressed (the room shows a pinned tile large). */
export const Pinned: Story = {
  args: { pinned: true },
  play: shows('pinned'),
};

/** Your own tile: mirrored, as people expect to see themselves, and labelled "(you)". */
export const You: Story = {
  name: 'Your own tile',
  render: render({ name: 'Ada Lovelace' }, { local: true }),
  play: shows('local'),
};

/** `screen`: the screen they share, whole (letterboxed), labelled as a presentation. */
export const SharedScreen: Story = {
  name: 'A shared screen',
  args: { screen: true },
  render: render({ name: 'Grace Hopper', screen: true }),
  play: shows('screen'),
};
