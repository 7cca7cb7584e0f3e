/** Test helpers: a WebSocket client that awaits messages, and in-process servers. */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { WebSocket } from 'ws';
import type { ServerMessage, WelcomeData } from '../../src/core/protocol.js';
import { SignalingServer } from '../server.js';
import type { SignalingServerOptions } from '../options.js';

/** Generous deadline for anything that must happen. */
export const DEADLINE_MS = 5000;

export type Received = ServerMessage & { from?: string; [key: string]: unknown };

/** A real `ws` client that queues what it receives and lets a test await it in order. */
export class TestClient {
  readonly ws: WebSocket;
  readonly received: Received[] = [];
  /** Non-JSON frames, if the server ever sent one. */
  readonly junk: string[] = [];
  private waiters: Array<() => void> = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly opened: Promise<void>;
  closeInfo: { code: number; reason: string } | undefined;

  constructor(url: string, options: { origin?: string; headers?: Record<string, string> } = {}) {
    this.ws = new WebSocket(url, {
      ...(options.origin ? { origin: options.origin } : {}),
      ...(options.headers ? { headers: options.headers } : {}),
    });
    this.ws.on('error', () => {});
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('unexpected-response', (_req, res) =>
        reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })),
      );
      this.ws.once('close', () => reject(new Error('closed before open')));
    });
    this.opened.catch(() => {});
    this.closed = new Promise((resolve) => {
      this.ws.once('close', (code, reason) => {
        this.closeInfo = { code, reason: reason.toString() };
        resolve(this.closeInfo);
        this.wake();
      });
    });
    this.ws.on('message', (data) => {
      const text = data.toString();
      try {
        this.received.push(JSON.parse(text) as Received);
      } catch {
        this.junk.push(text);
      }
      this.wake();
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Opens a client and waits for the connection. */
  static async open(url: string, options?: { origin?: string }): Promise<TestClient> {
    const client = new TestClient(url, options);
    await client.opened;
    return client;
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Waits until `predicate` finds something in the unread messages; removes and returns it. */
  async take(
    predicate: (message: Received, index: number) => boolean,
    what: string,
    timeoutMs: number,
  ): Promise<Received> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.received.findIndex(predicate);
      if (index !== -1) return this.received.splice(index, 1)[0]!;
      if (this.closeInfo) {
        throw new Error(
          `socket closed (${this.closeInfo.code} ${this.closeInfo.reason}) while waiting for ${what}; unread: ${JSON.stringify(this.received)}`,
        );
      }
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`timed out waiting for ${what}; unread: ${JSON.stringify(this.received).slice(0, 2000)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The next message, which must be of `type` (strict: anything else first fails the test). */
  async next(type?: string, timeoutMs = DEADLINE_MS): Promise<Received> {
    const message = await this.take(
      (_m, index) => index === 0,
      `the next message${type ? ` (${type})` : ''}`,
      timeoutMs,
    );
    if (type !== undefined) assert.equal(message.type, type, `expected ${type}, got ${JSON.stringify(message)}`);
    return message;
  }

  /** The first unread message of `type`, skipping (and keeping) others. */
  async nextOf(type: string, timeoutMs = DEADLINE_MS): Promise<Received> {
    return this.take((message) => message.type === type, type, timeoutMs);
  }

  /** The next message, which must be an `error` with `code` (and `ref` when given). */
  async expectError(code: string, ref?: string): Promise<Received> {
    const message = await this.next('error');
    const data = message.data as { code: string; ref?: string; message: string };
    assert.equal(data.code, code, `expected error ${code}, got ${JSON.stringify(message)}`);
    assert.equal(typeof data.message, 'string');
    if (ref !== undefined) assert.equal(data.ref, ref);
    return message;
  }

  /** Joins and returns the welcome data. */
  async join(room: string, extra: Record<string, unknown> = {}): Promise<WelcomeData> {
    this.send({ type: 'join', data: { room, ...extra } });
    const welcome = await this.next('welcome');
    return welcome.data as WelcomeData;
  }

  /**
   * Proves that nothing arrived: sends a message the server must refuse (an unknown type), waits
   * for that refusal, and checks that nothing came before it.
   */
  async expectNothing(): Promise<void> {
    const probe = `probe-${Math.random().toString(36).slice(2)}`;
    this.send({ type: probe });
    const message = await this.next('error');
    assert.equal(
      (message.data as { ref?: string }).ref,
      probe,
      `something arrived before the probe: ${JSON.stringify(message)}`,
    );
  }

  close(code?: number): Promise<{ code: number; reason: string }> {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(code);
    return this.closed;
  }

  /** Drops the TCP connection without a close frame (the server sees an abnormal close). */
  terminate(): void {
    this.ws.terminate();
  }
}

/** Opens a client to `server` and keeps it in `clients` (to close them all after). */
export async function openOn(server: { url: string }, clients: TestClient[]): Promise<TestClient> {
  const client = await TestClient.open(server.url);
  clients.push(client);
  return client;
}

/** Starts an in-process server on 127.0.0.1, any port; quiet unless something goes wrong. */
export async function startServer(
  options: SignalingServerOptions = {},
): Promise<{ server: SignalingServer; url: string; httpUrl: string; port: number }> {
  const server = new SignalingServer({ logLevel: 'error', ...options });
  const { url, httpUrl, port } = await server.listen({ port: 0, host: '127.0.0.1' });
  return { server, url, httpUrl, port };
}

/** A client that has joined `room`. */
export async function joined(
  url: string,
  room: string,
  name?: string,
): Promise<{ client: TestClient; welcome: WelcomeData }> {
  const client = await TestClient.open(url);
  const welcome = await client.join(room, name === undefined ? {} : { name });
  return { client, welcome };
}

/** Closes every client given, ignoring failures. */
export async function closeAll(clients: Array<TestClient | undefined>): Promise<void> {
  await Promise.all(clients.map((client) => client?.close().catch(() => undefined)));
}

/**
 * Polls `/healthz` until `predicate` holds. Only for server-side state no client can observe
 * through an event (e.g. that the server noticed a dropped TCP connection).
 */
export async function waitForHealth(
  httpUrl: string,
  predicate: (health: { connections: number; peers: number; rooms: number }) => boolean,
  timeoutMs = DEADLINE_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const health = (await (await fetch(`${httpUrl}/healthz`)).json()) as {
      connections: number;
      peers: number;
      rooms: number;
    };
    if (predicate(health)) return;
    if (Date.now() > deadline) throw new Error(`health never matched: ${JSON.stringify(health)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Polls `condition` until it holds. Only for what no client can observe through a message (a
 * server's log line, the contents of Redis).
 */
export async function eventually(condition: () => boolean | Promise<boolean>, timeoutMs = DEADLINE_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`still not true after ${timeoutMs} ms: ${condition.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** `promise`, or a failure naming `what` after `timeoutMs`. */
export async function within<T>(promise: Promise<T>, what: string, timeoutMs = DEADLINE_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A server for the suite it is called in: started before its tests, closed after them with the
 * clients the tests put in `clients`.
 */
export function suiteServer(options: SignalingServerOptions): {
  server: SignalingServer;
  url: string;
  clients: TestClient[];
} {
  const suite = { server: undefined as unknown as SignalingServer, url: '', clients: [] as TestClient[] };
  before(async () => {
    ({ server: suite.server, url: suite.url } = await startServer(options));
  });
  after(async () => {
    await closeAll(suite.clients);
    await suite.server.close();
  });
  return suite;
}
