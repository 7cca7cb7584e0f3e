/** A room's meeting state on one process (lock, hands, knocks). */
import type { Knock as KnockInfo } from '../src/core/protocol.js';
import type { Connection } from './connections.js';
import type { SharedKnock } from './rooms.js';
import type { Entry } from './sessions.js';

/** Someone in the waiting room: the join that waits. */
export interface Knock {
  id: string;
  entry: Entry;
}

export class MeetingRoom {
  /** No new joins (except hosts by token). */
  locked = false;
  /** Raised hands, first raised first. */
  hands: string[] = [];
  /** The waiting room, first come first. */
  knocks: Knock[] = [];
  /** The room's knocks on every process (Redis), as last read, and those gone from here since. */
  sharedKnocks: SharedKnock[] | undefined;
  readonly goneKnocks = new Set<string>();
  /** `--hosts first` across processes: the room's first host, wherever it is held. */
  firstHost: string | undefined;

  /** Lowers `id`'s hand in the order (its client lowers it in its state when asked). */
  lower(id: string): void {
    const index = this.hands.indexOf(id);
    if (index !== -1) this.hands.splice(index, 1);
  }

  /** Takes the knock `id` out of the waiting room: it, or nothing. */
  pick(id: string | undefined): Knock[] {
    const index = this.knocks.findIndex((knock) => knock.id === id);
    return index === -1 ? [] : this.knocks.splice(index, 1);
  }

  /** Takes the knock of `connection` out of the waiting room. */
  take(connection: Connection): Knock | undefined {
    const index = this.knocks.findIndex((knock) => knock.entry.connection === connection);
    return index === -1 ? undefined : this.knocks.splice(index, 1)[0];
  }

  /** The knocks as hosts see them. */
  knockList(): KnockInfo[] {
    return this.knocks.map((knock) => ({ id: knock.id, name: knock.entry.name }));
  }
}
