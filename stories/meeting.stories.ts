import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/components/room/rtc-room.js';
import type { MeetingServerMessage, MeetingState } from '../src/core/protocol.js';
import { RtcError } from '../src/core/errors.js';
import { PEOPLE } from '../test/browser/static-session.js';
import { StorySession, type StaticSessionOptions } from './support/static-session.js';
import { untilPart, untilState, within } from './support/wait.js';

/**
 * Protocol 1.2's meetings in `<rtc-room>` (a server with hosts, a waiting room, hands and
 * reactions): what a host sees, what a newcomer waiting to be let in sees, and a newcomer a host
 * turned away. The stories' sessions are static: the buttons ask nothing of a server here.
 */
const meta = {
  title: 'Elements/rtc-room/Meeting',
  component: 'rtc-room',
  parameters: { layout: 'fullscreen' },
} satisfies Meta;
export default meta;
type Story = StoryObj;

/** A static session with a meeting state (made from its participants' ids) and messages heard after it showed. */
function render(
  options: Omit<StaticSessionOptions, 'storyId'>,
  meeting?: (ids: string[]) => MeetingState,
  heard: (ids: string[]) => MeetingServerMessage[] = () => [],
) {
  return (_args: unknown, { id }: { id: string }) => {
    const session = new StorySession({ storyId: id, ...options });
    const ids = session.participants.map((p) => p.id);
    if (meeting) Object.defineProperty(session, 'meeting', { value: meeting(ids) });
    // What the server says once the room shows (a `waiting`, a reaction).
    setTimeout(() => {
      for (const detail of heard(ids)) session.dispatchEvent(new CustomEvent('meeting', { detail }));
    }, 100);
    return html`<rtc-room room="design-review" .session=${session}></rtc-room>`;
  };
}

/**
 * You are the host: a reaction on Grace's tile, two hands in the order they went up (on the
 * tiles and in the list, with Next and Lower all), someone knocking, and each person's controls.
 */
export const Host: Story = {
  render: render(
    {
      state: 'connected',
      local: { name: PEOPLE[0]! },
      remote: [{ name: PEOPLE[1]!, hand: true }, { name: PEOPLE[2]! }, { name: PEOPLE[3]!, hand: true }],
    },
    ([you, first, , second]) => ({
      hosts: [you!],
      locked: false,
      hands: [second!, first!],
      knocks: [{ id: 'knock-1', name: 'Katherine Johnson' }],
    }),
    ([, first]) => [{ type: 'reaction', from: first!, data: { emoji: '🎉' } }],
  ),
  play: async ({ canvasElement }) => {
    const room = within(canvasElement, 'rtc-room');
    await untilPart(room, 'knocks');
    await untilPart(room, 'reaction');
  },
};

/** A waiting room holds you: "Waiting for a host to let you in…". */
export const Waiting: Story = {
  render: render({ state: 'connecting' }, undefined, () => [{ type: 'waiting', data: { room: 'design-review' } }]),
  play: async ({ canvasElement }) => untilPart(within(canvasElement, 'rtc-room'), 'waiting'),
};

/** A host did not let you in. */
export const Denied: Story = {
  render: render({ state: 'error', error: new RtcError('denied', 'a host did not let you in') }),
  play: async ({ canvasElement }) => untilState(within(canvasElement, 'rtc-room'), 'error'),
};
