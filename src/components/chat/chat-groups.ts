/** How `<rtc-chat>` groups a chat log's messages for display. */
import type { ChatEntry } from '../../core/chat-log.js';

/** Messages from one sender this close together share a header (name and time). */
const GROUP_GAP = 5 * 60_000;

/** Consecutive messages of one sender, shown under one name and time. */
export interface ChatGroup {
  readonly first: ChatEntry;
  readonly entries: ChatEntry[];
}

/** `entries` in groups: same sender (and name), each within five minutes of the one before. */
export function chatGroups(entries: readonly ChatEntry[]): ChatGroup[] {
  const groups: ChatGroup[] = [];
  let last: ChatEntry | undefined;
  for (const entry of entries) {
    const same =
      last &&
      last.from === entry.from &&
      last.local === entry.local &&
      last.name === entry.name &&
      entry.received - last.received < GROUP_GAP;
    if (same) groups.at(-1)!.entries.push(entry);
    else groups.push({ first: entry, entries: [entry] });
    last = entry;
  }
  return groups;
}
