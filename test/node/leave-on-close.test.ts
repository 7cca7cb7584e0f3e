/**
 * How fast the others see someone go: a page that closes normally leaves at once (`pagehide`
 * sends `leave`), so its tile goes within a second; a page whose browser is killed (no goodbye,
 * the OS closes its socket) goes once the server's resume grace is over, within the documented
 * bound of heartbeat and grace. Real Chromium pages with the bundle, a real `rtc-signal` process
 * (short heartbeat and grace here, so the test takes seconds).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { startServerProcess, type ServerProcess } from '../support/index.js';
import { launchChromium, openPage, root, startStaticServer, type StaticServer, waitInPage } from './browser-call.js';

const bundle = `${root}dist/rtc-elements.js`;
const HEARTBEAT_MS = 1_000;
const GRACE_MS = 2_000;

let site: StaticServer | undefined;
let server: ServerProcess | undefined;
let browser: Browser | undefined;
let doomed: Browser | undefined;

before(async () => {
  assert.ok(existsSync(bundle), `${bundle} is missing: run npm run build first`);
  site = await startStaticServer({ files: new Map([['/rtc-elements.js', { file: bundle }]]) });
  [server, browser, doomed] = await Promise.all([
    startServerProcess(['--heartbeat-ms', String(HEARTBEAT_MS), '--resume-grace-ms', String(GRACE_MS)]),
    launchChromium(),
    launchChromium(),
  ]);
});

after(async () => {
  await Promise.all([browser?.close(), doomed?.close().catch(() => undefined), server?.stop(), site?.close()]);
});

function page(room: string, name: string): string {
  const path = `/${room}/${name}.html`;
  site!.files.set(
    path,
    `<!doctype html><meta charset="utf-8" /><title>${name}</title>
<script type="module" src="/rtc-elements.js"></script>
<rtc-room room="${room}" name="${name}" server="${server!.url}"></rtc-room>`,
  );
  return `${site!.origin}${path}`;
}

test('a page that closes leaves within 1 s; a killed one within heartbeat + grace', async () => {
  const room = `leave-${Date.now()}`;
  const ada = await openPage(browser!, page(room, 'Ada'));
  const bo = await openPage(browser!, page(room, 'Bo'));
  const killed = await openPage(doomed!, page(room, 'Killed'));
  for (const tracked of [ada, bo, killed]) {
    await waitInPage(
      tracked,
      'the three pages did not see each other',
      () => document.querySelector('rtc-room')?.session?.participants.length === 3,
    );
  }

  const closed = Date.now();
  await bo.page.close();
  await waitInPage(
    ada,
    'the closed page stayed',
    () => document.querySelector('rtc-room')?.session?.participants.length === 2,
    5_000,
  );
  const closeMs = Date.now() - closed;
  assert.ok(closeMs < 1_000, `the closed page went after ${closeMs} ms, not within 1 s`);

  const killedAt = Date.now();
  // The whole process group (the browser, its network service, its renderers): no goodbye at all.
  process.kill(-doomed!.process()!.pid!, 'SIGKILL');
  await waitInPage(
    ada,
    'the killed page stayed',
    () => document.querySelector('rtc-room')?.session?.participants.length === 1,
    30_000,
  );
  const killMs = Date.now() - killedAt;
  // The bound: the server notices the socket (at once when the OS closes it, else after two
  // missed pongs, under 3 heartbeats), then keeps the peer resumable for the grace period.
  const bound = 3 * HEARTBEAT_MS + GRACE_MS + 1_000;
  assert.ok(killMs <= bound, `the killed page went after ${killMs} ms, over the ${bound} ms bound`);
  console.log(`closed page gone after ${closeMs} ms; killed page gone after ${killMs} ms (bound ${bound} ms)`);
});
