/** Where a room goes: rendezvous hashing over the Janus servers, and the VideoRoom number. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rendezvous, videoRoomNumber } from '../janus/placement.js';

const SERVERS = ['ws://10.0.0.1:8188', 'ws://10.0.0.2:8188', 'ws://10.0.0.3:8188'];
const ROOMS = Array.from({ length: 300 }, (_, i) => `room-${i}`);

test('rendezvous: the same server whatever the order of the list; rooms spread over all', () => {
  const counts = new Map<string, number>();
  for (const room of ROOMS) {
    const chosen = rendezvous(room, SERVERS)!;
    assert.equal(rendezvous(room, [...SERVERS].reverse()), chosen);
    assert.equal(rendezvous(room, [SERVERS[1]!, SERVERS[2]!, SERVERS[0]!]), chosen);
    counts.set(chosen, (counts.get(chosen) ?? 0) + 1);
  }
  for (const server of SERVERS) assert.ok((counts.get(server) ?? 0) > 60, `${server} holds about a third`);
  assert.equal(rendezvous('any', []), undefined);
});

test('rendezvous: a server that goes away moves only its own rooms', () => {
  const without = SERVERS.slice(0, 2);
  for (const room of ROOMS) {
    const before = rendezvous(room, SERVERS);
    if (before !== SERVERS[2]) assert.equal(rendezvous(room, without), before, room);
  }
});

test('videoRoomNumber: a positive safe integer, the same for the same name, different across names', () => {
  const numbers = new Set<number>();
  for (const room of ROOMS) {
    const number = videoRoomNumber(room);
    assert.ok(Number.isSafeInteger(number) && number > 0, String(number));
    assert.equal(videoRoomNumber(room), number);
    numbers.add(number);
  }
  assert.equal(numbers.size, ROOMS.length);
});
