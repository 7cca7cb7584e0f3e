/**
 * Room membership and delivery, behind one interface: `MemoryRooms` (one process) here,
 * `RedisRooms` (several processes through Redis pub/sub) in `redis-rooms.ts`.
 *
 * The server keeps its connections and sessions; a directory keeps who is in which room
 * (everywhere) and carries membership events and relayed frames to the process that owns the peer.
 * Membership events carry a sequence number that increases within a room, so a peer that joins
 * while events are in flight can tell the events its `welcome` already covers from the newer ones.
 */
import type { PeerInfo } from '../src/core/protocol.js';

/** What a directory calls on the server that owns local peers. */
export interface RoomDirectoryHost {
  /** `peer` joined `room` (on any process); `seq` orders the room's membership events. */
  peerJoined(room: string, peer: PeerInfo, seq: number): void;
  /** Peer `id` left `room` (on any process). */
  peerLeft(room: string, id: string, seq: number): void;
  /** A relayed frame (already serialized, `from` set) for the local peer `to`. */
  deliver(to: string, frame: string): void;
  /**
   * Another process took over the local peer `id` through a resume: forget it without `peer-left`
   * and return the relayed frames queued for it (to forward), or `undefined` if it is not held here.
   */
  movedAway?(id: string): string[] | undefined;
  /**
   * The cluster removed the local peer `id` while this process still held it (the process was
   * presumed dead: it stalled, or was cut off from Redis, for longer than the liveness TTL). The
   * room was told it left; its client must join again.
   */
  lost?(id: string): void;
}

export type JoinOutcome =
  | { ok: true; peers: PeerInfo[]; seq: number }
  | { ok: false; code: 'room-full'; message: string };

/** The outcome of claiming a peer by its resume token on this process. */
export type ClaimOutcome = { ok: true; peer: PeerInfo; peers: PeerInfo[]; seq: number } | { ok: false };

export interface RoomDirectory {
  /** `memory` or `redis`, for `/healthz`. */
  readonly kind: string;
  start(host: RoomDirectoryHost): Promise<void>;
  /** Adds `peer` to `room` unless the room has `maxPeers` members; returns the members before it. */
  join(room: string, peer: PeerInfo, maxPeers: number, resumeHash: string): Promise<JoinOutcome>;
  /** Removes `id` from `room` and tells the room. Idempotent. */
  leave(room: string, id: string): Promise<void>;
  /**
   * The relay hot path: delivers `frame` to peer `to` when it is a member of `room`
   * (synchronously for local peers); returns false when it is not a member.
   */
  relay(room: string, to: string, frame: string): boolean;
  /** The members of `room` as this process currently sees them. */
  members(room: string): PeerInfo[];
  /** Records a new resume token hash for `id` (after each welcome). */
  setResumeHash(room: string, id: string, resumeHash: string): Promise<void>;
  /**
   * Takes over, on this process, a peer that another process holds (resume across processes).
   * Directories without other processes return `{ ok: false }`.
   */
  claim(room: string, id: string, resumeHash: string, newResumeHash: string): Promise<ClaimOutcome>;
  /** True while the directory can serve (Redis connected). */
  healthy(): boolean;
  /**
   * Stops. With `keepMembers`, members stay registered so that they may resume on another
   * process (with Redis); the rest of the cluster removes them after the grace period.
   */
  close(options?: { keepMembers?: boolean; graceMs?: number }): Promise<void>;
}

/** The index of `id` in a flat member list (`[id, name, id, name, ...]`), or -1; names are skipped. */
function indexOfPeer(members: readonly string[], id: string): number {
  for (let i = 0; i < members.length; i += 2) if (members[i] === id) return i;
  return -1;
}

function peersOf(members: readonly string[]): PeerInfo[] {
  const peers: PeerInfo[] = [];
  for (let i = 0; i < members.length; i += 2) peers.push({ id: members[i]!, name: members[i + 1]! });
  return peers;
}

/** Rooms of one process, in memory. Every operation completes synchronously. */
export class MemoryRooms implements RoomDirectory {
  readonly kind = 'memory';
  private host: RoomDirectoryHost | undefined;
  /**
   * The members of each room, flat: `[id, name, id, name, ...]`. A list is replaced on every
   * change, never changed in place, so it is exactly as long as it needs to be (rooms are small).
   */
  private readonly rooms = new Map<string, string[]>();
  /**
   * Numbers membership events. One counter for every room: the numbers of a room's events
   * increase, which is all the server relies on (they need not be consecutive).
   */
  private seq = 0;

  async start(host: RoomDirectoryHost): Promise<void> {
    this.host = host;
  }

  async join(room: string, peer: PeerInfo, maxPeers: number): Promise<JoinOutcome> {
    const members = this.rooms.get(room) ?? [];
    if (members.length / 2 >= maxPeers) {
      return { ok: false, code: 'room-full', message: `room has ${maxPeers} peers already` };
    }
    this.rooms.set(room, members.concat(peer.id, peer.name));
    const seq = ++this.seq;
    this.host?.peerJoined(room, peer, seq);
    return { ok: true, peers: peersOf(members), seq };
  }

  async leave(room: string, id: string): Promise<void> {
    const members = this.rooms.get(room);
    const index = members ? indexOfPeer(members, id) : -1;
    if (!members || index === -1) return;
    if (members.length === 2) this.rooms.delete(room);
    else this.rooms.set(room, members.slice(0, index).concat(members.slice(index + 2)));
    const seq = ++this.seq;
    this.host?.peerLeft(room, id, seq);
  }

  relay(room: string, to: string, frame: string): boolean {
    const members = this.rooms.get(room);
    if (!members || indexOfPeer(members, to) === -1) return false;
    this.host?.deliver(to, frame);
    return true;
  }

  members(room: string): PeerInfo[] {
    const members = this.rooms.get(room);
    return members ? peersOf(members) : [];
  }

  async setResumeHash(): Promise<void> {}

  async claim(): Promise<ClaimOutcome> {
    return { ok: false };
  }

  healthy(): boolean {
    return true;
  }

  async close(): Promise<void> {
    this.rooms.clear();
  }
}
