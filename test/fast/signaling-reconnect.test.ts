/**
 * The fast layer, signaling half: the core's `SignalingClient` against a real `rtc-signal`
 * process that the test kills (state lost) and starts again on the same port, or whose
 * connections a proxy cuts (state kept). The backoff schedule, the queue of relays held while
 * reconnecting, and the `resumed: false` path (a fresh identity), each `REPEAT` times in a row
 * (below). Small backoff settings keep it to seconds. No WebRTC: every engine runs it.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { resolveSignalingUrl, SignalingClient, type SignalingClientOptions } from '../../src/core/index.js';
import type { RelayedMessage, WelcomeData } from '../../src/core/protocol.js';
import { retryDelay } from '../../src/core/reconnect.js';
import { nextEvent, uniqueRoom } from '../browser/helpers.js';
import { engine } from '../browser/skip.js';
import { fastRepeat } from './repeat.js';

type Detail<T> = CustomEvent<T>;
type Server = { id: string; url: string };

/**
 * How many rounds: `FAST_REPEAT` when set, else 20 in Chromium and 3 in the other engines (the
 * client is the same code everywhere; each round of the kill case starts a server process, and CI
 * time counts).
 */
const REPEAT = fastRepeat(engine === 'chromium' ? 20 : 3);
const FAST: SignalingClientOptions = { retryBaseMs: 20, retryMaxMs: 160, joinTimeoutMs: 5_000 };

describe('SignalingClient reconnects (fast layer)', () => {
  let clients: SignalingClient[] = [];
  const started: string[] = [];

  function client(url: string, options: SignalingClientOptions = FAST): SignalingClient {
    const made = new SignalingClient(url, options);
    clients.push(made);
    return made;
  }

  function welcomed(c: SignalingClient) {
    return nextEvent<Detail<{ welcome: WelcomeData; resumed: boolean }>>(c, 'welcome');
  }

  async function startServer(): Promise<Server> {
    const server = await executeServerCommand<Server, { args: string[] }>('rtc-server-start', { args: [] });
    started.push(server.id);
    return server;
  }

  afterEach(async () => {
    for (const c of clients) c.close();
    clients = [];
    for (const id of started.splice(0)) await executeServerCommand('rtc-stop', { id });
  });

  it('the backoff schedule: half to all of min(max, base × 2^n), the defaults as documented', () => {
    for (let n = 0; n < 12; n++) {
      const ceiling = Math.min(3_000, 250 * 2 ** n);
      expect(retryDelay(n, 250, 3_000, () => 0)).to.equal(Math.round(ceiling / 2));
      expect(retryDelay(n, 250, 3_000, () => 1)).to.equal(ceiling);
      const any = retryDelay(n);
      expect(any).to.be.within(ceiling / 2 - 1, ceiling + 1);
    }
    expect(retryDelay(1_000, 250, 3_000, () => 1)).to.equal(3_000);
  });

  it(`a killed server: backs off while it is down, never gives up, then joins afresh (resumed: false) — ${REPEAT} times`, async function () {
    this.timeout(30_000 + REPEAT * 10_000);
    const server = await startServer();
    for (let round = 0; round < REPEAT; round++) {
      const room = uniqueRoom(`fast-kill-${round}`);
      const ada = client(server.url);
      const bob = client(server.url);
      const first = await ada.join({ room, name: 'Ada', state: { round } });
      const bobFirst = await bob.join({ room, name: 'Bob' });

      // Down: every try waits within the schedule, in order, and the client keeps trying.
      const waits: { attempt: number; delay: number; read: boolean }[] = [];
      ada.addEventListener('retry', (e) =>
        waits.push({
          attempt: e.detail.attempt,
          delay: e.detail.at - Date.now(),
          read: ada.nextRetryAt === e.detail.at,
        }),
      );
      const tries = nextEvent<Detail<{ attempt: number }>>(ada, 'retry', (e) => e.detail.attempt === 3, 15_000);
      await executeServerCommand('rtc-server-kill', { id: server.id });
      await tries;
      expect(ada.state).to.equal('reconnecting');
      expect(ada.nextRetryAt).to.be.a('number');
      expect(waits.map((w) => w.attempt)).to.deep.equal([0, 1, 2, 3]);
      for (const { attempt, delay, read } of waits) {
        const ceiling = Math.min(160, 20 * 2 ** attempt);
        // Read a moment after it was set: never more than the ceiling, and at most a busy
        // machine's pause under half of it (retryDelay's own case checks the exact bounds).
        expect(delay, `try ${attempt}`).to.be.within(ceiling / 2 - 25, ceiling + 1);
        expect(read, `nextRetryAt during the retry event of try ${attempt}`).to.equal(true);
      }
      // Held while down, for peers of our old identity; the latest state is kept, not a backlog.
      ada.send('offer', bobFirst.id, { type: 'offer', sdp: 'for the old id' });
      ada.update({ state: { round, down: true } });
      ada.update({ state: { round, latest: true } });

      // Back (state lost): a fresh join for both, new ids, no resume; the queue is dropped.
      const adaBack = welcomed(ada);
      const bobBack = welcomed(bob);
      await executeServerCommand('rtc-server-restart', { id: server.id });
      const [a, b] = [(await adaBack).detail, (await bobBack).detail];
      expect(a.resumed).to.equal(false);
      expect(b.resumed).to.equal(false);
      expect(a.welcome.id).to.not.equal(first.id);
      expect(ada.state).to.equal('joined');
      expect(ada.nextRetryAt).to.equal(null);
      // Whoever came back second finds the other, with the latest state.
      const adaSecond = b.welcome.peers.some((p) => p.id === a.welcome.id);
      if (adaSecond) {
        expect(b.welcome.peers.find((p) => p.id === a.welcome.id)?.state).to.deep.equal({ round, latest: true });
      } else {
        expect(a.welcome.peers.map((p) => p.id)).to.deep.equal([b.welcome.id]);
      }
      // Relays work under the new ids, and nothing queued for the old ones arrived.
      const got: RelayedMessage[] = [];
      bob.addEventListener('signal', (e) => got.push(e.detail));
      const relayed = nextEvent<Detail<RelayedMessage>>(bob, 'signal', (e) => (e.detail.data as unknown) === 'after');
      ada.send('ice-candidate', b.welcome.id, 'after');
      await relayed;
      expect(got.map((m) => m.data)).to.deep.equal(['after']);
      for (const c of clients) c.close();
      clients = [];
    }
  });

  it(`a cut connection: relays sent while reconnecting are queued, bounded, and sent after the resume — ${REPEAT} times`, async function () {
    this.timeout(30_000 + REPEAT * 5_000);
    const proxy = await executeServerCommand<Server, { target: string }>('rtc-proxy-start', {
      target: resolveSignalingUrl(undefined),
    });
    started.push(proxy.id);
    for (let round = 0; round < REPEAT; round++) {
      const room = uniqueRoom(`fast-queue-${round}`);
      const cut = client(proxy.url, { ...FAST, maxQueuedMessages: 3 });
      const steady = client(resolveSignalingUrl(undefined));
      const { id } = await cut.join({ room, name: 'Cut' });
      const other = await steady.join({ room, name: 'Steady' });
      const received: unknown[] = [];
      steady.addEventListener('signal', (e) => received.push(e.detail.data));
      // The moment the socket is gone: five relays, of which the last three are kept.
      cut.addEventListener('state', (e) => {
        if (e.detail.state !== 'reconnecting') return;
        for (let n = 1; n <= 5; n++) cut.send('ice-candidate', other.id, { n });
      });
      const back = welcomed(cut);
      await executeServerCommand('rtc-proxy-drop', { id: proxy.id });
      const { resumed, welcome } = (await back).detail;
      expect(resumed).to.equal(true);
      expect(welcome.id).to.equal(id);
      const last = nextEvent(steady, 'signal', (e: Detail<RelayedMessage>) => (e.detail.data as unknown) === 'done');
      cut.send('ice-candidate', other.id, 'done');
      await last;
      expect(received).to.deep.equal([{ n: 3 }, { n: 4 }, { n: 5 }, 'done']);
      for (const c of clients) c.close();
      clients = [];
    }
  });

  it('retryNow() and the window’s online event try at once, however long the wait', async function () {
    this.timeout(60_000);
    const server = await startServer();
    const slow = client(server.url, { retryBaseMs: 120_000, retryMaxMs: 120_000 });
    await slow.join({ room: uniqueRoom('fast-now') });
    const waiting = nextEvent<Detail<{ at: number }>>(slow, 'retry');
    await executeServerCommand('rtc-server-kill', { id: server.id });
    expect((await waiting).detail.at - Date.now()).to.be.greaterThan(50_000);
    await executeServerCommand('rtc-server-restart', { id: server.id });
    const back = welcomed(slow);
    slow.retryNow();
    expect((await back).detail.resumed).to.equal(false);

    const again = nextEvent<Detail<{ at: number }>>(slow, 'retry');
    await executeServerCommand('rtc-server-kill', { id: server.id });
    await again;
    await executeServerCommand('rtc-server-restart', { id: server.id });
    const online = welcomed(slow);
    window.dispatchEvent(new Event('online'));
    expect((await online).detail.resumed).to.equal(false);
  });

  it('gives up only when told to: reconnectWindowMs, then connection-lost', async function () {
    this.timeout(30_000);
    const server = await startServer();
    const bounded = client(server.url, { ...FAST, reconnectWindowMs: 300 });
    await bounded.join({ room: uniqueRoom('fast-window') });
    const closed = nextEvent<Detail<{ error?: { code: string } }>>(bounded, 'closed');
    await executeServerCommand('rtc-server-kill', { id: server.id });
    expect((await closed).detail.error?.code).to.equal('connection-lost');
    expect(bounded.nextRetryAt).to.equal(null);
  });
});
