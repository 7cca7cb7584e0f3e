/** A session: one peer in one room, which outlives its socket during the resume grace period. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MediaMode } from '../src/core/protocol.js';
import { type ReactionBucket, reactionBucket } from '../src/core/reaction-bucket.js';
import type { Connection } from './connections.js';
import type { TextPayload } from './frame.js';

/** A frame held for a session while it joins or is dropped. */
export interface QueuedFrame {
  frame: TextPayload;
  /** Sequence number of a membership event; absent for relayed messages. */
  seq?: number;
}

/** One peer in one room; outlives its socket during the resume grace period. */
export class Session {
  /** Hash of the current resume token (the token itself is not kept). */
  resumeHash: string;
  connection: Connection | null;
  state: 'joining' | 'active' | 'removed' = 'joining';
  /** Sequence number of the last membership event the welcome covered. */
  seq: number | undefined = undefined;
  /** Frames held while joining or dropped, sent after the welcome; bounded. Null when empty. */
  queue: QueuedFrame[] | null = null;
  /** Runs only while the peer is dropped (resume grace period). */
  graceTimer: NodeJS.Timeout | undefined = undefined;
  /** The name the join token gave (auth): `update` may not change it. */
  fixedName: string | undefined = undefined;
  /** Protocol 1.2: the media mode it joined with; undefined for a 1.1 client. */
  media: MediaMode | undefined = undefined;
  /** Its token in its room's VideoRoom access list, once the room is on the SFU. */
  sfuToken: string | undefined = undefined;
  /** 1.2: a host of its room (its token's `role`, or the server's `hosts` policy). */
  host = false;
  /** The hash of its join token (auth), so that a removed participant's token can be banned. */
  tokenHash: string | undefined = undefined;
  /** Its reactions' rate limit (src/core/reaction-bucket.ts, shared with the client). */
  reactions: ReactionBucket = reactionBucket();

  constructor(
    readonly id: string,
    readonly room: string,
    resumeHash: string,
    connection: Connection,
  ) {
    this.resumeHash = resumeHash;
    this.connection = connection;
  }
}

/** The hash of a resume token (the token itself is not kept). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
