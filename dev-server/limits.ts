/**
 * The limits on what one connection may send: the token bucket (`rate`, `burst`), abuse counting
 * (refusals in a window), the inbox while a join completes, and the send backlog. Each is a few
 * integers on the connection; these functions read and change them.
 */
import type { ResolvedOptions } from './options.js';

/** Messages a connection may have waiting while a join completes (auth, Redis). */
export const MAX_PENDING_MESSAGES = 64;

/** The fields of a connection the limits keep. */
export interface Limited {
  /** Rate limit: tokens in thousandths (an integer), refilled lazily. */
  milliTokens: number;
  /** When the tokens were last refilled, in ms since the server started (an integer). */
  refilledAt: number;
  /** Times of recent refused messages (at most `abuseThreshold + 1`); null until the first. */
  refusals: number[] | null;
}

/** A new connection's bucket: full. */
export function fillBucket(connection: Limited, options: ResolvedOptions, now: number): void {
  connection.milliTokens = options.burst * 1000;
  connection.refilledAt = now;
}

/** The token bucket, in thousandths of a token: `rate` tokens per second is `rate` per ms. */
export function takeToken(connection: Limited, options: ResolvedOptions, now: number): boolean {
  const elapsed = now - connection.refilledAt;
  connection.refilledAt = now;
  connection.milliTokens = Math.min(options.burst * 1000, connection.milliTokens + elapsed * options.rate);
  if (connection.milliTokens < 1000) return false;
  connection.milliTokens -= 1000;
  return true;
}

/** Counts a refusal at `now`; true when the connection went over the abuse threshold. */
export function countRefusal(connection: Limited, options: ResolvedOptions, now: number): boolean {
  connection.refusals ??= [];
  const refusals = connection.refusals;
  refusals.push(now);
  while (refusals.length > 0 && refusals[0]! <= now - options.abuseWindowMs) refusals.shift();
  return refusals.length > options.abuseThreshold;
}

/** True when a connection's send backlog is over the bound (a slow reader). */
export function overBacklog(bufferedAmount: number, options: ResolvedOptions): boolean {
  return bufferedAmount > options.maxBackloggedBytes;
}
