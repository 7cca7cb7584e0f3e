/**
 * The README's promise, checked as a person would: `npm start` prints a URL; two tabs on it
 * show each other's video. Starts the real demo server (the compiled `npm start` entry) on a
 * free loopback port and drives real headless Chromium with fake camera and microphone.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { freePort } from '../support/index.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
// scripts/ is plain JavaScript shared with npm test and the test-runner config (not compiled).
const { browserPaths, CHROMIUM_TEST_ARGS } = (await import(`${root}scripts/browsers.mjs`)) as {
  browserPaths(): { chromium?: string; firefox?: string };
  CHROMIUM_TEST_ARGS: string[];
};
const screenshots = `${root}test-output`;

let demo: ChildProcess | undefined;
let browser: Browser | undefined;
let url = '';

before(async () => {
  const port = await freePort();
  demo = spawn(process.execPath, ['dist/demo/serve.js'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  demo.on('error', () => undefined);
  let output = '';
  url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo printed no URL within 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /(http:\/\/\S+\/demo\/)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    demo!.stdout!.on('data', onData);
    demo!.stderr!.on('data', (chunk: Buffer) => (output += chunk));
    demo!.once('exit', (code) => reject(new Error(`the demo exited (${code}) before printing a URL:\n${output}`)));
  });
  browser = await launch();
});

/** Headless Chromium with fake camera and microphone, as a person's browser with a camera. */
function launch(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: browserPaths().chromium,
    headless: true,
    args: [
      ...CHROMIUM_TEST_ARGS,
      // Each tab renders as if in the foreground, as two windows side by side would.
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
    ],
  });
}

after(async () => {
  await browser?.close();
  if (demo && demo.exitCode === null) {
    const exited = new Promise((resolve) => demo!.once('exit', resolve));
    demo.kill('SIGTERM');
    await exited;
  }
});

/** Presses the lobby's Join button, as a person does once the preview looks right. */
async function joinFromLobby(page: Page) {
  await page.locator('rtc-room >>> [part=join]').click();
}

/** Resolves once the page shows `count` tiles, every one with live video and connected peers. */
async function showsEveryone(page: Page, count: number) {
  await page.waitForFunction(
    (expected: number) => {
      const room = document.querySelector('rtc-room');
      const videos = [...(room?.shadowRoot?.querySelectorAll('rtc-participant') ?? [])].map(
        (tile) => tile.shadowRoot!.querySelector('rtc-video')!,
      );
      return (
        videos.length === expected &&
        videos.every((v) => v.matches(':state(has-video)') && v.matches(':state(playing)')) &&
        [...(room?.shadowRoot?.querySelectorAll('.tile.remote, .tile') ?? [])].every(
          (t) => (t as HTMLElement).dataset.connectionState === 'connected',
        )
      );
    },
    { timeout: 60_000, polling: 200 },
    count,
  );
}

/** Video frames decoded from every remote peer keep rising. */
async function decodesRemoteVideo(page: Page): Promise<number[]> {
  const read = () =>
    page.evaluate(async () => {
      const room = document.querySelector('rtc-room')!;
      const counts: number[] = [];
      for (const participant of room.session!.remote.values()) {
        let frames = 0;
        (await participant.peerConnection!.getStats()).forEach((r) => {
          if (r.type === 'inbound-rtp' && r.kind === 'video') frames += r.framesDecoded ?? 0;
        });
        counts.push(frames);
      }
      return counts;
    });
  const first = await read();
  const deadline = Date.now() + 30_000;
  for (;;) {
    const now = await read();
    if (now.length === first.length && now.every((n, i) => n > first[i]!)) return first;
    assert.ok(Date.now() < deadline, `decoded frames did not rise within 30 s: ${first} -> ${now}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

test('npm start: two tabs on the printed URL see each other', async () => {
  const first = await browser!.newPage();
  await first.setViewport({ width: 1100, height: 700 });
  await first.goto(`${url}?name=Ada`);
  await joinFromLobby(first);
  // The page made up a room and put it in the address bar, so the link can be shared.
  const shared = new URL(first.url());
  const room = shared.searchParams.get('room');
  assert.match(room ?? '', /^[A-Za-z0-9._-]{1,64}$/);
  shared.searchParams.set('name', 'Grace');

  const second = await browser!.newPage();
  await second.setViewport({ width: 1100, height: 700 });
  await second.goto(shared.href);
  await joinFromLobby(second);

  await Promise.all([showsEveryone(first, 2), showsEveryone(second, 2)]);
  const frames = await Promise.all([decodesRemoteVideo(first), decodesRemoteVideo(second)]);
  assert.equal(frames[0].length, 1);
  assert.equal(frames[1].length, 1);

  const labels = await second.evaluate(() =>
    [...document.querySelector('rtc-room')!.shadowRoot!.querySelectorAll('rtc-participant')]
      .map((tile) => tile.shadowRoot!.querySelector('rtc-video')!)
      .map((v) => v.shadowRoot!.querySelector('[part=label]')!.textContent),
  );
  assert.deepEqual(labels, ['Grace (you)', 'Ada']);

  mkdirSync(screenshots, { recursive: true });
  await first.screenshot({ path: `${screenshots}/demo-tab-1.png` });
  await second.screenshot({ path: `${screenshots}/demo-tab-2.png` });

  // Leaving with the controls' Leave button in one tab removes its tile from the other.
  await first.bringToFront();
  await first.locator('rtc-room >>> rtc-controls >>> [part~=leave]').click();
  await second.waitForFunction(
    () => document.querySelector('rtc-room')!.shadowRoot!.querySelectorAll('rtc-participant').length === 1,
    { timeout: 30_000 },
  );
});

test("the README's plain-HTML snippet works as written (it is demo/hello.html)", async () => {
  const { readFileSync } = await import('node:fs');
  const readme = readFileSync(`${root}README.md`, 'utf8');
  const snippet = /```html\n(<!doctype html>[\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(snippet, 'README.md has no ```html block starting with <!doctype html>');
  assert.equal(snippet, readFileSync(`${root}demo/hello.html`, 'utf8'));

  const pages = [await browser!.newPage(), await browser!.newPage()];
  for (const page of pages) await page.goto(new URL('hello.html', url).href);
  for (const page of pages) {
    await page.bringToFront();
    await showsEveryone(page, 2);
  }
  await Promise.all(pages.map((page) => page.close()));
});

test('Chromium and Firefox in one call (interop through the demo page)', async () => {
  const firefox = await puppeteer.launch({
    browser: 'firefox',
    executablePath: browserPaths().firefox,
    headless: true,
    extraPrefsFirefox: {
      'media.navigator.streams.fake': true,
      'media.navigator.permission.disabled': true,
      'media.autoplay.default': 0,
    },
  });
  const room = `interop-${Date.now()}`;
  const chromium = await browser!.newPage();
  try {
    await chromium.goto(`${url}?room=${room}&name=Chromium`);
    await joinFromLobby(chromium);
    const gecko = await firefox.newPage();
    await gecko.goto(`${url}?room=${room}&name=Firefox`);
    await joinFromLobby(gecko);
    await chromium.bringToFront();
    await Promise.all([showsEveryone(chromium, 2), showsEveryone(gecko, 2)]);
    await Promise.all([decodesRemoteVideo(chromium), decodesRemoteVideo(gecko)]);
  } finally {
    await chromium.close();
    await firefox.close();
  }
});
