/** Limits (rule 4) and abuse (rule 3): each on a small in-process server of its own. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import type { WebSocket } from 'ws';
import { TestClient, closeAll, joined, startServer } from './helpers.js';

const sdp = (bytes: number): { type: 'offer'; sdp: string } => ({ type: 'offer', sdp: 'x'.repeat(bytes) });

describe('limits', () => {
  test('rate limit: messages over the bucket get rate-limited and are dropped', async () => {
    const { server, url } = await startServer({ rate: 0.01, burst: 5, abuseThreshold: 1000 });
    const clients: TestClient[] = [];
    try {
      const { client: a, welcome: wa } = await joined(url, 'r'); // join took 1 token
      const { client: b, welcome: wb } = await joined(url, 'r');
      clients.push(a, b);
      await a.next('peer-joined');
      for (let i = 0; i < 8; i++) a.send({ type: 'ice-candidate', to: wb.id, data: { candidate: `c${i}` } });
      for (let i = 0; i < 4; i++) assert.deepEqual((await b.next('ice-candidate')).data, { candidate: `c${i}` });
      for (let i = 4; i < 8; i++) await a.expectError('rate-limited', 'ice-candidate');
      // b has its own bucket.
      b.send({ type: 'answer', to: wa.id, data: { type: 'answer', sdp: '' } });
      await a.next('answer');
      await b.expectNothing();
    } finally {
      await closeAll(clients);
      await server.close();
    }
  });

  test('sustained abuse: a flood of refused messages closes the connection with 1008', async () => {
    const { server, url } = await startServer({ rate: 1, burst: 10, abuseThreshold: 20 });
    const clients: TestClient[] = [];
    try {
      const { client: a } = await joined(url, 'flood');
      const { client: b, welcome: wb } = await joined(url, 'flood');
      clients.push(a, b);
      await a.next('peer-joined');
      for (let i = 0; i < 100; i++) b.send({ type: 'ice-candidate', to: 'nobody-here', data: null });
      assert.equal((await b.closed).code, 1008);
      const errors = b.received.filter((message) => message.type === 'error');
      assert.equal(errors.length, 21, 'one error per refusal until the threshold is passed');
      assert.equal(errors.at(-1)!.data.code, 'rate-limited');
      assert.equal((await a.next('peer-left')).from, wb.id);
      // Bad JSON counts as well.
      const c = await TestClient.open(url);
      clients.push(c);
      for (let i = 0; i < 30; i++) c.send('{');
      assert.equal((await c.closed).code, 1008);
    } finally {
      await closeAll(clients);
      await server.close();
    }
  });

  test('room-full: peers per room', async () => {
    const { server, url } = await startServer({ maxPeersPerRoom: 2 });
    const clients: TestClient[] = [];
    try {
      const { client: a } = await joined(url, 'small');
      const { client: b } = await joined(url, 'small');
      const c = await TestClient.open(url);
      clients.push(a, b, c);
      c.send({ type: 'join', data: { room: 'small' } });
      await c.expectError('room-full', 'join');
      await a.next('peer-joined');
      await a.expectNothing();
      b.send({ type: 'leave' });
      await a.next('peer-left');
      const welcome = await c.join('small');
      assert.equal(welcome.peers.length, 1);
    } finally {
      await closeAll(clients);
      await server.close();
    }
  });

  test('room-full: rooms per process', async () => {
    const { server, url } = await startServer({ maxRooms: 2 });
    const clients: TestClient[] = [];
    try {
      clients.push((await joined(url, 'one')).client, (await joined(url, 'two')).client);
      const c = await TestClient.open(url);
      clients.push(c);
      c.send({ type: 'join', data: { room: 'three' } });
      await c.expectError('room-full', 'join');
      await c.join('two');
    } finally {
      await closeAll(clients);
      await server.close();
    }
  });

  test('connections per process: one more is closed with 1013', async () => {
    const { server, url } = await startServer({ maxConnections: 2 });
    const clients: TestClient[] = [];
    try {
      clients.push(await TestClient.open(url), await TestClient.open(url));
      const third = new TestClient(url);
      clients.push(third);
      assert.equal((await third.closed).code, 1013);
      await clients[0]!.close();
      const again = await TestClient.open(url);
      clients.push(again);
      await again.join('room');
    } finally {
      await closeAll(clients);
      await server.close();
    }
  });

  test('a slow reader is closed instead of buffered without bound', async () => {
    const { server, url } = await startServer({
      rate: 10_000,
      burst: 10_000,
      maxBackloggedBytes: 256 * 1024,
      heartbeatMs: 60_000,
    });
    const clients: TestClient[] = [];
    try {
      const { client: a } = await joined(url, 'slow');
      const { client: b, welcome: wb } = await joined(url, 'slow');
      clients.push(a, b);
      await a.next('peer-joined');
      (b.ws as WebSocket & { _socket: { pause(): void } })._socket.pause();
      const offer = { type: 'offer', to: wb.id, data: sdp(60 * 1024) };
      // Push until the server gives up on b (a's own sends pace on a's send buffer).
      for (let i = 0; i < 2000 && !a.received.some((m) => m.type === 'peer-left'); i++) {
        a.send(offer);
        if (i % 10 === 9) await new Promise((resolve) => setImmediate(resolve));
        while (a.ws.bufferedAmount > 1024 * 1024) await new Promise((resolve) => setTimeout(resolve, 5));
      }
      assert.equal((await a.nextOf('peer-left')).from, wb.id);
      const metric = await server.metrics.registry.getSingleMetricAsString('rtc_signal_closes_total');
      assert.match(metric, /reason="slow-reader"} 1/);
      b.terminate();
    } finally {
      await closeAll(clients);
      await server.close();
    }
  });
});

/** A small deterministic PRNG, so that a failure can be replayed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('fuzz: thousands of junk frames leave the server healthy and other rooms undisturbed', async () => {
  const { server, url, httpUrl } = await startServer({
    rate: 1e6,
    burst: 1e6,
    abuseThreshold: 1e6,
    maxFrameBytes: 4096,
  });
  const clients: TestClient[] = [];
  try {
    const { client: a } = await joined(url, 'pair-room');
    const { client: b, welcome: wb } = await joined(url, 'pair-room');
    clients.push(a, b);
    await a.next('peer-joined');
    const random = prng(20261125);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const types = [
      'join',
      'leave',
      'offer',
      'answer',
      'ice-candidate',
      'welcome',
      'error',
      '',
      'JOIN',
      '__proto__',
      'constructor',
    ];
    const values: unknown[] = [
      null,
      true,
      0,
      -1,
      1e308,
      '',
      'x',
      [],
      {},
      [1, [2]],
      { room: 'legit' },
      { __proto__: { room: 'x' } },
      'legit',
      wb.id,
    ];
    const randomValue = (depth = 0): unknown => {
      const r = random();
      if (depth > 3 || r < 0.5) return pick(values);
      if (r < 0.75) return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(depth + 1));
      return Object.fromEntries(
        Array.from({ length: Math.floor(random() * 4) }, () => [
          pick(['room', 'name', 'token', 'resume', 'to', 'data', 'type', 'x']),
          randomValue(depth + 1),
        ]),
      );
    };
    const fuzzers = [await TestClient.open(url), await TestClient.open(url), await TestClient.open(url)];
    clients.push(...fuzzers);
    for (let i = 0; i < 3000; i++) {
      const client = fuzzers[i % fuzzers.length]!;
      const r = random();
      if (r < 0.2) client.ws.send(randomBytes(Math.floor(random() * 200)), { binary: random() < 0.5 });
      else if (r < 0.4) client.send(JSON.stringify(randomValue()));
      else if (r < 0.42)
        client.send('{"type":"join","data":{"__proto__":{"room":"x"},"room":"legit"},"__proto__":{"type":"leave"}}');
      else if (r < 0.9) {
        const message: Record<string, unknown> = { type: pick(types) };
        for (const field of ['to', 'data', 'from']) if (random() < 0.6) message[field] = randomValue();
        client.send(message);
      } else client.send(JSON.stringify(randomValue()).slice(0, Math.floor(random() * 20)));
    }
    // Every fuzzer's frames have been handled once its probe is answered.
    for (const client of fuzzers) {
      const probe = `probe-${Math.random()}`;
      client.send({ type: probe });
      await client.take(
        (message) => message.type === 'error' && (message.data as { ref?: string }).ref === probe,
        'probe',
        20_000,
      );
      assert.equal(client.junk.length, 0, 'every reply is JSON');
    }
    const health = await fetch(`${httpUrl}/healthz`);
    assert.equal(health.status, 200);
    a.send({ type: 'offer', to: wb.id, data: { type: 'offer', sdp: 'still-works' } });
    assert.equal(((await b.next('offer')).data as { sdp: string }).sdp, 'still-works');
  } finally {
    await closeAll(clients);
    await server.close();
  }
});
