/**
 * The README's promise, checked as a person would: `npm start` prints a URL; two tabs on it
 * show each other's video. Starts the real demo server (the compiled `npm start` entry) on a
 * free loopback port and drives real headless Chromium with fake camera and microphone. The
 * page's first load is measured (bench/page-load.ts, also in `npm run bench`): the built bundle,
 * compressed, in at most 10 requests and 80 KB until the lobby shows. `npm run dev`'s server
 * serves the same page from the unbundled modules.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { type DemoServer, measurePageLoad, startDemo } from '../../bench/page-load.js';
import { PAGE_LOAD_GOAL } from '../../bench/report-documents.js';
import { joinFromLobby, launchFirefox } from './browser-call.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
// scripts/ is plain JavaScript shared with npm test and the test-runner config (not compiled).
const { browserPaths, CHROMIUM_TEST_ARGS } = (await import(`${root}scripts/browsers.mjs`)) as {
  browserPaths(): { chromium?: string; firefox?: string };
  CHROMIUM_TEST_ARGS: string[];
};
const screenshots = `${root}test-output`;

let demo: DemoServer | undefined;
let browser: Browser | undefined;
let url = '';

before(async () => {
  demo = await startDemo();
  url = demo.url;
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
  await demo?.stop();
});

/**
 * Resolves once the page shows `count` tiles, every one with live video and connected peers (in
 * one headless Chromium only the page in front renders: bring it to the front first). On a
 * timeout, says what each tile showed.
 */
async function showsEveryone(page: Page, count: number) {
  const tiles = () =>
    page.evaluate(() =>
      [...(document.querySelector('rtc-room')?.shadowRoot?.querySelectorAll<HTMLElement>('.tile') ?? [])].map(
        (tile) => {
          const video = tile.shadowRoot?.querySelector('rtc-video');
          return {
            connection: tile.dataset.connectionState,
            video: !!video?.matches(':state(has-video)'),
            playing: !!video?.matches(':state(playing)'),
          };
        },
      ),
    );
  try {
    await page.waitForFunction(
      (expected: number) => {
        const room = document.querySelector('rtc-room');
        const videos = [...(room?.shadowRoot?.querySelectorAll('rtc-participant') ?? [])].map(
          (tile) => tile.shadowRoot!.querySelector('rtc-video')!,
        );
        const tiles = [...(room?.shadowRoot?.querySelectorAll<HTMLElement>('.tile') ?? [])];
        return (
          videos.length === expected &&
          videos.every((v) => v.matches(':state(has-video)') && v.matches(':state(playing)')) &&
          tiles.length === expected &&
          tiles.every((t) => t.dataset.connectionState === 'connected')
        );
      },
      { timeout: 60_000, polling: 200 },
      count,
    );
  } catch (error) {
    throw new Error(`${page.url()} did not show ${count} playing, connected tiles: ${JSON.stringify(await tiles())}`, {
      cause: error,
    });
  }
}

/** Video frames decoded from each of the `peers` remote peers keep rising (none: a failure). */
async function decodesRemoteVideo(page: Page, peers: number): Promise<number[]> {
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
  assert.equal(first.length, peers, `the page decodes video from ${first.length} remote peer(s), not ${peers}`);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const now = await read();
    if (now.length === peers && now.every((n, i) => n > first[i]!)) return first;
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

  // One page at a time in front (only that one renders): each shows both tiles playing.
  for (const page of [first, second]) {
    await page.bringToFront();
    await showsEveryone(page, 2);
  }
  await Promise.all([decodesRemoteVideo(first, 1), decodesRemoteVideo(second, 1)]);

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

/** A GET on the demo server with these request headers: status, headers and the body as sent. */
function get(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>(
    (resolve, reject) => {
      const req = request(new URL(path, url), { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    },
  );
}

test('npm start: the first load is the built bundle, compressed: at most 10 requests and 80 KB until the lobby shows', async (t) => {
  const load = await measurePageLoad(browser!, `${url}?room=first-load&name=Ada`);
  const list = load.resources.map((r) => `  ${r.status} ${r.bytes} B ${r.url}`).join('\n');
  t.diagnostic(`${load.requests} requests, ${load.transferredBytes} bytes, lobby at ${load.lobbyShownMs} ms`);
  const goal = PAGE_LOAD_GOAL;
  assert.ok(
    load.requests <= goal.requests,
    `${load.requests} requests before the lobby showed (at most ${goal.requests}):\n${list}`,
  );
  assert.ok(
    load.transferredBytes <= goal.transferredBytes,
    `${load.transferredBytes} bytes transferred before the lobby showed (at most ${goal.transferredBytes} bytes):\n${list}`,
  );
  assert.ok(
    load.resources.some((r) => new URL(r.url).pathname === '/dist/rtc-elements.js' && r.status === 200),
    `the page did not load the bundle:\n${list}`,
  );
  assert.ok(
    !load.resources.some((r) => new URL(r.url).pathname.startsWith('/dist/src/')),
    `the page loaded unbundled modules:\n${list}`,
  );
});

test('npm start: the bundle goes out compressed by Accept-Encoding, with its type, Vary and cache headers', async () => {
  const bundle = readFileSync(`${root}dist/rtc-elements.js`);
  const page = await get('/demo/', { 'accept-encoding': 'br' });
  assert.equal(page.status, 200);
  assert.equal(page.headers['content-encoding'], 'br');
  assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(page.headers['cache-control'], 'no-cache');
  const html = brotliDecompressSync(page.body).toString('utf8');
  // The page names the bundle with its content hash, so that URL can be cached for good.
  const versioned = /src="\.\.(\/dist\/rtc-elements\.js\?v=[\w-]+)"/.exec(html)?.[1];
  assert.ok(versioned, `the page names no versioned bundle:\n${html}`);

  const br = await get(versioned, { 'accept-encoding': 'gzip, deflate, br' });
  const gzip = await get(versioned, { 'accept-encoding': 'gzip' });
  const plain = await get(versioned);
  for (const [response, encoding] of [
    [br, 'br'],
    [gzip, 'gzip'],
    [plain, undefined],
  ] as const) {
    assert.equal(response.status, 200);
    assert.equal(response.headers['content-encoding'], encoding);
    assert.equal(response.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(response.headers.vary, 'Accept-Encoding');
    assert.equal(response.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(Number(response.headers['content-length']), response.body.length);
  }
  assert.deepEqual(brotliDecompressSync(br.body), bundle);
  assert.deepEqual(gunzipSync(gzip.body), bundle);
  assert.deepEqual(plain.body, bundle);
  assert.ok(br.body.length < bundle.length / 3, `brotli: ${br.body.length} of ${bundle.length} bytes`);
  // Each representation has its own ETag; a browser that has it gets a 304.
  assert.equal(new Set([br, gzip, plain].map((r) => r.headers.etag)).size, 3);
  const again = await get(versioned, { 'accept-encoding': 'br', 'if-none-match': String(br.headers.etag) });
  assert.equal(again.status, 304);
  assert.equal(again.body.length, 0);
  // Without the current hash the bundle is revalidated, not kept for a year.
  assert.equal((await get('/dist/rtc-elements.js')).headers['cache-control'], 'no-cache');
  // Only the demo's files are served: not the package, not the unbundled modules.
  assert.equal((await get('/package.json')).status, 404);
  assert.equal((await get('/dist/src/define.js')).status, 404);
  // The chunks the bundle imports when needed: a language, the English error texts, the detailed statistics.
  for (const chunk of ['/dist/locales/de.js', '/dist/locales/en-errors.js', '/dist/parts/stats-details.js']) {
    const response = await get(chunk, { 'accept-encoding': 'gzip' });
    assert.equal(response.status, 200, chunk);
    assert.equal(response.headers['content-type'], 'text/javascript; charset=utf-8', chunk);
    assert.deepEqual(gunzipSync(response.body), readFileSync(`${root}${chunk.slice(1)}`), chunk);
  }
});

test('npm start: ?lang=de shows the lobby in German, its strings loaded beside the bundle', async () => {
  const page = await browser!.newPage();
  try {
    const loaded: string[] = [];
    page.on('response', (response) => loaded.push(`${response.status()} ${new URL(response.url()).pathname}`));
    await page.goto(`${url}?room=german&name=Ada&lang=de`);
    await page.waitForFunction(
      () =>
        document.querySelector('rtc-room')?.shadowRoot?.querySelector('[part=join]')?.textContent?.trim() ===
        'Teilnehmen',
      { timeout: 30_000 },
    );
    assert.ok(loaded.includes('200 /dist/locales/de.js'), `de.js not loaded:\n${loaded.join('\n')}`);
  } finally {
    await page.close();
  }
});

test('npm run dev: the same page from the unbundled modules, the lobby shows', async () => {
  const dev = await startDemo({ entry: 'dist/demo/dev.js', args: ['--no-watch'] });
  try {
    const load = await measurePageLoad(browser!, `${dev.url}?room=dev&name=Ada`);
    const paths = load.resources.map((r) => new URL(r.url).pathname);
    assert.ok(paths.includes('/dist/src/define.js'), `the page did not load dist/src/define.js:\n${paths.join('\n')}`);
    assert.ok(
      paths.some((path) => path.startsWith('/node_modules/lit')),
      `the page did not load Lit from node_modules:\n${paths.join('\n')}`,
    );
  } finally {
    await dev.stop();
  }
});

test("the README's plain-HTML snippet works as written (it is demo/hello.html)", async () => {
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
  const firefox = await launchFirefox();
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
    await Promise.all([decodesRemoteVideo(chromium, 1), decodesRemoteVideo(gecko, 1)]);
  } finally {
    await chromium.close();
    await firefox.close();
  }
});
