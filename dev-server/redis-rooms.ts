/**
 * Rooms shared by several server processes through Redis (rule 9). The design is at the top of
 * `redis-node.ts` (and in `docs/protocol.md`); this file holds the rooms: joining, leaving,
 * updating, claiming a resumed session, relaying, and the room events of other processes.
 */
import { Command } from 'ioredis';
import type { TextPayload } from './frame.js';
import {
  memberOf,
  parseMembers,
  peerOf,
  type CachedRoom,
  type Member,
  packFrames,
  unpackFrames,
  type RoomEvent,
} from './redis-members.js';
import type { RedisRoomsOptions } from './redis-node.js';
import { RedisRecovery } from './redis-recovery.js';
import { RedisPlacements } from './redis-placements.js';
import { type MeetingEvent, RedisMeetings } from './redis-meetings.js';
import type { PlacementStore } from './janus/placement.js';
import type { ClaimOutcome, JoinOutcome, PeerChange, RoomDirectory, RoomPeer, SharedMeetings } from './rooms.js';

export type { RedisRoomsOptions } from './redis-node.js';

/** Rooms in Redis, shared by every process that uses the same Redis and prefix. */
export class RedisRooms extends RedisRecovery implements RoomDirectory {
  constructor(options: RedisRoomsOptions) {
    super(options);
  }

  private shared: RedisMeetings | undefined;

  /** The meeting state shared by the cluster (its lock, bans, notes to other processes). */
  meetings(): SharedMeetings {
    this.shared ??= new RedisMeetings({
      redis: this.pub,
      key: (kind, name) => this.key(kind, name),
      toPrefix: this.toPrefix,
      node: this.node,
      nodeOf: (room, id) => this.rooms.get(room)?.members.get(id)?.node,
    });
    return this.shared;
  }

  /** Where rooms are on the SFU, shared by the cluster. */
  placements(): PlacementStore {
    return new RedisPlacements(this.pub, (kind, name) => this.key(kind, name));
  }

  private readonly deliverFrame = (to: string, frame: Buffer): void => this.host?.deliver(to, frame);

  /** Frames for other processes, by process, to publish at the end of this event-loop turn. */
  private readonly outbox = new Map<string, TextPayload[]>();
  private flushScheduled = false;

  /**
   * A message on this process's channel, as bytes: an event of a room it has members in (JSON,
   * from the scripts), or relayed frames (`packFrames`, which never starts with `{`), each sent on
   * as the bytes it came in.
   */
  protected onMessage(message: Buffer): void {
    if (message[0] !== 0x7b) {
      unpackFrames(message, this.deliverFrame);
      return;
    }
    const event = JSON.parse(message.toString('utf8')) as RoomEvent | MeetingEvent;
    const room = event.r;
    if (event.t === 'n') {
      // What this process does, it has done already. (It may hold knocks of a room it has no members in.)
      const { t, r, from, ...note } = event;
      if (from !== this.node) this.host?.meeting?.(room, note);
      return;
    }
    const cached = this.rooms.get(room);
    if (!cached) return;
    if (event.t !== 'm' && event.seq > cached.seq) cached.seq = event.seq;
    switch (event.t) {
      case 'j': {
        const member = memberOf(event.name, event.node, event.state, event.seq, event.m);
        cached.members.set(event.id, member);
        this.host?.peerJoined(room, peerOf(event.id, member), event.seq);
        return;
      }
      case 'r': {
        const known = cached.members.has(event.id);
        const member = memberOf(event.name, event.node, event.state, event.seq, event.m);
        cached.members.set(event.id, member);
        if (!known) this.host?.peerJoined(room, peerOf(event.id, member), event.seq);
        return;
      }
      case 'u': {
        const member = memberOf(event.name, event.node, event.state, event.seq, event.m);
        cached.members.set(event.id, member);
        this.host?.peerUpdated(room, peerOf(event.id, member), event.seq);
        return;
      }
      case 'l':
        cached.members.delete(event.id);
        this.host?.peerLeft(room, event.id, event.seq);
        // A peer of ours that we did not remove (ours forget it before their leave): swept while
        // this process was presumed dead.
        if (this.local.delete(event.id)) this.host?.lost?.(event.id);
        return;
      case 'm': {
        const member = cached.members.get(event.id);
        if (member) member.node = event.node;
        if (event.from === this.node && event.node !== this.node) {
          // Resumed on another process: hand over what was queued for it, forget it here.
          this.local.delete(event.id);
          const queued = this.host?.movedAway?.(event.id);
          if (queued === undefined) return;
          for (const frame of queued) this.publishTo(event.node, event.id, frame);
          this.release(room);
        }
        return;
      }
    }
  }

  /**
   * Queues `frame` for peer `to` on process `node`. What goes to one process in one event-loop
   * turn is published once, at the end of the turn (`setImmediate`: after every socket read of
   * the turn), in order.
   */
  protected publishTo(node: string, to: string, frame: TextPayload): void {
    let parts = this.outbox.get(node);
    if (!parts) {
      parts = [];
      this.outbox.set(node, parts);
    }
    parts.push(to, frame);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(this.flush);
  }

  protected readonly flush = (): void => {
    this.flushScheduled = false;
    for (const [node, parts] of this.outbox) {
      // Straight to the connection: these are batched already, ioredis's auto-pipelining (a
      // pipeline per tick, a promise per command) would only add to each.
      const command = new Command('publish', [this.key('to', node), packFrames(parts)]);
      command.promise.catch((error: unknown) => this.options.logger.warn('redis publish failed', { error }));
      void this.pub.sendCommand(command);
    }
    this.outbox.clear();
  };

  override async close(options?: { keepMembers?: boolean; graceMs?: number }): Promise<void> {
    this.flush();
    await super.close(options);
  }

  /**
   * Counts a local user of a room's cache (made empty if new). The room's events reach this
   * process once one of its peers is in Redis's room (the join's or claim's script lists the
   * process for them); what came before is in that script's snapshot.
   */
  protected acquire(room: string): CachedRoom {
    let cached = this.rooms.get(room);
    if (!cached) {
      cached = { members: new Map(), seq: 0, refs: 0 };
      this.rooms.set(room, cached);
    }
    cached.refs += 1;
    return cached;
  }

  protected release(room: string): void {
    const cached = this.rooms.get(room);
    if (!cached) return;
    cached.refs -= 1;
    if (cached.refs > 0) return;
    this.rooms.delete(room);
    if (this.closed) return;
    this.pub.srem(this.key('noderooms', this.node), room).catch(() => undefined);
  }

  async join(room: string, peer: RoomPeer, maxPeers: number, resumeHash: string): Promise<JoinOutcome> {
    this.assertConnected();
    const cached = this.acquire(room);
    let result: unknown;
    const stateText = JSON.stringify(peer.state);
    try {
      const record = JSON.stringify({ n: peer.name, s: stateText, node: this.node, rh: resumeHash, m: peer.media });
      result = await this.withTimeout(
        this.scripts.rtcJoin(
          this.key('room', room),
          this.key('seq', room),
          this.key('noderooms', this.node),
          this.key('rn', room),
          peer.id,
          record,
          maxPeers,
          room,
          this.toPrefix,
          this.node,
          peer.name,
          stateText,
          peer.media ?? '',
        ),
        'join',
      );
    } catch (error) {
      this.release(room);
      throw error;
    }
    const [ok, seq, flat] = result as [number, number?, unknown?];
    if (ok !== 1) {
      this.release(room);
      return { ok: false, code: 'room-full', message: `room has ${maxPeers} peers already` };
    }
    const members = parseMembers(flat, Number(seq) - 1);
    this.merge(cached, members);
    this.merge(cached, new Map([[peer.id, memberOf(peer.name, this.node, stateText, Number(seq), peer.media)]]));
    if (Number(seq) > cached.seq) cached.seq = Number(seq);
    this.local.set(peer.id, { room, name: peer.name, stateText, rh: resumeHash, media: peer.media });
    return {
      ok: true,
      peers: [...members].map(([id, member]) => peerOf(id, member)),
      seq: Number(seq),
    };
  }

  /** Puts a snapshot's members in the cache, except those an event newer than the snapshot set. */
  protected merge(cached: CachedRoom, members: Map<string, Member>): void {
    for (const [id, member] of members) {
      const known = cached.members.get(id);
      if (!known || known.seq <= member.seq) cached.members.set(id, member);
    }
  }

  async leave(room: string, id: string): Promise<void> {
    // Only local peers leave through here. Forget it at once so relays to it are refused;
    // the room (this process's local peers included) hears of it through the event.
    const cached = this.rooms.get(room);
    cached?.members.delete(id);
    this.local.delete(id);
    try {
      await this.withTimeout(this.leaveScript(room, id), 'leave');
    } catch (error) {
      // Redis is away: the leave is tried again when it is back (see `reconnected`).
      this.departed.set(id, room);
      throw error;
    } finally {
      if (cached) this.release(room);
    }
  }

  relay(room: string, to: string, frame: string): boolean {
    const member = this.rooms.get(room)?.members.get(to);
    if (!member) return false;
    if (member.node === this.node) this.host?.deliver(to, frame);
    else this.publishTo(member.node, to, frame);
    return true;
  }

  members(room: string): RoomPeer[] {
    const cached = this.rooms.get(room);
    return cached ? [...cached.members].map(([id, member]) => peerOf(id, member)) : [];
  }

  async update(room: string, id: string, change: PeerChange): Promise<boolean> {
    const peer = this.local.get(id);
    if (peer?.room !== room) return false;
    // Refused at once rather than queued until Redis is back: the client sends its latest again.
    this.assertConnected();
    const stateText = change.state === undefined ? undefined : JSON.stringify(change.state);
    const seq = await this.withTimeout(
      this.scripts.rtcUpdate(
        this.key('room', room),
        this.key('seq', room),
        this.key('rn', room),
        id,
        this.node,
        this.toPrefix,
        change.name === undefined ? '0' : '1',
        change.name ?? '',
        stateText === undefined ? '0' : '1',
        stateText ?? '',
        room,
      ),
      'update',
    );
    if (Number(seq) <= 0) return false;
    // What to register again should Redis lose it.
    if (change.name !== undefined) peer.name = change.name;
    if (stateText !== undefined) peer.stateText = stateText;
    return true;
  }

  async setResumeHash(room: string, id: string, resumeHash: string): Promise<void> {
    const peer = this.local.get(id);
    if (peer) peer.rh = resumeHash;
    await this.scripts.rtcSetField(this.key('room', room), id, 'rh', resumeHash, this.node);
  }

  async claim(room: string, id: string, resumeHash: string, newResumeHash: string): Promise<ClaimOutcome> {
    this.assertConnected();
    const cached = this.acquire(room);
    let result: unknown;
    try {
      result = await this.withTimeout(
        this.scripts.rtcClaim(
          this.key('room', room),
          this.key('seq', room),
          this.key('noderooms', this.node),
          this.key('rn', room),
          id,
          resumeHash,
          newResumeHash,
          this.node,
          room,
          this.toPrefix,
        ),
        'claim',
      );
    } catch (error) {
      this.release(room);
      throw error;
    }
    const [ok, , seqValue, flat] = result as [number, string?, number?, unknown?];
    if (ok !== 1) {
      this.release(room);
      return { ok: false };
    }
    const seq = Number(seqValue ?? 0);
    const members = parseMembers(flat, seq);
    this.merge(cached, members);
    if (seq > cached.seq) cached.seq = seq;
    // The claimed peer keeps its name and state: they are in its record.
    const self = members.get(id) ?? memberOf('', this.node, undefined, seq);
    this.local.set(id, { room, name: self.name, stateText: self.stateText, rh: newResumeHash, media: self.media });
    return {
      ok: true,
      peer: peerOf(id, self),
      peers: [...members].filter(([memberId]) => memberId !== id).map(([memberId, member]) => peerOf(memberId, member)),
      seq,
    };
  }
}
