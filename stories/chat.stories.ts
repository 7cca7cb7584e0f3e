import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/components/chat/rtc-chat.js';
import type { RtcChat } from '../src/components/chat/chat.js';
import type { RoomState } from '../src/core/room-types.js';
import { customProperties, eventsOf } from './support/manifest.js';
import { StorySession } from './support/static-session.js';
import { eventually, untilState, within } from './support/wait.js';

interface ChatArgs {
  open: boolean;
}

type Said = { from: string; text: string }[];

/** A conversation: others' messages and yours, a long one, a link, and one written as HTML. */
const CONVERSATION: Said = [
  { from: 'Grace Hopper', text: 'Morning! Can everyone see the agenda?' },
  { from: 'Alan Turing', text: 'Yes. The draft is at https://example.com/agenda?week=12 if anyone needs it.' },
  { from: 'Ada Lovelace', text: 'Thanks, I have it.' },
  { from: 'Ada Lovelace', text: 'One thing before we start: the numbers on slide 4 are last quarter’s.' },
  {
    from: 'Grace Hopper',
    text:
      'Good catch. I will update them after the call. For the record, the plan is: review the ' +
      'open issues first, then the release date, then whoever still has questions about the ' +
      'new signaling server can stay on for ten more minutes and we go through the deployment ' +
      'notes together. Anything else, put it in the chat and I will pick it up at the end.',
  },
  { from: 'Alan Turing', text: '<b>Noted</b> <img src=x onerror="alert(1)"> — this shows as text, never as HTML.' },
];

/** The chat given a static session in `state` in which `said` was said already. */
function render(said: Said = [], state: RoomState = 'connected') {
  return (args: ChatArgs, { id }: { id: string }) => {
    const session = new StorySession({
      storyId: id,
      state,
      local: { name: 'Ada Lovelace' },
      remote: [{ name: 'Grace Hopper' }, { name: 'Alan Turing' }],
      chat: said,
    });
    return html`<rtc-chat style="max-width: 380px; ${customProperties(args)}" .session=${session} ?open=${args.open}></rtc-chat>`;
  };
}

/** Types `text` into the chat's field, as a person would. */
function type(chat: RtcChat, text: string) {
  const field = chat.shadowRoot?.querySelector('textarea');
  if (!field) throw new Error('the chat has no text field');
  field.value = text;
  field.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
}

const meta = {
  title: 'Elements/rtc-chat',
  component: 'rtc-chat',
  args: { open: true },
  parameters: { actions: { handles: eventsOf('rtc-chat') } },
  render: render(),
} satisfies Meta<ChatArgs>;
export default meta;
type Story = StoryObj<ChatArgs>;

/** No messages yet. Type one and press Enter: it shows as yours. */
export const Empty: Story = {
  async play({ canvasElement }) {
    const chat = within<RtcChat>(canvasElement, 'rtc-chat');
    await untilState(chat, 'joined');
    await untilState(chat, 'empty');
  },
};

/**
 * A conversation: others' messages under their names, yours at the end side, a long one that
 * wraps, a link that opens in a new tab, and one written as HTML that shows as text.
 */
export const Conversation: Story = {
  render: render(CONVERSATION),
  async play({ canvasElement }) {
    const chat = within<RtcChat>(canvasElement, 'rtc-chat');
    await eventually(() => {
      if (chat.messages.length !== CONVERSATION.length) throw new Error('the conversation has not arrived');
    });
  },
};

/** Not `open`: messages from others count as unread (`:state(unread)`, `rtc-unread-change`). */
export const Unread: Story = {
  name: 'Closed, with unread messages',
  args: { open: false },
  render: render(CONVERSATION.slice(0, 2)),
  async play({ canvasElement }) {
    await untilState(within(canvasElement, 'rtc-chat'), 'unread');
  },
};

/** Near the 4 KB limit, the field says how many bytes are left. */
export const NearTheLimit: Story = {
  name: 'Near the limit',
  async play({ canvasElement }) {
    const chat = within<RtcChat>(canvasElement, 'rtc-chat');
    await untilState(chat, 'joined');
    type(chat, 'All work and no play. '.repeat(170));
    await eventually(() => {
      if (!chat.shadowRoot?.querySelector('[part~=counter]')) throw new Error('no counter');
    });
  },
};

/** Over 4 KB: the field is marked invalid, says by how much, and the message cannot be sent. */
export const TooLong: Story = {
  name: 'Too long',
  async play({ canvasElement }) {
    const chat = within<RtcChat>(canvasElement, 'rtc-chat');
    await untilState(chat, 'joined');
    type(chat, 'All work and no play. '.repeat(200));
    await untilState(chat, 'too-long');
  },
};

/** Before the call is joined, the form says why it cannot send yet. */
export const NotJoined: Story = {
  name: 'Not joined yet',
  render: render([], 'connecting'),
  async play({ canvasElement }) {
    const chat = within<RtcChat>(canvasElement, 'rtc-chat');
    await eventually(() => {
      if (!chat.shadowRoot?.querySelector('[part~=hint]')) throw new Error('no hint');
    });
  },
};
