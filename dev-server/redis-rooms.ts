/**
 * Rooms shared by several server processes through Redis (rule 9).
 *
 * Design (also in `docs/protocol.md`):
 * - The truth is one Redis hash per room, `<prefix>room:<room>`: peer id -> `{ n: name, node, rh }`
 *   (`rh`: hash of the peer's current resume token), plus `<prefix>seq:<room>`, a counter that
 *   numbers the room's membership events. Joins, leaves, resume claims and sweeps are Lua scripts,
 *   so "check the limit, add, number the event, publish it" is one atomic step.
 * - Every membership change is published on the room channel `<prefix>ev:<room>`. A process
 *   subscribes to the channels of the rooms it has members in and keeps a local copy of their
 *   membership (id -> name, owning process). The relay hot path reads only that copy: a message
 *   for a local peer is delivered directly; one for a peer on another process is published once
 *   on that process's channel `<prefix>to:<node>`.
 * - Liveness: each process refreshes `<prefix>node:<node>` (TTL `nodeTtlMs`) every third of the
 *   TTL and sweeps every half TTL. A process whose key expired is dead: the sweepers remove its
 *   members (one `peer-left` each, published by whichever sweeper removed it), so a killed process
 *   leaves no ghost peers for longer than 1.5 × `nodeTtlMs`.
 * - Redis restarted (possibly empty): a process notices when its subscriber reconnects and Redis
 *   reports another `run_id` than before. It registers its own peers again (with their names and
 *   resume hashes, which it keeps for that; the room's event counter is raised past every number
 *   its rooms have seen) and waits one `nodeTtlMs`, time for the other processes to do the same,
 *   before comparing its rooms with Redis. So nobody is told a peer left and came back.
 * - Presumed dead while alive (stalled, or cut off from Redis, past the TTL): the sweepers removed
 *   its peers and told their rooms. Each such peer is closed with 1012 and joins again under a
 *   new id, so that every side sees the same leave and join.
 */
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import type { PeerInfo } from '../src/core/protocol.js';
import type { Logger } from './logger.js';
import type { ClaimOutcome, JoinOutcome, RoomDirectory, RoomDirectoryHost } from './rooms.js';

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
}

interface CachedRoom {
  members: Map<string, Member>;
  /** The highest membership event number seen for this room. */
  seq: number;
  /** Local members and joins in flight: the room channel is subscribed while this is positive. */
  refs: number;
  subscribed: Promise<void>;
}

/** A membership event on a room channel. */
type RoomEvent =
  | { t: 'j'; id: string; name: string; node: string; seq: number }
  | { t: 'l'; id: string; seq: number }
  /** A peer registered again after Redis lost its data: news only to a process that lost it. */
  | { t: 'r'; id: string; name: string; node: string; seq: number }
  | { t: 'm'; id: string; node: string; from: string };

/** A message on a process channel. */
type NodeMessage = { k: 'd'; to: string; frame: string };

// KEYS: room hash, seq key, node-rooms set. ARGV: id, record, max, room, channel, node, name.
const JOIN_SCRIPT = `
local n = redis.call('HLEN', KEYS[1])
if n >= tonumber(ARGV[3]) then return {0} end
local all = redis.call('HGETALL', KEYS[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
local seq = redis.call('INCR', KEYS[2])
redis.call('PERSIST', KEYS[2])
redis.call('SADD', KEYS[3], ARGV[4])
redis.call('PUBLISH', ARGV[5], cjson.encode({t='j', id=ARGV[1], name=ARGV[7], node=ARGV[6], seq=seq}))
return {1, seq, all}
`;

// KEYS: room hash, seq key. ARGV: id, channel, node. Only the owning process removes a peer
// (after a resume elsewhere, the old process's late leave must not remove it).
const LEAVE_SCRIPT = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local ok, rec = pcall(cjson.decode, raw)
if ok and rec.node ~= ARGV[3] then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
local seq = redis.call('INCR', KEYS[2])
if redis.call('HLEN', KEYS[1]) == 0 then redis.call('PEXPIRE', KEYS[2], 86400000) end
redis.call('PUBLISH', ARGV[2], cjson.encode({t='l', id=ARGV[1], seq=seq}))
return seq
`;

// KEYS: room hash, seq key. ARGV: dead node, channel, now (ms). Returns members left in grace.
const SWEEP_SCRIPT = `
local all = redis.call('HGETALL', KEYS[1])
local waiting = 0
for i = 1, #all, 2 do
  local ok, rec = pcall(cjson.decode, all[i + 1])
  if ok and rec.node == ARGV[1] then
    if rec.g and tonumber(rec.g) > tonumber(ARGV[3]) then
      waiting = waiting + 1
    else
      redis.call('HDEL', KEYS[1], all[i])
      local seq = redis.call('INCR', KEYS[2])
      redis.call('PUBLISH', ARGV[2], cjson.encode({t='l', id=all[i], seq=seq}))
    end
  end
end
if redis.call('HLEN', KEYS[1]) == 0 then redis.call('PEXPIRE', KEYS[2], 86400000) end
return waiting
`;

// KEYS: room hash, seq key, node-rooms set. ARGV: id, old hash, new hash, node, room, channel.
const CLAIM_SCRIPT = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return {0} end
local rec = cjson.decode(raw)
if rec.rh ~= ARGV[2] then return {0} end
local old = rec.node
rec.node = ARGV[4]
rec.rh = ARGV[3]
rec.g = nil
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(rec))
redis.call('SADD', KEYS[3], ARGV[5])
redis.call('PUBLISH', ARGV[6], cjson.encode({t='m', id=ARGV[1], node=ARGV[4], from=old}))
local seq = tonumber(redis.call('GET', KEYS[2]) or '0')
return {1, rec.n, seq, redis.call('HGETALL', KEYS[1])}
`;

// KEYS: room hash. ARGV: id, field, value ('' deletes the field), node (must own it).
const SET_FIELD_SCRIPT = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local rec = cjson.decode(raw)
if rec.node ~= ARGV[4] then return 0 end
if ARGV[3] == '' then rec[ARGV[2]] = nil else rec[ARGV[2]] = ARGV[3] end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(rec))
return 1
`;

// KEYS: room hash, seq key, node-rooms set. ARGV: id, record, room, channel, node, name, min seq.
// Registers a local peer again after Redis lost it (no limit check: it was admitted), numbering
// the event past every number the process saw for the room.
const RESTORE_SCRIPT = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 0 end
local current = tonumber(redis.call('GET', KEYS[2]) or '0')
if current < tonumber(ARGV[7]) then redis.call('SET', KEYS[2], ARGV[7]) end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
local seq = redis.call('INCR', KEYS[2])
redis.call('PERSIST', KEYS[2])
redis.call('SADD', KEYS[3], ARGV[3])
redis.call('PUBLISH', ARGV[4], cjson.encode({t='r', id=ARGV[1], name=ARGV[6], node=ARGV[5], seq=seq}))
return seq
`;

type ScriptName = 'rtcJoin' | 'rtcLeave' | 'rtcSweep' | 'rtcClaim' | 'rtcSetField' | 'rtcRestore';
type ScriptCaller = Record<ScriptName, (...args: Array<string | number>) => Promise<unknown>>;

function parseMembers(flat: unknown): Map<string, Member & { g?: number }> {
  const members = new Map<string, Member & { g?: number }>();
  if (!Array.isArray(flat)) return members;
  for (let i = 0; i + 1 < flat.length; i += 2) {
    try {
      const record = JSON.parse(String(flat[i + 1])) as { n?: unknown; node?: unknown; g?: unknown };
      members.set(String(flat[i]), {
        name: typeof record.n === 'string' ? record.n : '',
        node: typeof record.node === 'string' ? record.node : '',
        ...(record.g !== undefined ? { g: Number(record.g) } : {}),
      });
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
  private readonly local = new Map<string, { room: string; name: string; rh: string }>();
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
    this.pub.defineCommand('rtcJoin', { numberOfKeys: 3, lua: JOIN_SCRIPT });
    this.pub.defineCommand('rtcLeave', { numberOfKeys: 2, lua: LEAVE_SCRIPT });
    this.pub.defineCommand('rtcSweep', { numberOfKeys: 2, lua: SWEEP_SCRIPT });
    this.pub.defineCommand('rtcClaim', { numberOfKeys: 3, lua: CLAIM_SCRIPT });
    this.pub.defineCommand('rtcSetField', { numberOfKeys: 1, lua: SET_FIELD_SCRIPT });
    this.pub.defineCommand('rtcRestore', { numberOfKeys: 3, lua: RESTORE_SCRIPT });
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
      case 'j':
        cached.members.set(event.id, { name: event.name, node: event.node });
        this.host?.peerJoined(room, { id: event.id, name: event.name }, event.seq);
        return;
      case 'r': {
        const known = cached.members.has(event.id);
        cached.members.set(event.id, { name: event.name, node: event.node });
        if (!known) this.host?.peerJoined(room, { id: event.id, name: event.name }, event.seq);
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
      const record = JSON.stringify({ n: peer.name, node: this.node, rh: peer.rh });
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
        const truth = parseMembers(Object.entries(flat).flat());
        for (const [id] of stale ? [] : cached.members) {
          if (truth.has(id)) continue;
          cached.members.delete(id);
          this.host?.peerLeft(room, id, seq);
          // Ours, and not removed by us: swept while this process was presumed dead.
          if (this.local.get(id)?.room === room && this.local.delete(id)) this.host?.lost?.(id);
        }
        for (const [id, member] of truth) {
          const known = cached.members.get(id);
          cached.members.set(id, { name: member.name, node: member.node });
          if (!known) this.host?.peerJoined(room, { id, name: member.name }, seq);
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
    try {
      const record = JSON.stringify({ n: peer.name, node: this.node, rh: resumeHash });
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
    const members = parseMembers(flat);
    for (const [id, member] of members) cached.members.set(id, { name: member.name, node: member.node });
    cached.members.set(peer.id, { name: peer.name, node: this.node });
    if (Number(seq) > cached.seq) cached.seq = Number(seq);
    this.local.set(peer.id, { room, name: peer.name, rh: resumeHash });
    return { ok: true, peers: [...members].map(([id, member]) => ({ id, name: member.name })), seq: Number(seq) };
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
    return cached ? [...cached.members].map(([id, member]) => ({ id, name: member.name })) : [];
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
    const [ok, name, seq, flat] = result as [number, string?, number?, unknown?];
    if (ok !== 1) {
      this.release(room);
      return { ok: false };
    }
    const members = parseMembers(flat);
    for (const [memberId, member] of members) cached.members.set(memberId, { name: member.name, node: member.node });
    if (Number(seq ?? 0) > cached.seq) cached.seq = Number(seq ?? 0);
    this.local.set(id, { room, name: String(name ?? ''), rh: newResumeHash });
    return {
      ok: true,
      peer: { id, name: String(name ?? '') },
      peers: [...members]
        .filter(([memberId]) => memberId !== id)
        .map(([memberId, member]) => ({ id: memberId, name: member.name })),
      seq: Number(seq ?? 0),
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
