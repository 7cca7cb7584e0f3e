/**
 * Placements of rooms on the SFU (`janus/placement.ts`) in Redis, shared by every process of the
 * cluster: `<prefix>sfu:<room>` holds the JSON of the placement, written once with SET NX, so two
 * processes whose views of which Janus servers are up differ still agree on where a room lives.
 */
import type { Redis } from 'ioredis';
import { parsePlacement, type Placement, type PlacementStore } from './janus/placement.js';

const DROP_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** Placements in Redis (`RedisRooms.placements()`). */
export class RedisPlacements implements PlacementStore {
  constructor(
    private readonly redis: Redis,
    private readonly key: (kind: string, name: string) => string,
  ) {}

  async claim(room: string, proposal: Placement): Promise<Placement> {
    const key = this.key('sfu', room);
    for (let attempt = 0; attempt < 3; attempt++) {
      if ((await this.redis.set(key, text(proposal), 'NX')) === 'OK') return proposal;
      const known = parsePlacement(await this.redis.get(key));
      if (known) return known;
      // Dropped (or unreadable) meanwhile: take it again.
      if (attempt === 1) await this.redis.del(key);
    }
    throw new Error(`could not record the placement of room ${room}`);
  }

  async get(room: string): Promise<Placement | undefined> {
    return parsePlacement(await this.redis.get(this.key('sfu', room)));
  }

  async drop(room: string, placement: Placement): Promise<void> {
    await this.redis.eval(DROP_SCRIPT, 1, this.key('sfu', room), text(placement));
  }

  async members(room: string): Promise<number> {
    return this.redis.hlen(this.key('room', room));
  }
}

/** The stored text of a placement (always the same for the same placement). */
function text({ url, room, secret }: Placement): string {
  return JSON.stringify({ url, room, secret });
}
