/**
 * The reaction rate limit, shared by the server (which refuses a reaction over it: `rate-limited`)
 * and the client's `Meeting` (which neither sends nor shows one the server would refuse): a token
 * bucket of {@link REACTION_BURST} reactions, refilled one every {@link REACTION_REFILL_MS}.
 */

/** Reactions a participant may send at once. */
export const REACTION_BURST = 5;
/** Then one more every this many milliseconds. */
export const REACTION_REFILL_MS = 1000;

/** One participant's bucket: `tokens` in thousandths of a reaction (negative: full), filled `at` (ms). */
export interface ReactionBucket {
  tokens: number;
  at: number;
}

/** A full bucket. */
export const reactionBucket = (): ReactionBucket => ({ tokens: -1, at: 0 });

/** Takes one reaction from `bucket` at `now` (ms); false, and nothing taken, when it is empty. */
export function takeReaction(bucket: ReactionBucket, now: number): boolean {
  const full = REACTION_BURST * 1000;
  const tokens =
    bucket.tokens < 0 ? full : Math.min(full, bucket.tokens + ((now - bucket.at) * 1000) / REACTION_REFILL_MS);
  bucket.at = now;
  const allowed = tokens >= 1000;
  bucket.tokens = allowed ? tokens - 1000 : tokens;
  return allowed;
}
