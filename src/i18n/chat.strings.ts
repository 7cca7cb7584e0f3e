import type { PluralStrings } from './strings.js';

/** `<rtc-chat>`: the message list, the form, its hints and limits. */
export interface ChatStrings {
  /** The chat's accessible name. */
  'chat.label': string;
  /** The message list's accessible name. */
  'chat.messages': string;
  /** Shown while there are no messages. */
  'chat.empty': string;
  'chat.empty.hint': string;
  /** The text field's accessible name and placeholder. */
  'chat.input': string;
  'chat.placeholder': string;
  /** How the text field works, for screen readers. */
  'chat.keys': string;
  'chat.send': string;
  /** Why the form cannot send yet. */
  'chat.not-joined': string;
  /** Near the limit of 4 KB per message: what is left, then by how much it is over. */
  'chat.remaining': PluralStrings;
  'chat.too-long': PluralStrings;
  'chat.send-failed': string;
  /** The pill that scrolls to messages that arrived while you read older ones. */
  'chat.new-messages': PluralStrings;
  /** What a screen reader hears when someone else's message arrives. */
  'chat.announce': string;
}

export const chatEn: ChatStrings = {
  'chat.label': 'Chat',
  'chat.messages': 'Messages',
  'chat.empty': 'No messages yet',
  'chat.empty.hint': 'Messages are seen by everyone in the call and are gone when it ends.',
  'chat.input': 'Message',
  'chat.placeholder': 'Send a message to everyone',
  'chat.keys': 'Enter sends, Shift+Enter starts a new line.',
  'chat.send': 'Send',
  'chat.not-joined': 'You can send messages once you have joined the call.',
  'chat.remaining': { one: '{count} byte left', other: '{count} bytes left' },
  'chat.too-long': {
    one: 'Too long by {count} byte: a message holds at most 4 KB.',
    other: 'Too long by {count} bytes: a message holds at most 4 KB.',
  },
  'chat.send-failed': 'The message could not be sent. Try again.',
  'chat.new-messages': { one: '{count} new message', other: '{count} new messages' },
  'chat.announce': '{name}: {text}',
};
