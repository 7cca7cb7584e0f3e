/**
 * A chat message as it travels between pages: the `data` of `Room.send()` (and of the `message`
 * event at the other side). `<rtc-chat>` sends and shows them; `<rtc-controls>` counts the ones
 * that arrive while the chat is closed. Anything else sent through the room is not chat.
 */
export interface ChatMessage {
  type: 'chat';
  /** The message, plain text: shown as text, never as HTML. */
  text: string;
  /** Unique per message (e.g. `crypto.randomUUID()`), so a message is shown once. */
  id: string;
  /** When it was written: milliseconds since the epoch, on the writer's clock. */
  at: number;
}

/** True when `data` (a received message) is a chat message. */
export function isChatMessage(data: unknown): data is ChatMessage {
  if (typeof data !== 'object' || data === null) return false;
  const message = data as Partial<ChatMessage>;
  return (
    message.type === 'chat' &&
    typeof message.text === 'string' &&
    typeof message.id === 'string' &&
    typeof message.at === 'number' &&
    Number.isFinite(message.at)
  );
}
