import { type ChatMessage, chatMessage, isChatMessage } from './chat-message.js';
import type { RoomEventMap, RoomSession } from './room-types.js';
import { TypedEventTarget } from './typed-event-target.js';

/** How many messages a chat log keeps; older ones are dropped as new ones arrive. */
export const MAX_CHAT_HISTORY = 500;

/** One message in the log. */
export interface ChatEntry {
  /** The message's id, as its sender made it. */
  readonly id: string;
  /** The sender's participant id. */
  readonly from: string;
  /** The sender's name when the message arrived ('' when they had none). */
  readonly name: string;
  /** True for the messages you sent. */
  readonly local: boolean;
  /** The text, trimmed. */
  readonly text: string;
  /** When the sender wrote it (their clock). */
  readonly at: number;
  /** When it arrived here (or was sent from here): what the time stamps show. */
  readonly received: number;
}

export interface ChatLogEventMap {
  /** A message arrived or was sent (`entry`); `entry` null: a new call began, and the log is empty. */
  message: CustomEvent<{ entry: ChatEntry | null }>;
  /** `unread` changed. */
  unread: CustomEvent<{ unread: number }>;
}

/** What a log needs of its session: its `message` and `joined` events, `send()` and `local`. */
export type ChatSession = Pick<RoomSession, 'addEventListener' | 'send' | 'local'>;

/**
 * A session's chat: the messages of the chat shape (`isChatMessage`) as they arrive through its
 * `message` events and as they are sent from here (the newest {@link MAX_CHAT_HISTORY}), and how
 * many from others nobody has seen (`unread`). A new call (the session's `joined`) starts it
 * again. Framework-free; {@link sharedChatLog} gives the one the elements share, so that a chat
 * opened late shows what came before and every element counts the same unread messages.
 */
export class ChatLog extends TypedEventTarget<ChatLogEventMap> {
  #session: ChatSession;
  #messages: readonly ChatEntry[] = [];
  #unread = 0;
  /** Whether each view shows the messages now (see `addView`). */
  #views = new Set<() => boolean>();

  constructor(session: ChatSession) {
    super();
    this.#session = session;
    session.addEventListener('message', ({ detail: { from, data } }: RoomEventMap['message']) => {
      if (!isChatMessage(data)) return;
      this.#add(data, from);
      if (!from.local && ![...this.#views].some((showing) => showing())) this.#setUnread(this.#unread + 1);
    });
    session.addEventListener('joined', () => {
      this.#messages = [];
      this.emit('message', { entry: null });
      this.#setUnread(0);
    });
  }

  /** The messages, oldest first; a new array each time one comes (or the log starts again). */
  get messages(): readonly ChatEntry[] {
    return this.#messages;
  }

  /** Messages from others that arrived while no view showed them. */
  get unread(): number {
    return this.#unread;
  }

  /** Marks every message seen: `unread` back to 0. */
  read(): void {
    this.#setUnread(0);
  }

  /**
   * Adds a view of the messages (a chat, a control bar's chat button): while `showing()` says it
   * shows them (an open chat), those that arrive are read at once. Returns what removes it.
   */
  addView(showing: () => boolean): () => void {
    this.#views.add(showing);
    return () => this.#views.delete(showing);
  }

  /**
   * Sends `typed` to everyone as a chat message (`chatMessage`: trimmed, at most 4 KB of UTF-8)
   * and keeps it. Throws as `chatMessage` and the session's `send()` do.
   */
  send(typed: string): ChatEntry {
    const message = chatMessage(typed);
    this.#session.send(message);
    const local = this.#session.local;
    return this.#add(message, { id: local?.id ?? '', name: local?.name ?? '', local: true });
  }

  #add({ id, text, at }: ChatMessage, from: { id: string; name: string; local: boolean }): ChatEntry {
    const entry = {
      id,
      from: from.id,
      name: from.name,
      local: from.local,
      text: text.trim(),
      at,
      received: Date.now(),
    };
    this.#messages = [...this.#messages, entry].slice(-MAX_CHAT_HISTORY);
    this.emit('message', { entry });
    return entry;
  }

  #setUnread(unread: number) {
    if (unread === this.#unread) return;
    this.#unread = unread;
    this.emit('unread', { unread });
  }
}

const shared = new WeakMap<object, ChatLog>();

/** The one chat log of `session` that the elements share (created on first use). */
export function sharedChatLog(session: ChatSession): ChatLog {
  let log = shared.get(session);
  if (!log) {
    log = new ChatLog(session);
    shared.set(session, log);
  }
  return log;
}
