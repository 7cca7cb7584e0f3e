/**
 * Where a room's media lives: which Janus (rendezvous hashing over the servers that are up) and
 * which VideoRoom number (a hash of the room's name), and the record of it (`Placement`) that
 * every process of a cluster shares (in Redis, written once with SET NX, so two processes agree
 * even when their views of which servers are up differ).
 */
import { createHash } from 'node:crypto';

/** Where a room is on the SFU: the Janus (its index in `--janus`) and the VideoRoom's number and secret. */
export interface Placement {
  /** The Janus API URL the server talks to (one of `--janus`). */
  url: string;
  /** The VideoRoom room number. */
  room: number;
  /** The VideoRoom's own secret (for `allowed` and `destroy`), never sent to clients. */
  secret: string;
}

/** Reads and writes placements: in memory for one process, in Redis for a cluster. */
export interface PlacementStore {
  /** The placement of `room`: `proposal` if there was none (written now), else the one there is. */
  claim(room: string, proposal: Placement): Promise<Placement>;
  /** The placement of `room`, if any. */
  get(room: string): Promise<Placement | undefined>;
  /** Removes the placement of `room` if it is still `placement`. */
  drop(room: string, placement: Placement): Promise<void>;
  /** How many members `room` has across the cluster. */
  members(room: string): Promise<number>;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/**
 * The VideoRoom number of a room: 52 bits of SHA-256 of its name, plus one (never 0), a safe
 * integer. Every process derives the same number, so a `create` racing another process's gets
 * "already exists" (427), which is success.
 */
export function videoRoomNumber(room: string): number {
  const bytes = digest(`rtc-elements room ${room}`);
  // 6 bytes (48 bits) plus 4 more bits: 52 bits.
  return bytes.readUIntBE(0, 6) * 16 + (bytes[6]! >> 4) + 1;
}

/**
 * Rendezvous (highest-random-weight) hashing: the server of `urls` with the highest hash of
 * (url, room). The same list gives every process the same answer, and removing a server moves
 * only its own rooms. Undefined when `urls` is empty.
 */
export function rendezvous(room: string, urls: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestWeight: Buffer | undefined;
  for (const url of urls) {
    const weight = digest(`${url}\n${room}`);
    if (bestWeight === undefined || Buffer.compare(weight, bestWeight) > 0) {
      best = url;
      bestWeight = weight;
    }
  }
  return best;
}

/** Placements of one process, in memory; `members` asks the process's own directory. */
export class MemoryPlacements implements PlacementStore {
  private readonly placements = new Map<string, Placement>();

  constructor(private readonly count: (room: string) => number) {}

  async claim(room: string, proposal: Placement): Promise<Placement> {
    const known = this.placements.get(room);
    if (known) return known;
    this.placements.set(room, proposal);
    return proposal;
  }

  async get(room: string): Promise<Placement | undefined> {
    return this.placements.get(room);
  }

  async drop(room: string, placement: Placement): Promise<void> {
    if (this.placements.get(room) === placement) this.placements.delete(room);
  }

  async members(room: string): Promise<number> {
    return this.count(room);
  }
}

/** Reads a stored placement (undefined when it is not one). */
export function parsePlacement(text: unknown): Placement | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    const value = JSON.parse(text) as Partial<Placement>;
    if (typeof value.url === 'string' && Number.isSafeInteger(value.room) && typeof value.secret === 'string') {
      return { url: value.url, room: value.room!, secret: value.secret };
    }
  } catch {
    // Not a placement.
  }
  return undefined;
}
