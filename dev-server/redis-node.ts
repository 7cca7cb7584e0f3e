/**
 * Rooms shared by several server processes through Redis (rule 9): the process's side of it
 * (connections, liveness). `RedisRecovery` (redis-recovery.ts) adds sweeping and recovery after
 * Redis restarts, `RedisRooms` (redis-rooms.ts) the rooms themselves.
 *
 * Design (also in `docs/protocol.md`):
 * - The truth is one Redis hash per room, `<prefix>room:<room>`: peer id ->
 *   `{ n: name, s: state (its JSON text), node, rh }` (`rh`: hash of the peer's current resume
 *   token), plus `<prefix>seq:<room>`, a counter that numbers the room's membership events and
 *   updates. Joins, leaves, updates, resume claims and sweeps are Lua scripts, so "check the
 *   limit, add, number the event, publish it" is one atomic step.
 * - Each process subscribes to one channel, its own, `<prefix>to:<node>`. Every membership change
 *   and update is published, by its script, on the channel of each process with members in the
 *   room (`<prefix>rn:<room>` counts them by process), so no process subscribes or unsubscribes
 *   per room. A process keeps a local copy of the membership of its rooms (id -> name, state,
 *   owning process). The relay hot path reads only that copy: a message for a local peer is
 *   delivered directly; those for peers on another process are published on its channel, all of
 *   one event-loop turn as one message (`packFrames`).
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
import type { Logger } from './logger.js';
import type { MediaMode } from '../src/core/protocol.js';
import type { CachedRoom } from './redis-members.js';
import type { RoomDirectoryHost } from './rooms.js';
import { defineScripts, type ScriptCaller } from './redis-scripts.js';

/** Longest wait between two attempts to reconnect to Redis. */
const RECONNECT_MAX_DELAY_MS = 500;

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

/** A process in a Redis cluster of signaling servers (the base of `RedisRecovery` and `RedisRooms`). */
export abstract class RedisNode {
  readonly kind = 'redis';
  /** This process's id in the cluster. */
  readonly node = randomBytes(9).toString('base64url');
  protected readonly pub: Redis;
  protected readonly sub: Redis;
  protected readonly rooms = new Map<string, CachedRoom>();
  /** This process's peers, as registered: what to register again if Redis loses them. */
  protected readonly local = new Map<
    string,
    { room: string; name: string; stateText: string; rh: string; media?: MediaMode }
  >();
  /** Peers whose leave failed (Redis unreachable), by id: their rooms, to leave again later. */
  protected readonly departed = new Map<string, string>();
  /** The `run_id` of the Redis server: a new one means Redis restarted (maybe without its data). */
  protected redisRunId = '';
  protected host: RoomDirectoryHost | undefined;
  protected refreshTimer: NodeJS.Timeout | undefined;
  protected sweepTimer: NodeJS.Timeout | undefined;
  protected sweeping = false;
  protected closed = false;
  protected readonly timeoutMs: number;

  protected constructor(protected readonly options: RedisRoomsOptions) {
    // Reconnection attempts at most half a second apart (ioredis's default grows to 2 s): Redis's
    // return is noticed at once, and the cluster is whole again within seconds of it.
    const retryStrategy = (times: number) => Math.min(times * 50, RECONNECT_MAX_DELAY_MS);
    const common = { lazyConnect: true, maxRetriesPerRequest: 3, retryStrategy } as const;
    this.pub = new Redis(options.url, {
      ...common,
      enableAutoPipelining: true,
      connectionName: `rtc-signal-${this.node}`,
    });
    this.sub = new Redis(options.url, { ...common, connectionName: `rtc-signal-sub-${this.node}` });
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
    // As bytes: relayed frames go on to the sockets as they came, never decoded and encoded again.
    this.sub.on('messageBuffer', (_channel: Buffer, message: Buffer) => {
      try {
        this.onMessage(message);
      } catch (error) {
        options.logger.error('redis message handler failed', { error });
      }
    });
  }

  /** The keys of `room` the scripts that may remove its last member take (leave, sweep): its members, sequence, room-to-nodes entry and meeting. */
  protected lastMemberKeys(room: string): [string, string, string, string] {
    return [this.key('room', room), this.key('seq', room), this.key('rn', room), this.key('meet', room)];
  }

  protected key(kind: string, name: string): string {
    return `${this.options.prefix}${kind}:${name}`;
  }

  /** The channel prefix of processes (`<prefix>to:`): a process's frames and its rooms' events. */
  protected get toPrefix(): string {
    return `${this.options.prefix}to:`;
  }

  /** Removes local peer `id` from `room` in Redis, and tells the room (owner only). */
  protected leaveScript(room: string, id: string): Promise<unknown> {
    return this.scripts.rtcLeave(...this.lastMemberKeys(room), id, this.toPrefix, this.node, room);
  }

  /**
   * Fails at once while Redis is unreachable: a join or a resume is refused with a retryable
   * error at once rather than after ioredis's retries and the command timeout (seconds).
   */
  protected assertConnected(): void {
    if (this.pub.status !== 'ready') throw new Error('redis is not connected');
  }

  protected get scripts(): ScriptCaller {
    return this.pub as unknown as ScriptCaller;
  }

  protected withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
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

  /** A message on this process's channel. */
  protected abstract onMessage(message: Buffer): void;

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

  protected async runId(): Promise<string> {
    const info = await this.pub.info('server');
    return /^run_id:(\S+)/m.exec(info)?.[1] ?? '';
  }

  protected async refresh(): Promise<void> {
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

  /** This process's liveness key had expired: its peers that were swept must join again. */
  protected abstract presumedDead(): Promise<void>;
  /** Removes the members of processes whose liveness key expired. */
  protected abstract sweep(): Promise<void>;
  /** The subscriber reconnected: leaves that failed, re-registration, resynchronization. */
  protected abstract reconnected(): Promise<void>;

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
            await this.withTimeout(this.leaveScript(room, id), 'leave');
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
