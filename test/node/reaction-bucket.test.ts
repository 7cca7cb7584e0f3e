/**
 * The reaction rate limit the server and the client share (src/core/reaction-bucket.ts), and the
 * client's `Meeting.react` keeping to it: a reaction the server would refuse (`rate-limited`) is
 * neither sent nor shown on the sender's own tile. Pure logic: the room is a plain fake.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Meeting } from '../../src/core/meeting.js';
import type { RoomSession } from '../../src/core/room-types.js';
import { REACTION_BURST, REACTION_REFILL_MS, reactionBucket, takeReaction } from '../../src/core/reaction-bucket.js';

describe('the reaction rate limit', () => {
  test('a full bucket gives a burst, then one more per refill time', () => {
    const bucket = reactionBucket();
    const taken = Array.from({ length: REACTION_BURST + 1 }, () => takeReaction(bucket, 10_000));
    assert.deepEqual(taken, [...Array(REACTION_BURST).fill(true), false]);
    assert.equal(takeReaction(bucket, 10_000 + REACTION_REFILL_MS / 2), false, 'half a refill is not one');
    assert.equal(takeReaction(bucket, 10_000 + REACTION_REFILL_MS), true, 'a whole refill is');
    assert.equal(takeReaction(bucket, 10_000 + REACTION_REFILL_MS), false);
    assert.equal(takeReaction(bucket, 10_000 + 100 * REACTION_REFILL_MS), true);
    const after = Array.from({ length: REACTION_BURST + 1 }, () =>
      takeReaction(bucket, 10_000 + 100 * REACTION_REFILL_MS),
    );
    assert.equal(after.filter(Boolean).length, REACTION_BURST - 1, 'it never holds more than the burst');
  });

  test('Meeting.react sends and shows a reaction only while the server would take it', () => {
    const sent: unknown[] = [];
    const room = Object.assign(new EventTarget(), {
      local: { id: 'me' },
      meet: (message: unknown) => sent.push(message),
    }) as unknown as RoomSession;
    const meeting = new Meeting(room);
    const shown: string[] = [];
    meeting.addEventListener('reaction', (e) => shown.push(e.detail.emoji));
    const results = Array.from({ length: REACTION_BURST + 2 }, () => meeting.react('🎉'));
    assert.deepEqual(results, [...Array(REACTION_BURST).fill(true), false, false]);
    assert.equal(sent.length, REACTION_BURST, 'the refused ones are not sent');
    assert.deepEqual(sent[0], { type: 'reaction', data: { emoji: '🎉' } });
    assert.equal(shown.length, REACTION_BURST, 'nor shown here');
    meeting.dispose();
  });
});
