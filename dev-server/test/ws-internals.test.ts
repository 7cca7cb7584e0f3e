/**
 * The two `ws` internals the server depends on (see `ws-internals.ts`), checked against the ws
 * installed: should an update of ws break one, this fails and says which and why.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { Socket } from 'node:net';
import { test } from 'node:test';
import { WebSocket as Client } from 'ws';
import { FastSocket, WebSocketServer, type RawData } from '../ws-internals.js';

const DEADLINE_MS = 5000;

type Event = [event: string, a: unknown, b: unknown];

test('ws still gives server sockets a writable `_socket` and routes every event through `emit`', async (t) => {
  const events: Event[] = [];
  let serverSocket: Probe | undefined;
  class Probe extends FastSocket {
    protected override receive(event: string | symbol, a: unknown, b: unknown): void {
      events.push([String(event), a, b]);
    }
  }
  const wss = new WebSocketServer({ noServer: true, WebSocket: Probe, perMessageDeflate: false });
  wss.on('error', () => undefined);
  const server = http.createServer();
  server.on('error', () => undefined);
  server.on('upgrade', (req, socket, head) =>
    wss.handleUpgrade(req, socket, head, (ws) => {
      serverSocket = ws as Probe;
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as { port: number };
  const client = new Client(`ws://127.0.0.1:${port}`);
  client.on('error', () => undefined);
  const received: string[] = [];
  client.on('message', (data) => received.push(String(data)));
  await new Promise((resolve, reject) => {
    client.once('open', resolve);
    client.once('error', reject);
  });
  const until = async (what: string, done: () => boolean): Promise<void> => {
    const deadline = Date.now() + DEADLINE_MS;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`no ${what} within ${DEADLINE_MS} ms`);
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  await until('server socket', () => serverSocket !== undefined);
  const socket = serverSocket!;

  assert.ok(
    socket._socket instanceof Socket,
    'ws no longer keeps the TCP socket in `_socket` on its server sockets: FastSocket.sendText would ' +
      'fall back to `send` (two writes a message, slower), and remoteAddress() would be empty. ' +
      'Update dev-server/ws-internals.ts for this ws.',
  );

  socket.sendText('héllo 😀');
  socket.sendText('x'.repeat(70_000));
  await until('text frames', () => received.length === 2);
  assert.deepEqual(
    received.map((text) => text.slice(0, 12)),
    ['héllo 😀', 'x'.repeat(12)],
    'a frame FastSocket.sendText wrote to `_socket` did not arrive as the text message: ws writes ' +
      'differently now. Update dev-server/ws-internals.ts for this ws.',
  );
  assert.equal(received[1]!.length, 70_000);
  assert.equal(socket.remoteAddress(), '127.0.0.1');

  client.send('ping?');
  client.ping();
  await until('message and pong', () => events.some(([event]) => event === 'message'));
  const message = events.find(([event]) => event === 'message')!;
  assert.ok(
    Buffer.isBuffer(message[1] as RawData) && message[2] === false,
    'ws no longer emits `message` with (data, isBinary) through `emit`: FastSocket.receive (the ' +
      'server) would not see frames. Update dev-server/ws-internals.ts for this ws.',
  );
  assert.equal(String(message[1]), 'ping?');
  socket.ping();
  await until('pong', () => events.some(([event]) => event === 'pong'));
  client.close(1000, 'bye');
  await until('close', () => events.some(([event]) => event === 'close')).catch(() => {
    throw new Error('ws no longer emits `close` through `emit`. Update dev-server/ws-internals.ts for this ws.');
  });
  const close = events.find(([event]) => event === 'close')!;
  assert.equal(
    close[1],
    1000,
    'ws no longer emits `close` with the code first through `emit`: the server would not see ' +
      'connections end. Update dev-server/ws-internals.ts for this ws.',
  );
  // ws answers the client's ping itself; what it emits is `ping`, also through `emit`.
  assert.ok(
    events.some(([event]) => event === 'ping'),
    'ws no longer emits `ping` through `emit`: its events bypass FastSocket.receive. Update ' +
      'dev-server/ws-internals.ts for this ws.',
  );
  wss.close();
});
