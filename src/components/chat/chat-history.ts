/** What `<rtc-chat>` keeps of a call's messages, and how it groups them for display. */
import { linkPieces, type TextPiece } from './links.js';

/** How many messages a chat keeps; older ones are dropped as new ones arrive. */
export const MAX_CHAT_HISTORY = 500;
/** Messages from one sender this close together share a header (name and time). */
const GROUP_GAP = 5 * 60_000;

/** One message in the history. */
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

/** A message as the chat shows it: a key of its own, and its text split into text and links. */
export interface ChatItem {
  readonly key: number;
  readonly entry: ChatEntry;
  readonly pieces: readonly TextPiece[];
}

/** Consecutive messages of one sender, shown under one name and time. */
export interface ChatGroup {
  readonly key: number;
  readonly first: ChatEntry;
  readonly items: ChatItem[];
}

/** A bounded list of messages, each with a key of its own and its text split into text and links once. */
export class ChatHistory {
  #items: ChatItem[] = [];
  #next = 0;
  /** Changes whenever the messages do. */
  version = 0;

  get entries(): readonly ChatEntry[] {
    return this.#items.map((item) => item.entry);
  }

  get size(): number {
    return this.#items.length;
  }

  add(entry: ChatEntry): void {
    this.version++;
    this.#items.push({ key: this.#next++, entry, pieces: linkPieces(entry.text) });
    if (this.#items.length > MAX_CHAT_HISTORY) this.#items.splice(0, this.#items.length - MAX_CHAT_HISTORY);
  }

  clear(): void {
    this.version++;
    this.#items = [];
  }

  /** The messages in groups: same sender (and name), each within five minutes of the one before. */
  groups(): ChatGroup[] {
    const groups: ChatGroup[] = [];
    let last: ChatEntry | undefined;
    for (const item of this.#items) {
      const { entry } = item;
      const same =
        last &&
        last.from === entry.from &&
        last.local === entry.local &&
        last.name === entry.name &&
        entry.received - last.received < GROUP_GAP;
      if (same) groups.at(-1)!.items.push(item);
      else groups.push({ key: item.key, first: entry, items: [item] });
      last = entry;
    }
    return groups;
  }
}
