/**
 * What the bot answers in the chat. The chat is the kit's: a message `{ type: 'chat', text, id, at }`
 * sent with `room.send()` (see `chatMessage` and `isChatMessage`), shown by every <rtc-chat>.
 */
export const HELP = '/help: this list. /who: who is here. /recording: what I record.';

/** The answer to `text` (a chat message's), or null when it is not a command. */
export function answer(text, { room, recordings }) {
  const command = text.trim().split(/\s+/)[0]?.toLowerCase();
  if (command === '/help') return HELP;
  if (command === '/who') {
    const names = room.participants.map((p) => (p.local ? `${p.name} (me)` : p.name || 'Guest'));
    return `Here: ${names.join(', ')}.`;
  }
  if (command === '/recording') {
    const now = recordings.list();
    if (!now.length) return 'I record everyone who sends audio and video; nobody yet.';
    return `Recording: ${now.map((r) => `${r.name || 'Guest'} (${r.seconds} s)`).join(', ')}.`;
  }
  return null;
}
