/** Rooms shared by several processes through Redis. (Work in progress: not implemented yet.) */
import type { Logger } from './logger.js';
import type { ClaimOutcome, JoinOutcome, RoomDirectory } from './rooms.js';
import type { PeerInfo } from '../src/core/protocol.js';

export interface RedisRoomsOptions {
  url: string;
  prefix: string;
  nodeTtlMs: number;
  logger: Logger;
}

export class RedisRooms implements RoomDirectory {
  readonly kind = 'redis';
  constructor(readonly options: RedisRoomsOptions) {}
  async start(): Promise<void> {
    throw new Error('Redis support is not implemented yet');
  }
  async join(): Promise<JoinOutcome> {
    throw new Error('not implemented');
  }
  async leave(): Promise<void> {}
  relay(): boolean {
    return false;
  }
  members(): PeerInfo[] {
    return [];
  }
  async setResumeHash(): Promise<void> {}
  async claim(): Promise<ClaimOutcome> {
    return { ok: false };
  }
  healthy(): boolean {
    return false;
  }
  async close(): Promise<void> {}
}
