/**
 * The meeting state that every process of a Redis cluster shares (protocol 1.2, `meeting.ts`):
 * - the lock of a room: field `locked` of `<prefix>meet:<room>`, which the leave and sweep
 *   scripts delete with the room's last member (the room's meeting ends with it);
 * - bans: `<prefix>ban:<room>:<token hash>`, with the ban's TTL;
 * - the waiting room: `<prefix>knocks:<room>`, knock id -> `{ n: name, node, at }` (the knocks of
 *   a dead process go when read);
 * - `--hosts first`: the room's first host, field `first` of `<prefix>meet:<room>`, taken
 *   atomically (by a member, when the room has none that is a member);
 * - notes to the processes of a room, on their channels (`<prefix>to:<node>`, as JSON, beside the
 *   room events): the lock changed (to every process with members there), remove a peer (to the
 *   process that holds it), the call ended (to every other process with members or knocks there), who is
 *   the first host now, or that nobody is.
 */
import type { Redis } from 'ioredis';
import type { ScriptCaller } from './redis-scripts.js';
import type { MeetingNote, SharedAdmission, SharedKnock, SharedMeetings } from './rooms.js';

/** A note on a process's channel: `r` the room, `from` the sending process. */
export type MeetingEvent = { t: 'n'; r: string; from: string } & MeetingNote;

/** What {@link RedisMeetings} needs of its `RedisRooms`. */
export interface MeetingsContext {
  redis: Redis;
  key(kind: string, name: string): string;
  /** `<prefix>to:`, the channel prefix of processes. */
  toPrefix: string;
  /** This process. */
  node: string;
  /** The process that holds member `id` of `room`, as this process's copy of the room says. */
  nodeOf(room: string, id: string): string | undefined;
}

/** The shared meeting state in Redis (`RedisRooms.meetings()`). */
export class RedisMeetings implements SharedMeetings {
  constructor(private readonly context: MeetingsContext) {}

  /**
   * Redis, failing at once while it is unreachable (as a join does: refused at once, to be tried
   * again, rather than after the client's retries).
   */
  private get redis(): Redis {
    if (this.context.redis.status !== 'ready') throw new Error('redis is not connected');
    return this.context.redis;
  }

  private get scripts(): ScriptCaller {
    return this.redis as unknown as ScriptCaller;
  }

  private note(room: string, note: MeetingNote): string {
    const event: MeetingEvent = { t: 'n', r: room, from: this.context.node, ...note };
    return JSON.stringify(event);
  }

  async admission(room: string, tokenHash: string | undefined): Promise<SharedAdmission> {
    const { key } = this.context;
    const [locked, banned, first] = (await this.scripts.rtcAdmission(
      key('meet', room),
      key('room', room),
      key('ban', `${room}:${tokenHash ?? ''}`),
    )) as [number, number, string];
    return { locked: locked === 1, banned: tokenHash !== undefined && banned === 1, first: first || undefined };
  }

  async lock(room: string, locked: boolean): Promise<void> {
    const { key, toPrefix } = this.context;
    await this.scripts.rtcLock(
      key('meet', room),
      key('rn', room),
      key('room', room),
      locked ? '1' : '',
      toPrefix,
      this.note(room, { a: 'lock', locked }),
    );
  }

  async ban(room: string, tokenHash: string, ms: number): Promise<void> {
    await this.redis.set(this.context.key('ban', `${room}:${tokenHash}`), '1', 'PX', Math.max(1, ms));
  }

  async remove(room: string, id: string, by: string): Promise<boolean> {
    const node = this.context.nodeOf(room, id);
    if (node === undefined) return false;
    await this.redis.publish(`${this.context.toPrefix}${node}`, this.note(room, { a: 'remove', id, by }));
    return true;
  }

  async claimHost(room: string, id: string | undefined, from?: string): Promise<string | undefined> {
    const { key, toPrefix } = this.context;
    const first = await this.scripts.rtcHost(
      key('meet', room),
      key('room', room),
      key('rn', room),
      id ?? '',
      from ?? '',
      toPrefix,
      this.note(room, { a: 'host', id: id ?? '' }),
      this.note(room, { a: 'vacant' }),
    );
    return typeof first === 'string' && first !== '' ? first : undefined;
  }

  async knock(room: string, id: string, name: string | undefined): Promise<void> {
    const { key, toPrefix, node } = this.context;
    const record = name === undefined ? '' : JSON.stringify({ n: name, node, at: Date.now() });
    await this.scripts.rtcKnock(
      key('knocks', room),
      key('rn', room),
      id,
      record,
      toPrefix,
      this.note(room, { a: 'knocks' }),
    );
  }

  async knocks(room: string): Promise<SharedKnock[]> {
    const { key } = this.context;
    const flat = (await this.scripts.rtcKnocks(key('knocks', room), key('node', ''))) as string[];
    const knocks: Array<SharedKnock & { at: number }> = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      try {
        const record = JSON.parse(flat[i + 1]!) as { n?: unknown; node?: unknown; at?: unknown };
        knocks.push({
          id: flat[i]!,
          name: typeof record.n === 'string' ? record.n : '',
          node: String(record.node),
          at: Number(record.at) || 0,
        });
      } catch {
        // A record this version cannot read: skip it.
      }
    }
    return knocks.sort((a, b) => a.at - b.at).map(({ id, name, node }) => ({ id, name, node }));
  }

  async answer(room: string, node: string, note: MeetingNote): Promise<void> {
    await this.redis.publish(`${this.context.toPrefix}${node}`, this.note(room, note));
  }

  async end(room: string, by: string): Promise<void> {
    const { key, toPrefix } = this.context;
    await this.scripts.rtcTell(key('rn', room), key('knocks', room), toPrefix, this.note(room, { a: 'end', by }));
  }
}
