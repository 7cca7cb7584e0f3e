/**
 * Room membership and delivery, behind one interface: `MemoryRooms` (one process) here,
 * `RedisRooms` (several processes through Redis pub/sub) in `redis-rooms.ts`.
 *
 * The server keeps its connections and sessions; a directory keeps who is in which room
 * (everywhere) and carries membership events and relayed frames to the process that owns the peer.
 * Membership events carry a sequence number that increases within a room, so a peer that joins
 * while events are in flight can tell the events its `welcome` already covers from the newer ones.
 */
import type { MediaMode, ParticipantState, PeerInfo } from '../src/core/protocol.js';
import type { TextPayload } from './frame.js';
import type { PlacementStore } from './janus/placement.js';

/** The state of a peer that never set one (shared, never changed). */
export const EMPTY_STATE: ParticipantState = Object.freeze({}) as ParticipantState;

/**
 * A member as the directory knows it: the protocol's peer (without `sfu`, which depends on who is
 * told) and the media mode it joined with (protocol 1.2; absent for a 1.1 client).
 */
export type RoomPeer = Omit<PeerInfo, 'sfu'> & { media?: MediaMode };

/** What an `update` changes: the name, the state (replaced whole), or both. */
export interface PeerChange {
  name?: string;
  state?: ParticipantState;
}

/** What a directory calls on the server that owns local peers. */
export interface RoomDirectoryHost {
  /** `peer` joined `room` (on any process); `seq` orders the room's membership events. */
  peerJoined(room: string, peer: RoomPeer, seq: number): void;
  /** `peer` (on any process) changed its name or state: `peer` holds both, as they are now. */
  peerUpdated(room: string, peer: RoomPeer, seq: number): void;
  /** Peer `id` left `room` (on any process). */
  peerLeft(room: string, id: string, seq: number): void;
  /** A relayed frame (already serialized, `from` set) for the local peer `to`. */
  deliver(to: string, frame: TextPayload): void;
  /**
   * Another process took over the local peer `id` through a resume: forget it without `peer-left`
   * and return the relayed frames queued for it (to forward), or `undefined` if it is not held here.
   */
  movedAway?(id: string): TextPayload[] | undefined;
  /**
   * The cluster removed the local peer `id` while this process still held it (the process was
   * presumed dead: it stalled, or was cut off from Redis, for longer than the liveness TTL). The
   * room was told it left; its client must join again.
   */
  lost?(id: string): void;
  /** Another process's note about the meeting of `room` (see {@link MeetingNote}). */
  meeting?(room: string, note: MeetingNote): void;
}

/**
 * What one process tells the others of a room's meeting (protocol 1.2, through Redis): the lock
 * changed; remove peer `id`, which the receiving process holds, on host `by`'s word; the call
 * ended; `--hosts first`: peer `id` is the room's first host now, or the room has none (`vacant`).
 */
export type MeetingNote =
  | { a: 'lock'; locked: boolean }
  | { a: 'remove'; id: string; by: string }
  | { a: 'end'; by: string }
  | { a: 'host'; id: string }
  | { a: 'vacant' }
  /** The room's waiting room changed (any process): hosts' processes read it again. */
  | { a: 'knocks' }
  /** A host elsewhere lets in or turns away knock `id` held by the receiving process, or all of its. */
  | { a: 'admit' | 'deny' | 'admit-all' | 'deny-all'; id?: string };

/** A knock as the processes of a room share it: its id, name, and the process that holds it. */
export interface SharedKnock {
  id: string;
  name: string;
  node: string;
}

/** What the processes of a room share of a join's admission. */
export interface SharedAdmission {
  locked: boolean;
  banned: boolean;
  /** `--hosts first`: the room's first host, when it is a member. */
  first: string | undefined;
}

/**
 * The meeting state that every process of a room shares (Redis): its lock (gone with the room's
 * last member), bans, and notes to the processes of the room. Without it (one process) the
 * meeting layer keeps them in memory.
 */
export interface SharedMeetings {
  /** Whether `room` is locked, and whether a join token of hash `tokenHash` is banned from it. */
  admission(room: string, tokenHash: string | undefined): Promise<SharedAdmission>;
  /** Locks or unlocks `room`; every process with members there hears it (`meeting`, `lock`). */
  lock(room: string, locked: boolean): Promise<void>;
  /** Bans the join token of hash `tokenHash` from `room` for `ms`. */
  ban(room: string, tokenHash: string, ms: number): Promise<void>;
  /** Tells the process holding member `id` of `room` to remove it; false when it is not a member. */
  remove(room: string, id: string, by: string): Promise<boolean>;
  /** Tells every other process with members or knocks in `room` that a host ended the call. */
  end(room: string, by: string): Promise<void>;
  /**
   * `--hosts first`, atomically: makes member `id` the room's first host when it has none that
   * is a member (or when it is `from`, who leaves); returns the room's first host after it (`id`
   * when it took it). Passed on by `from` without an `id`, the room's processes hear that it has
   * none (`vacant`).
   */
  claimHost(room: string, id: string | undefined, from?: string): Promise<string | undefined>;
  /** Lists knock `id` of `room`, held by this process, under `name` (`undefined`: no longer); the room's processes hear. */
  knock(room: string, id: string, name: string | undefined): Promise<void>;
  /** The knocks of `room` on every live process, first come first. */
  knocks(room: string): Promise<SharedKnock[]>;
  /** Sends `note` (an answer to knocks) to process `node`. */
  answer(room: string, node: string, note: MeetingNote): Promise<void>;
}

export type JoinOutcome =
  | { ok: true; peers: RoomPeer[]; seq: number }
  | { ok: false; code: 'room-full'; message: string };

/** The outcome of claiming a peer by its resume token on this process (its name and state kept). */
export type ClaimOutcome = { ok: true; peer: RoomPeer; peers: RoomPeer[]; seq: number } | { ok: false };

export interface RoomDirectory {
  /** `memory` or `redis`, for `/healthz`. */
  readonly kind: string;
  start(host: RoomDirectoryHost): Promise<void>;
  /** Adds `peer` to `room` unless the room has `maxPeers` members; returns the members before it. */
  join(room: string, peer: RoomPeer, maxPeers: number, resumeHash: string): Promise<JoinOutcome>;
  /** Removes `id` from `room` and tells the room. Idempotent. */
  leave(room: string, id: string): Promise<void>;
  /**
   * Changes the name and/or replaces the state of `id`, a member of `room` held by this process,
   * and tells the room (`peerUpdated`, numbered like membership events). False when `id` is not
   * (or no longer) such a member: nothing changed.
   */
  update(room: string, id: string, change: PeerChange): Promise<boolean>;
  /**
   * The relay hot path: delivers `frame` to peer `to` when it is a member of `room`
   * (synchronously for local peers); returns false when it is not a member.
   */
  relay(room: string, to: string, frame: string): boolean;
  /** The members of `room` as this process currently sees them. */
  members(room: string): RoomPeer[];
  /** Records a new resume token hash for `id` (after each welcome). */
  setResumeHash(room: string, id: string, resumeHash: string): Promise<void>;
  /**
   * Takes over, on this process, a peer that another process holds (resume across processes).
   * Directories without other processes return `{ ok: false }`.
   */
  claim(room: string, id: string, resumeHash: string, newResumeHash: string): Promise<ClaimOutcome>;
  /** Where rooms are on the SFU, when the directory shares them with other processes (Redis). */
  placements?(): PlacementStore;
  /** The meeting state shared with other processes (Redis); absent, each process keeps its own. */
  meetings?(): SharedMeetings;
  /** True while the directory can serve (Redis connected). */
  healthy(): boolean;
  /**
   * Stops. With `keepMembers`, members stay registered so that they may resume on another
   * process (with Redis); the rest of the cluster removes them after the grace period.
   */
  close(options?: { keepMembers?: boolean; graceMs?: number }): Promise<void>;
}

/** A flat member list: `[id, name, state, media, id, name, state, media, ...]`. */
type FlatMembers = ReadonlyArray<string | ParticipantState | undefined>;
/** Entries per member in a {@link FlatMembers} list. */
const STRIDE = 4;

/** The index of `id` in a flat member list, or -1; names and states are skipped. */
function indexOfPeer(members: FlatMembers, id: string): number {
  for (let i = 0; i < members.length; i += STRIDE) if (members[i] === id) return i;
  return -1;
}

function peerAt(members: FlatMembers, index: number): RoomPeer {
  const peer: RoomPeer = {
    id: members[index] as string,
    name: members[index + 1] as string,
    state: members[index + 2] as ParticipantState,
  };
  const media = members[index + 3] as MediaMode | undefined;
  if (media !== undefined) peer.media = media;
  return peer;
}

function peersOf(members: FlatMembers): RoomPeer[] {
  const peers: RoomPeer[] = [];
  for (let i = 0; i < members.length; i += STRIDE) peers.push(peerAt(members, i));
  return peers;
}

/** Rooms of one process, in memory. Every operation completes synchronously. */
export class MemoryRooms implements RoomDirectory {
  readonly kind = 'memory';
  private host: RoomDirectoryHost | undefined;
  /**
   * The members of each room, flat: `[id, name, state, media, ...]`. A list is replaced on every change,
   * never changed in place, so it is exactly as long as it needs to be (rooms are small).
   */
  private readonly rooms = new Map<string, FlatMembers>();
  /**
   * Numbers membership events. One counter for every room: the numbers of a room's events
   * increase, which is all the server relies on (they need not be consecutive).
   */
  private seq = 0;

  async start(host: RoomDirectoryHost): Promise<void> {
    this.host = host;
  }

  async join(room: string, peer: RoomPeer, maxPeers: number): Promise<JoinOutcome> {
    const members = this.rooms.get(room) ?? [];
    if (members.length / STRIDE >= maxPeers) {
      return { ok: false, code: 'room-full', message: `room has ${maxPeers} peers already` };
    }
    this.rooms.set(room, [...members, peer.id, peer.name, peer.state, peer.media]);
    const seq = ++this.seq;
    this.host?.peerJoined(room, peer, seq);
    return { ok: true, peers: peersOf(members), seq };
  }

  async leave(room: string, id: string): Promise<void> {
    const members = this.rooms.get(room);
    const index = members ? indexOfPeer(members, id) : -1;
    if (!members || index === -1) return;
    if (members.length === STRIDE) this.rooms.delete(room);
    else this.rooms.set(room, members.slice(0, index).concat(members.slice(index + STRIDE)));
    const seq = ++this.seq;
    this.host?.peerLeft(room, id, seq);
  }

  async update(room: string, id: string, change: PeerChange): Promise<boolean> {
    const members = this.rooms.get(room);
    const index = members ? indexOfPeer(members, id) : -1;
    if (!members || index === -1) return false;
    const next = members.slice();
    if (change.name !== undefined) next[index + 1] = change.name;
    if (change.state !== undefined) next[index + 2] = change.state;
    this.rooms.set(room, next);
    const seq = ++this.seq;
    this.host?.peerUpdated(room, peerAt(next, index), seq);
    return true;
  }

  relay(room: string, to: string, frame: string): boolean {
    const members = this.rooms.get(room);
    if (!members || indexOfPeer(members, to) === -1) return false;
    this.host?.deliver(to, frame);
    return true;
  }

  members(room: string): RoomPeer[] {
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
