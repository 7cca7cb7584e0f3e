/**
 * Recovery of a process in a Redis cluster of signaling servers (the design is at the top of
 * `redis-node.ts`): sweeping dead processes' members, noticing this process was presumed dead,
 * and registering its peers again and resynchronizing its rooms after Redis came back.
 */
import { parseMembers, peerOf } from './redis-members.js';
import { RedisNode } from './redis-node.js';

/** A process of the cluster, with its recovery (the base of `RedisRooms`). */
export abstract class RedisRecovery extends RedisNode {
  /**
   * This process's liveness key had expired (it stalled, or was cut off, for longer than the TTL):
   * the others may have swept its peers. It is listed again for the sweepers, and each peer that
   * is no longer in Redis must join again.
   */
  protected async presumedDead(): Promise<void> {
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
  protected async sweep(): Promise<void> {
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
            await this.scripts.rtcSweep(...this.lastMemberKeys(room), node, this.toPrefix, Date.now(), room),
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

  /**
   * The subscriber reconnected. First the leaves that failed while Redis was away are done.
   * Then, if Redis restarted (a new `run_id`), it may have lost its data: register the local
   * peers again, and give the other processes one TTL to do the same before comparing. If
   * instead this process's liveness key expired (cut off for longer than the TTL), the cluster
   * presumed it dead: its peers that were swept must join again. Then resynchronize.
   */
  protected async reconnected(): Promise<void> {
    for (const [id, room] of this.departed) {
      try {
        await this.leaveScript(room, id);
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
  protected async listSelf(): Promise<void> {
    await this.pub.set(this.key('node', this.node), '1', 'PX', this.options.nodeTtlMs);
    await this.pub.sadd(`${this.options.prefix}nodes`, this.node);
  }

  /** Registers every local peer that Redis does not have; returns how many it registered. */
  protected async restore(): Promise<number> {
    await this.listSelf();
    let restored = 0;
    for (const [id, peer] of this.local) {
      const record = JSON.stringify({ n: peer.name, s: peer.stateText, node: this.node, rh: peer.rh, m: peer.media });
      const seq = await this.scripts.rtcRestore(
        this.key('room', peer.room),
        this.key('seq', peer.room),
        this.key('noderooms', this.node),
        this.key('rn', peer.room),
        id,
        record,
        peer.room,
        this.toPrefix,
        this.node,
        peer.name,
        this.rooms.get(peer.room)?.seq ?? 0,
        peer.stateText,
        peer.media ?? '',
      );
      if (Number(seq) > 0) restored += 1;
    }
    return restored;
  }

  /**
   * After the subscriber reconnected, events may have been missed: compare each cached room with
   * Redis and tell local peers about the difference (numbered with the room's current sequence).
   */
  protected async resync(): Promise<void> {
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
          const peer = peerOf(id, member);
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
}
