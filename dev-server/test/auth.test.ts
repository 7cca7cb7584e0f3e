/** Auth (rule 7), Origin allowlist, TURN credentials (rule 8), metrics, CLI option parsing. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { SignJWT } from 'jose';
import { mintToken, verifyJoinToken } from '../auth.js';
import { parseServeArgs } from '../cli.js';
import type { SignalingServer } from '../server.js';
import { CLI_PATH } from '../../test/support/index.js';
import { TestClient, closeAll, joined, startServer } from './helpers.js';

const SECRET = 'test-secret-of-sufficient-length';
const key = new TextEncoder().encode(SECRET);

async function sign(
  claims: Record<string, unknown>,
  options: { secret?: Uint8Array; exp?: number | null; alg?: string } = {},
): Promise<string> {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: options.alg ?? 'HS256' }).setIssuedAt();
  if (options.exp !== null) jwt.setExpirationTime(options.exp ?? Math.floor(Date.now() / 1000) + 60);
  return jwt.sign(options.secret ?? key);
}

describe('auth', () => {
  let server: SignalingServer;
  let url: string;
  const clients: TestClient[] = [];
  before(async () => {
    ({ server, url } = await startServer({ jwtSecret: SECRET }));
  });
  after(async () => {
    await closeAll(clients);
    await server.close();
  });

  async function refused(data: Record<string, unknown>, reason: RegExp): Promise<void> {
    const client = await TestClient.open(url);
    clients.push(client);
    client.send({ type: 'join', data });
    const error = await client.expectError('unauthorized', 'join');
    assert.match((error.data as { message: string }).message, reason);
    assert.equal((await client.closed).code, 4401);
  }

  test('a valid token joins; its name claim replaces the requested name', async () => {
    const a = await TestClient.open(url);
    clients.push(a);
    await a.join('vip', { token: await mintToken({ secret: SECRET, room: 'vip', name: 'From Token' }) });
    const b = await TestClient.open(url);
    clients.push(b);
    const welcome = await b.join('vip', { name: 'Asked', token: await sign({ room: ['other', 'vip'] }) });
    assert.deepEqual((await a.next('peer-joined')).data, { name: 'Asked', state: {} });
    const c = await TestClient.open(url);
    clients.push(c);
    const welcomeC = await c.join('vip', { name: 'Impostor', token: await sign({ room: '*', name: 'Carol' }) });
    assert.deepEqual((await a.next('peer-joined')).data, { name: 'Carol', state: {} });
    assert.ok(welcomeC.peers.some((peer) => peer.id === welcome.id && peer.name === 'Asked'));
  });

  test('missing, expired, wrong-room, unsigned-exp and badly signed tokens: unauthorized, close 4401', async () => {
    await refused({ room: 'vip' }, /required/);
    await refused(
      { room: 'vip', token: await sign({ room: 'vip' }, { exp: Math.floor(Date.now() / 1000) - 10 }) },
      /expired/,
    );
    await refused({ room: 'vip', token: await sign({ room: 'lobby' }) }, /room/);
    await refused({ room: 'vip', token: await sign({ name: 'no room' }) }, /room/);
    await refused({ room: 'vip', token: await sign({ room: 'vip' }, { exp: null }) }, /exp/);
    await refused(
      {
        room: 'vip',
        token: await sign({ room: 'vip' }, { secret: new TextEncoder().encode('another-secret-xxxxxxxxxxxxxxxx') }),
      },
      /signature/,
    );
    await refused({ room: 'vip', token: await sign({ room: 'vip' }, { alg: 'HS512' }) }, /token/);
    await refused({ room: 'vip', token: 'not.a.jwt' }, /token/);
    await refused({ room: 'vip', token: await sign({ room: 'vip', name: 'bad\u0000name' }) }, /name/);
  });

  test('the token subcommand prints a token the server accepts', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [CLI_PATH, 'token', '--room', 'vip', '--name', 'Dev', '--ttl', '60'],
      {
        env: { ...process.env, RTC_JWT_SECRET: SECRET },
      },
    );
    const check = await verifyJoinToken(stdout.trim(), 'vip', key);
    assert.deepEqual(check, { ok: true, name: 'Dev' });
    const client = await TestClient.open(url);
    clients.push(client);
    await client.join('vip', { token: stdout.trim() });
  });
});

describe('origin allowlist', () => {
  test('browser origins not listed get 403 before the socket opens; requests without Origin pass', async () => {
    const { server, url } = await startServer({ allowedOrigins: ['https://app.example', 'http://localhost:8000'] });
    const clients: TestClient[] = [];
    try {
      const good = new TestClient(url, { origin: 'https://app.example' });
      const bad = new TestClient(url, { origin: 'https://evil.example' });
      const none = new TestClient(url);
      clients.push(good, bad, none);
      await good.opened;
      await none.opened;
      await assert.rejects(bad.opened, (error: { status?: number }) => error.status === 403);
      await good.join('o');
    } finally {
      await closeAll(clients);
      await server.close();
    }
  });
});

describe('ice servers', () => {
  test('TURN REST credentials verify by recomputing the HMAC; STUN and static servers are included', async () => {
    const { server, url } = await startServer({
      turnSecret: 'coturn-secret',
      turnUrls: ['turn:turn.example:3478?transport=udp', 'turns:turn.example:5349'],
      turnTtlSeconds: 600,
      stunUrls: ['stun:stun.example:3478'],
      iceServers: [{ urls: 'turn:static.example', username: 'u', credential: 'p' }],
    });
    const clients: TestClient[] = [];
    try {
      const { client, welcome } = await joined(url, 'ice');
      clients.push(client);
      const [stun, fixed, turn] = welcome.iceServers;
      assert.deepEqual(stun, { urls: ['stun:stun.example:3478'] });
      assert.deepEqual(fixed, { urls: 'turn:static.example', username: 'u', credential: 'p' });
      assert.deepEqual(turn!.urls, ['turn:turn.example:3478?transport=udp', 'turns:turn.example:5349']);
      const [expiry, peer] = turn!.username!.split(':');
      assert.equal(peer, welcome.id);
      const now = Math.floor(Date.now() / 1000);
      assert.ok(Math.abs(Number(expiry) - (now + 600)) <= 2, `expiry ${expiry}`);
      assert.equal(turn!.credential, createHmac('sha1', 'coturn-secret').update(turn!.username!).digest('base64'));
    } finally {
      await closeAll(clients);
      await server.close();
    }
  });
});

describe('metrics', () => {
  test('counters move with traffic', async () => {
    const { server, url, httpUrl } = await startServer({ resumeGraceMs: 5000 });
    const clients: TestClient[] = [];
    try {
      const { client: a, welcome: wa } = await joined(url, 'm');
      const { client: b } = await joined(url, 'm');
      clients.push(a, b);
      await a.next('peer-joined');
      b.send({ type: 'offer', to: wa.id, data: { type: 'offer', sdp: '' } });
      b.send({ type: 'offer', to: wa.id, data: { type: 'offer', sdp: '' } });
      b.send({ type: 'ice-candidate', to: wa.id, data: null });
      b.send('junk');
      await b.expectError('bad-json');
      await a.next('offer');
      await a.next('offer');
      await a.next('ice-candidate');
      const text = await (await fetch(`${httpUrl}/metrics`)).text();
      assert.match(text, /rtc_signal_messages_relayed_total\{type="offer"\} 2/);
      assert.match(text, /rtc_signal_messages_relayed_total\{type="ice-candidate"\} 1/);
      assert.match(text, /rtc_signal_errors_total\{code="bad-json"\} 1/);
      assert.match(text, /rtc_signal_joins_total 2/);
      assert.match(text, /rtc_signal_connections 2/);
      assert.match(text, /rtc_signal_rooms 1/);
      assert.match(text, /rtc_signal_peers 2/);
      // A second server in the same process has its own registry.
      const other = await startServer();
      try {
        assert.match(await (await fetch(`${other.httpUrl}/metrics`)).text(), /rtc_signal_joins_total 0/);
      } finally {
        await other.server.close();
      }
    } finally {
      await closeAll(clients);
      await server.close();
    }
  });
});

describe('CLI options', () => {
  test('flags win over environment variables; lists repeat and split on commas', () => {
    const config = parseServeArgs(
      [
        '--port',
        '9000',
        '--turn-url',
        'turn:a',
        '--turn-url=turn:b,turn:c',
        '--max-peers-per-room',
        '4',
        '--log-level',
        'debug',
      ],
      {
        PORT: '1',
        RTC_MAX_PEERS_PER_ROOM: '9',
        RTC_RATE: '7.5',
        RTC_ALLOWED_ORIGINS: 'https://x, https://y',
        RTC_ICE_SERVERS: '[{"urls":"stun:s"}]',
      },
    );
    assert.equal(config.port, 9000);
    assert.equal(config.host, '0.0.0.0');
    assert.deepEqual(config.options.turnUrls, ['turn:a', 'turn:b', 'turn:c']);
    assert.equal(config.options.maxPeersPerRoom, 4);
    assert.equal(config.options.rate, 7.5);
    assert.equal(config.options.logLevel, 'debug');
    assert.deepEqual(config.options.allowedOrigins, ['https://x', 'https://y']);
    assert.deepEqual(config.options.iceServers, [{ urls: 'stun:s' }]);
    assert.throws(() => parseServeArgs(['--ice-servers', '{"urls":1}']), /JSON array/);
    assert.throws(() => parseServeArgs(['--log-level', 'loud']), /log-level/);
    assert.throws(() => parseServeArgs(['--port']), /needs a value/);
  });
});
