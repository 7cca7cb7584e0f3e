/**
 * Rooms shared by several server processes through Redis (rule 9).
 *
 * Design (also in `docs/protocol.md`):
 * - The truth is one Redis hash per room, `<prefix>room:<room>`: peer id ->
 *   `{ n: name, s: state (its JSON text), node, rh }` (`rh`: hash of the peer's current resume
 *   token), plus `<prefix>seq:<room>`, a counter that numbers the room's membership events and
 *   updates. Joins, leaves, updates, resume claims and sweeps are Lua scripts, so "check the
 *   limit, add, number the event, publish it" is one atomic step.
 * - Every membership change and update is published on the room channel `<prefix>ev:<room>`. A
 *   process subscribes to the channels of the rooms it has members in and keeps a local copy of
 *   their membership (id -> name, state, owning process). The relay hot path reads only that copy: a message
 *   for a local peer is delivered directly; one for a peer on another process is published once
 *   on that process's channel `<prefix>to:<node>`.
 * - Liveness: each process refreshes `<prefix>node:<node>` (TTL `nodeTtlMs`) every third of the
 *   TTL and sweeps every half TTL. A process whose key expired is dead: the sweepers remove its
 *   members (one `peer-left` each, published by whichever sweeper removed it), so a killed process
 *   leaves no ghost peers for longer than 1.5 × `nodeTtlMs`.
 * - Redis restarted (possibly empty): a process notices when its subscriber reconnects and Redis
 *   reports another `run_id` than before. It registers its own peers again (with their names,
 *   states and resume hashes, which it keeps for that; the room's event counter is raised past every number
 *   its rooms have seen) and waits one `nodeTtlMs`, time for the other processes to do the same,
 *   before comparing its rooms with Redis. So nobody is told a peer left and came back.
 * - Presumed dead while alive (stalled, or cut off from Redis, past the TTL): the sweepers removed
 *   its peers and told their rooms. Each such peer is closed with 1012 and joins again under a
 *   new id, so that every side sees the same leave and join.
 */
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import type { ParticipantState, PeerInfo } from '../src/core/protocol.js';
import type { Logger } from './logger.js';
import {
  EMPTY_STATE,
  type ClaimOutcome,
  type JoinOutcome,
  type PeerChange,
  type RoomDirectory,
  type RoomDirectoryHost,
} from './rooms.js';
import { defineScripts, type ScriptCaller } from './redis-scripts.js';

/** Options of {@link RedisRooms}. */
export interface RedisRoomsOptions {
  url: string;
  /** Key and channel prefix. */
  prefix: string;
  /** Liveness TTL of this process's key. */
  nodeTtlMs: number;
  logger: Logger;
  /** Longest wait for a Redis command on the join/leave path. Default 5000 ms. */
  commandTimeoutMs?: number;
}

interface Member {
  name: string;
  node: string;
  state: ParticipantState;
  /** The state's JSON text, as Redis holds it. */
  stateText: string;
  /**
   * The number of the event (or of the snapshot) this entry is from: an older snapshot, read
   * while newer events arrived, does not overwrite it.
   */
  seq: number;
}

/** The state held as `text` (`{}` when absent or unreadable: the store is trusted, not crashed on). */
function parseState(text: unknown): ParticipantState {
  if (typeof text !== 'string' || text === '{}') return EMPTY_STATE;
  try {
    const state: unknown = JSON.parse(text);
    if (typeof state === 'object' && state !== null && !Array.isArray(state)) return state as ParticipantState;
  } catch {
    // Not JSON: no state.
  }
  return EMPTY_STATE;
}

function memberOf(name: string, node: string, stateText: string | undefined, seq: number): Member {
  const text = typeof stateText === 'string' ? stateText : '{}';
  return { name, node, state: parseState(text), stateText: text, seq };
}

interface CachedRoom {
  members: Map<string, Member>;
  /** The highest membership event number seen for this room. */
  seq: number;
  /** Local members and joins in flight: the room channel is subscribed while this is positive. */
  refs: number;
  subscribed: Promise<void>;
}

/** A membership event on a room channel; `state` is the state's JSON text. */
type RoomEvent =
  | { t: 'j'; id: string; name: string; state?: string; node: string; seq: number }
  | { t: 'l'; id: string; seq: number }
  /** A peer registered again after Redis lost its data: news only to a process that lost it. */
  | { t: 'r'; id: string; name: string; state?: string; node: string; seq: number }
  /** A peer changed its name or state (`update`): both as they are now. */
  | { t: 'u'; id: string; name: string; state: string; node: string; seq: number }
  | { t: 'm'; id: string; node: string; from: string };

/** A message on a process channel. */
type NodeMessage = { k: 'd'; to: string; frame: string };

/** The members of a room hash (`HGETALL` as a flat list), as of event number `seq`. */
function parseMembers(flat: unknown, seq: number): Map<string, Member> {
  const members = new Map<string, Member>();
  if (!Array.isArray(flat)) return members;
  for (let i = 0; i + 1 < flat.length; i += 2) {
    try {
      const record = JSON.parse(String(flat[i + 1])) as { n?: unknown; node?: unknown; s?: unknown };
      members.set(
        String(flat[i]),
        memberOf(
          typeof record.n === 'string' ? record.n : '',
          typeof record.node === 'string' ? record.node : '',
          typeof record.s === 'string' ? record.s : undefined,
          seq,
        ),
      );
    } catch {
      // A record this version cannot read: skip it.
    }
  }
  return members;
}

/** Rooms in Redis, shared by every process that uses the same Redis and prefix. */
export class RedisRooms implements RoomDirectory {
  readonly kind = 'redis';
  /** This process's id in the cluster. */
  readonly node = randomBytes(9).toString('base64url');
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly rooms = new Map<string, CachedRoom>();
  /** This process's peers, as registered: what to register again if Redis loses them. */
  private readonly local = new Map<string, { room: string; name: string; stateText: string; rh: string }>();
  /** Peers whose leave failed (Redis unreachable), by id: their rooms, to leave again later. */
  private readonly departed = new Map<string, string>();
  /** The `run_id` of the Redis server: a new one means Redis restarted (maybe without its data). */
  private redisRunId = '';
  private host: RoomDirectoryHost | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private sweeping = false;
  private closed = false;
  private readonly timeoutMs: number;

  constructor(private readonly options: RedisRoomsOptions) {
    const common = { lazyConnect: true, maxRetriesPerRequest: 3, enableAutoPipelining: true } as const;
    this.pub = new Redis(options.url, { ...common, connectionName: `rtc-signal-${this.node}` });
    this.sub = new Redis(options.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 3,
      connectionName: `rtc-signal-sub-${this.node}`,
    });
    this.timeoutMs = options.commandTimeoutMs ?? 5000;
    for (const client of [this.pub, this.sub]) {
      client.on('error', (error: Error) => options.logger.warn('redis error', { error }));
    }
    defineScripts(this.pub);
    let connectedOnce = false;
    this.sub.on('ready', () => {
      if (connectedOnce) void this.reconnected();
      connectedOnce = true;
    });
    this.sub.on('message', (channel: string, message: string) => {
      try {
        this.onMessage(channel, message);
      } catch (error) {
        options.logger.error('redis message handler failed', { error, channel });
      }
    });
  }

  private key(kind: string, name: string): string {
    return `${this.options.prefix}${kind}:${name}`;
  }

  private get scripts(): ScriptCaller {
    return this.pub as unknown as ScriptCaller;
  }

  private withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis ${what} timed out`)), this.timeoutMs);
      promise.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  async start(host: RoomDirectoryHost): Promise<void> {
    this.host = host;
    await Promise.all([this.pub.connect(), this.sub.connect()]);
    await this.sub.subscribe(this.key('to', this.node));
    this.redisRunId = await this.runId();
    await this.refresh();
    await this.pub.sadd(`${this.options.prefix}nodes`, this.node);
    this.refreshTimer = setInterval(() => void this.refresh(), Math.max(50, Math.floor(this.options.nodeTtlMs / 3)));
    this.sweepTimer = setInterval(() => void this.sweep(), Math.max(50, Math.floor(this.options.nodeTtlMs / 2)));
    this.refreshTimer.unref();
    this.sweepTimer.unref();
    this.options.logger.info('redis rooms ready', { node: this.node });
  }

  private async runId(): Promise<string> {
    const info = await this.pub.info('server');
    return /^run_id:(\S+)/m.exec(info)?.[1] ?? '';
  }

  private async refresh(): Promise<void> {
    try {
      const previous = await this.pub.set(this.key('node', this.node), '1', 'PX', this.options.nodeTtlMs, 'GET');
      // Expired (not a restarted Redis: its subscriber's reconnection handles that).
      if (previous === null && this.refreshTimer !== undefined && !this.closed) {
        if ((await this.runId()) === this.redisRunId) await this.presumedDead();
      }
    } catch (error) {
      this.options.logger.warn('redis liveness refresh failed', { error });
    }
  }

  /**
   * This process's liveness key had expired (it stalled, or was cut off, for longer than the TTL):
   * the others may have swept its peers. It is listed again for the sweepers, and each peer that
   * is no longer in Redis must join again.
   */
  private async presumedDead(): Promise<void> {
    this.options.logger.warn('this process was presumed dead by the cluster (liveness key had expired)', {
      node: this.node,
    });
    await this.listSelf();
    for (const [id, peer] of this.local) {
      if ((await this.pub.hexists(this.key('room', peer.room), id)) === 1) continue;
      if (this.local.delete(id)) this.host?.lost?.(id);
    }
  }

  /** Removes the members of processes whose liveness key expired. */
  private async sweep(): Promise<void> {
    if (this.sweeping || this.closed) return;
    this.sweeping = true;
    try {
      const nodesKey = `${this.options.prefix}nodes`;
      const nodes = await this.pub.smembers(nodesKey);
      for (const node of nodes) {
        if (node === this.node || this.closed) continue;
        if ((await this.pub.exists(this.key('node', node))) === 1) continue;
        const roomsKey = this.key('noderooms', node);
        const rooms = await this.pub.smembers(roomsKey);
        let waiting = 0;
        for (const room of rooms) {
          const left = Number(
            await this.scripts.rtcSweep(
              this.key('room', room),
              this.key('seq', room),
              node,
              this.key('ev', room),
              Date.now(),
            ),
          );
          if (left > 0) waiting += left;
          else await this.pub.srem(roomsKey, room);
        }
        if (waiting === 0) {
          await this.pub.srem(nodesKey, node);
          this.options.logger.info('swept a dead process', { node, rooms: rooms.length });
        }
      }
    } catch (error) {
      this.options.logger.warn('redis sweep failed', { error });
    } finally {
      this.sweeping = false;
    }
  }

  private onMessage(channel: string, message: string): void {
    if (channel === this.key('to', this.node)) {
      const parsed = JSON.parse(message) as NodeMessage;
      if (parsed.k === 'd') this.host?.deliver(parsed.to, parsed.frame);
      return;
    }
    const evPrefix = `${this.options.prefix}ev:`;
    if (!channel.startsWith(evPrefix)) return;
    const room = channel.slice(evPrefix.length);
    const cached = this.rooms.get(room);
    if (!cached) return;
    const event = JSON.parse(message) as RoomEvent;
    if (event.t !== 'm' && event.seq > cached.seq) cached.seq = event.seq;
    switch (event.t) {
      case 'j': {
        const member = memberOf(event.name, event.node, event.state, event.seq);
        cached.members.set(event.id, member);
        this.host?.peerJoined(room, { id: event.id, name: member.name, state: member.state }, event.seq);
        return;
      }
      case 'r': {
        const known = cached.members.has(event.id);
        const member = memberOf(event.name, event.node, event.state, event.seq);
        cached.members.set(event.id, member);
        if (!known) this.host?.peerJoined(room, { id: event.id, name: member.name, state: member.state }, event.seq);
        return;
      }
      case 'u': {
        const member = memberOf(event.name, event.node, event.state, event.seq);
        cached.members.set(event.id, member);
        this.host?.peerUpdated(room, { id: event.id, name: member.name, state: member.state }, event.seq);
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
   * The subscriber reconnected. First the leaves that failed while Redis was away are done.
   * Then, if Redis restarted (a new `run_id`), it may have lost its data: register the local
   * peers again, and give the other processes one TTL to do the same before comparing. If
   * instead this process's liveness key expired (cut off for longer than the TTL), the cluster
   * presumed it dead: its peers that were swept must join again. Then resynchronize.
   */
  private async reconnected(): Promise<void> {
    for (const [id, room] of this.departed) {
      try {
        await this.scripts.rtcLeave(this.key('room', room), this.key('seq', room), id, this.key('ev', room), this.node);
        this.departed.delete(id);
      } catch (error) {
        this.options.logger.warn('redis leave failed again', { error, peer: id });
      }
    }
    try {
      if (this.closed) return;
      const runId = await this.runId();
      if (runId !== this.redisRunId) {
        this.redisRunId = runId;
        const restored = await this.restore();
        this.options.logger.warn('redis restarted: this process registered its peers again', {
          node: this.node,
          peers: restored,
        });
        await new Promise((resolve) => setTimeout(resolve, this.options.nodeTtlMs).unref());
      } else if ((await this.pub.exists(this.key('node', this.node))) === 0) {
        await this.presumedDead();
      }
    } catch (error) {
      this.options.logger.warn('redis re-registration failed', { error });
    }
    if (!this.closed) await this.resync();
  }

  /** Sets this process's liveness key and lists it for the sweepers (after Redis lost them). */
  private async listSelf(): Promise<void> {
    await this.pub.set(this.key('node', this.node), '1', 'PX', this.options.nodeTtlMs);
    await this.pub.sadd(`${this.options.prefix}nodes`, this.node);
  }

  /** Registers every local peer that Redis does not have; returns how many it registered. */
  private async restore(): Promise<number> {
    await this.listSelf();
    let restored = 0;
    for (const [id, peer] of this.local) {
      const record = JSON.stringify({ n: peer.name, s: peer.stateText, node: this.node, rh: peer.rh });
      const seq = await this.scripts.rtcRestore(
        this.key('room', peer.room),
        this.key('seq', peer.room),
        this.key('noderooms', this.node),
        id,
        record,
        peer.room,
        this.key('ev', peer.room),
        this.node,
        peer.name,
        this.rooms.get(peer.room)?.seq ?? 0,
        peer.stateText,
      );
      if (Number(seq) > 0) restored += 1;
    }
    return restored;
  }

  /**
   * After the subscriber reconnected, events may have been missed: compare each cached room with
   * Redis and tell local peers about the difference (numbered with the room's current sequence).
   */
  private async resync(): Promise<void> {
    for (const [room, cached] of this.rooms) {
      try {
        const [flat, seqText] = await Promise.all([
          this.pub.hgetall(this.key('room', room)),
          this.pub.get(this.key('seq', room)),
        ]);
        if (this.rooms.get(room) !== cached) continue;
        const seq = Number(seqText ?? 0);
        // Older than what the cache has seen (a join completed meanwhile): add, never remove.
        const stale = seq < cached.seq;
        if (seq > cached.seq) cached.seq = seq;
        const truth = parseMembers(Object.entries(flat).flat(), seq);
        for (const [id] of stale ? [] : cached.members) {
          if (truth.has(id)) continue;
          cached.members.delete(id);
          this.host?.peerLeft(room, id, seq);
          // Ours, and not removed by us: swept while this process was presumed dead.
          if (this.local.get(id)?.room === room && this.local.delete(id)) this.host?.lost?.(id);
        }
        for (const [id, member] of truth) {
          const known = cached.members.get(id);
          if (known && known.seq > seq) continue;
          cached.members.set(id, member);
          const peer = { id, name: member.name, state: member.state };
          if (!known) this.host?.peerJoined(room, peer, seq);
          else if (known.name !== member.name || known.stateText !== member.stateText) {
            // An update missed while the subscriber was away.
            this.host?.peerUpdated(room, peer, seq);
          }
        }
      } catch (error) {
        this.options.logger.warn('redis resync failed', { error, room });
      }
    }
    this.options.logger.info('redis resynchronized', { rooms: this.rooms.size });
  }

  private publishTo(node: string, to: string, frame: string): void {
    const message: NodeMessage = { k: 'd', to, frame };
    this.pub
      .publish(this.key('to', node), JSON.stringify(message))
      .catch((error: unknown) => this.options.logger.warn('redis publish failed', { error }));
  }

  /** Subscribes to a room's channel (once) and counts a local user of its cache. */
  private async acquire(room: string): Promise<CachedRoom> {
    let cached = this.rooms.get(room);
    if (!cached) {
      const fresh: CachedRoom = { members: new Map(), seq: 0, refs: 0, subscribed: Promise.resolve() };
      fresh.subscribed = this.sub.subscribe(this.key('ev', room)).then(() => undefined);
      this.rooms.set(room, fresh);
      cached = fresh;
    }
    cached.refs += 1;
    try {
      await this.withTimeout(cached.subscribed, 'subscribe');
    } catch (error) {
      this.release(room);
      throw error;
    }
    return cached;
  }

  private release(room: string): void {
    const cached = this.rooms.get(room);
    if (!cached) return;
    cached.refs -= 1;
    if (cached.refs > 0) return;
    this.rooms.delete(room);
    if (this.closed) return;
    this.sub.unsubscribe(this.key('ev', room)).catch(() => undefined);
    this.pub.srem(this.key('noderooms', this.node), room).catch(() => undefined);
  }

  async join(room: string, peer: PeerInfo, maxPeers: number, resumeHash: string): Promise<JoinOutcome> {
    const cached = await this.acquire(room);
    let result: unknown;
    const stateText = JSON.stringify(peer.state);
    try {
      const record = JSON.stringify({ n: peer.name, s: stateText, node: this.node, rh: resumeHash });
      result = await this.withTimeout(
        this.scripts.rtcJoin(
          this.key('room', room),
          this.key('seq', room),
          this.key('noderooms', this.node),
          peer.id,
          record,
          maxPeers,
          room,
          this.key('ev', room),
          this.node,
          peer.name,
          stateText,
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
    this.merge(cached, new Map([[peer.id, memberOf(peer.name, this.node, stateText, Number(seq))]]));
    if (Number(seq) > cached.seq) cached.seq = Number(seq);
    this.local.set(peer.id, { room, name: peer.name, stateText, rh: resumeHash });
    return {
      ok: true,
      peers: [...members].map(([id, member]) => ({ id, name: member.name, state: member.state })),
      seq: Number(seq),
    };
  }

  /** Puts a snapshot's members in the cache, except those an event newer than the snapshot set. */
  private merge(cached: CachedRoom, members: Map<string, Member>): void {
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
      await this.withTimeout(
        this.scripts.rtcLeave(this.key('room', room), this.key('seq', room), id, this.key('ev', room), this.node),
        'leave',
      );
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

  members(room: string): PeerInfo[] {
    const cached = this.rooms.get(room);
    return cached ? [...cached.members].map(([id, member]) => ({ id, name: member.name, state: member.state })) : [];
  }

  async update(room: string, id: string, change: PeerChange): Promise<boolean> {
    const peer = this.local.get(id);
    if (peer?.room !== room) return false;
    // Refused at once rather than queued until Redis is back: the client sends its latest again.
    if (this.pub.status !== 'ready') throw new Error('redis is not connected');
    const stateText = change.state === undefined ? undefined : JSON.stringify(change.state);
    const seq = await this.withTimeout(
      this.scripts.rtcUpdate(
        this.key('room', room),
        this.key('seq', room),
        id,
        this.node,
        this.key('ev', room),
        change.name === undefined ? '0' : '1',
        change.name ?? '',
        stateText === undefined ? '0' : '1',
        stateText ?? '',
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
    const cached = await this.acquire(room);
    let result: unknown;
    try {
      result = await this.withTimeout(
        this.scripts.rtcClaim(
          this.key('room', room),
          this.key('seq', room),
          this.key('noderooms', this.node),
          id,
          resumeHash,
          newResumeHash,
          this.node,
          room,
          this.key('ev', room),
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
    this.local.set(id, { room, name: self.name, stateText: self.stateText, rh: newResumeHash });
    return {
      ok: true,
      peer: { id, name: self.name, state: self.state },
      peers: [...members]
        .filter(([memberId]) => memberId !== id)
        .map(([memberId, member]) => ({ id: memberId, name: member.name, state: member.state })),
      seq,
    };
  }

  healthy(): boolean {
    return !this.closed && this.pub.status === 'ready' && this.sub.status === 'ready';
  }

  async close(options: { keepMembers?: boolean; graceMs?: number } = {}): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.refreshTimer);
    clearInterval(this.sweepTimer);
    const graceUntil = Date.now() + (options.graceMs ?? 0);
    try {
      if (this.pub.status !== 'ready') throw new Error('redis is not connected');
      for (const [room, cached] of this.rooms) {
        for (const [id, member] of cached.members) {
          if (member.node !== this.node) continue;
          if (options.keepMembers && (options.graceMs ?? 0) > 0) {
            // Resumable on another process until the grace ends; then the sweepers remove it.
            await this.withTimeout(
              this.scripts.rtcSetField(this.key('room', room), id, 'g', String(graceUntil), this.node),
              'mark',
            );
          } else {
            await this.withTimeout(
              this.scripts.rtcLeave(this.key('room', room), this.key('seq', room), id, this.key('ev', room), this.node),
              'leave',
            );
          }
        }
      }
      await this.pub.del(this.key('node', this.node));
    } catch (error) {
      this.options.logger.warn('redis shutdown incomplete; the sweepers will clean up', { error });
    }
    this.rooms.clear();
    this.local.clear();
    this.departed.clear();
    for (const client of [this.sub, this.pub]) {
      if (client.status === 'ready') {
        await this.withTimeout(client.quit(), 'quit').catch(() => client.disconnect());
      } else {
        client.disconnect();
      }
    }
  }
}
