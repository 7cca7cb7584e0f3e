/**
 * Helpers of the node tests that drive real headless Chromium through pages served over HTTP:
 * a small static server on 127.0.0.1 (its own port, so its own origin), one browser per test
 * file, and the check that two pages are in a call with each other.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** The repository root (this file runs from dist/test/node). */
export const root = fileURLToPath(new URL('../../..', import.meta.url));

// scripts/ is plain JavaScript shared with npm test and the test-runner config (not compiled).
const { browserPaths, CHROMIUM_TEST_ARGS, FIREFOX_TEST_PREFS } = (await import(`${root}scripts/browsers.mjs`)) as {
  browserPaths(): { chromium?: string; firefox?: string };
  CHROMIUM_TEST_ARGS: string[];
  FIREFOX_TEST_PREFS: Record<string, unknown>;
};
/** The browser tests' preferences for Firefox (scripts/browsers.mjs), for `launchFirefox`. */
export { FIREFOX_TEST_PREFS };

/** Headless Chromium with fake camera and microphone; every tab renders as if in front. `extra`: more flags. */
export function launchChromium(extra: readonly string[] = []): Promise<Browser> {
  const executablePath = browserPaths().chromium;
  assert.ok(executablePath, 'Chromium is not installed (Debian package "chromium", or set CHROMIUM_PATH)');
  return puppeteer.launch({
    executablePath,
    headless: true,
    args: [
      ...CHROMIUM_TEST_ARGS,
      '--autoplay-policy=no-user-gesture-required',
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
      ...extra,
    ],
  });
}

/** Headless Firefox with fake camera and microphone, which plays sound without a gesture. `prefs`: more preferences. */
export function launchFirefox(prefs: Record<string, unknown> = {}): Promise<Browser> {
  const executablePath = browserPaths().firefox;
  assert.ok(executablePath, 'Firefox is not installed (Debian package "firefox-esr", or set FIREFOX_PATH)');
  return puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    extraPrefsFirefox: {
      'media.navigator.streams.fake': true,
      'media.navigator.permission.disabled': true,
      'media.autoplay.default': 0,
      ...prefs,
    },
  });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticServerOptions {
  /** A directory to serve (`/` and `/x/` serve its `index.html`s). */
  dir?: string;
  /** Files by URL path: text to send, or `{ file }` to read from disk. Tried before `dir`. */
  files?: Map<string, string | { file: string }>;
  /** Send `Access-Control-Allow-Origin: *`, as public CDNs do (needed for cross-origin module scripts). */
  cors?: boolean;
}

export interface StaticServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  /** What `files` was given (or an empty map): add pages to it while the server runs. */
  files: Map<string, string | { file: string }>;
  close(): Promise<void>;
}

/** A static HTTP server on a free port of 127.0.0.1. GET and HEAD only; anything else is 405. */
export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const files = options.files ?? new Map<string, string | { file: string }>();
  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer, head: boolean): void => {
    res.writeHead(status, {
      'content-type': type,
      'cache-control': 'no-store',
      ...(options.cors && { 'access-control-allow-origin': '*' }),
    });
    res.end(head ? undefined : body);
  };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'Method Not Allowed', false);
    const head = req.method === 'HEAD';
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const entry = files.get(path);
    if (typeof entry === 'string') return send(res, 200, TYPES[extname(path)] ?? TYPES['.html']!, entry, head);
    let file = entry?.file;
    if (!file && options.dir) {
      const resolved = normalize(join(options.dir, path.endsWith('/') ? `${path}index.html` : path));
      if (resolved.startsWith(normalize(options.dir + sep))) file = resolved;
    }
    if (!file) return send(res, 404, 'text/plain', 'Not Found', head);
    try {
      const body = await readFile(file);
      send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', body, head);
    } catch {
      send(res, 404, 'text/plain', 'Not Found', head);
    }
  };
  const server = createServer((req, res) => {
    res.on('error', () => undefined);
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'text/plain', 'Internal Server Error', false);
      else res.destroy();
    });
  });
  server.on('error', () => undefined);
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    files,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A page that keeps what it printed and threw, to explain a failure. */
export interface TrackedPage {
  page: Page;
  /** Console lines and uncaught errors, in order. */
  log: string[];
  /** Uncaught exceptions only. */
  errors: string[];
}

/** `window`: a window of its own (a tab behind another is hidden); `init`: runs before the page's scripts. */
export async function openPage(
  browser: Browser,
  url: string,
  options: { window?: boolean; init?: (() => void) | Array<() => void> } = {},
): Promise<TrackedPage> {
  const page = await browser.newPage(options.window ? { type: 'window' } : undefined);
  for (const init of [options.init ?? []].flat()) await page.evaluateOnNewDocument(init);
  const tracked: TrackedPage = { page, log: [], errors: [] };
  page.on('console', (message) => tracked.log.push(`console.${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    tracked.errors.push(text);
    tracked.log.push(`uncaught: ${text}`);
  });
  page.on('requestfailed', (request) => tracked.log.push(`request failed: ${request.url()}`));
  await page.setViewport({ width: 900, height: 600 });
  await page.goto(url);
  return tracked;
}

/** What the page's `<rtc-room>` shows, for failure messages. */
export function describeRoom(page: Page): Promise<string> {
  return page
    .evaluate(() => {
      const room = document.querySelector('rtc-room');
      if (!room) return 'no <rtc-room> in the page';
      const tiles = [...(room.shadowRoot?.querySelectorAll<HTMLElement>('.tile') ?? [])].map((tile) => {
        const video = tile.shadowRoot?.querySelector('rtc-video');
        const states = ['has-video', 'playing'].filter((s) => video?.matches(`:state(${s})`));
        return `${tile.dataset.connectionState}[${states.join(',')}]`;
      });
      const text = ((document.querySelector('#app') ?? document.body).textContent ?? '')
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, 200);
      return `defined=${!!customElements.get('rtc-room')} state=${room.state} error=${room.error?.code ?? '-'} tiles=${tiles.join(' ')} page text: "${text}"`;
    })
    .catch((error: unknown) => `(could not read the page: ${String(error)})`);
}

/** Waits for `predicate` in the page; on timeout, fails with what the room showed and the page's log. */
export async function waitInPage(
  tracked: TrackedPage,
  what: string,
  predicate: () => boolean,
  timeout = 60_000,
): Promise<void> {
  try {
    await tracked.page.waitForFunction(predicate, { timeout, polling: 200 });
  } catch (error) {
    const room = await describeRoom(tracked.page);
    assert.fail(
      `${what} (${tracked.page.url()}): ${(error as Error).message}\n  room: ${room}\n  ${tracked.log.join('\n  ')}`,
    );
  }
}

/** Video frames decoded from the remote peer so far (the page holds one `<rtc-room>` with one peer). */
function framesDecoded(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const room = document.querySelector('rtc-room')!;
    let frames = 0;
    for (const participant of room.session?.remote.values() ?? []) {
      (await participant.peerConnection?.getStats())?.forEach((report) => {
        if (report.type === 'inbound-rtp' && report.kind === 'video') frames += report.framesDecoded ?? 0;
      });
    }
    return frames;
  });
}

/**
 * The two pages are in a call with each other: each `<rtc-room>` is `:state(connected)` and shows
 * two tiles, the remote peer connection is connected, the remote `<rtc-video>` plays live video,
 * and decoded video frames keep rising. Returns each page's remote tile label.
 */
export async function expectCall(pages: TrackedPage[]): Promise<string[]> {
  const labels: string[] = [];
  for (const tracked of pages) {
    // Only the page in front renders video frames in one headless Chromium.
    await tracked.page.bringToFront();
    await waitInPage(tracked, 'the room did not show a connected two-party call', () => {
      const room = document.querySelector('rtc-room');
      const tiles = [...(room?.shadowRoot?.querySelectorAll<HTMLElement>('.tile') ?? [])];
      const remote = room?.shadowRoot?.querySelector('.tile[part~=remote]')?.shadowRoot?.querySelector('rtc-video');
      const peers = [...(room?.session?.remote.values() ?? [])];
      return (
        !!room?.matches(':state(connected)') &&
        tiles.length === 2 &&
        tiles.every((tile) => tile.dataset.connectionState === 'connected') &&
        peers.length === 1 &&
        peers[0]!.peerConnection?.connectionState === 'connected' &&
        !!remote?.matches(':state(has-video)') &&
        remote.matches(':state(playing)')
      );
    });
    // Frames keep arriving (no event says so: read the stats until they rise).
    const first = await framesDecoded(tracked.page);
    const deadline = Date.now() + 30_000;
    for (let now = first; now <= first; now = await framesDecoded(tracked.page)) {
      assert.ok(Date.now() < deadline, `decoded video frames did not rise past ${first} within 30 s`);
      await delay(200);
    }
    labels.push(
      await tracked.page.evaluate(
        () =>
          document
            .querySelector('rtc-room')!
            .shadowRoot!.querySelector('.tile[part~=remote]')!
            .shadowRoot!.querySelector('rtc-video')!
            .shadowRoot!.querySelector('[part=label]')!.textContent ?? '',
      ),
    );
  }
  for (const tracked of pages) assert.deepEqual(tracked.errors, [], `uncaught errors in ${tracked.page.url()}`);
  return labels;
}

/**
 * Presses the lobby's Join, as a person does once the lobby has settled, and waits for the
 * room's session. The lobby's device picker is a chunk of its own and grows as it renders (its
 * devices), which moves Join some 44 px down on a 700-px page: a click aimed before the move
 * lands beside it (a browser's first page, six pages starting on two cores). So Join is clicked
 * once it has held still for 200 ms, and clicked again if no session came (at most three times).
 */
export async function joinFromLobby(page: Page, who = 'the page'): Promise<void> {
  const joinBox = () =>
    page.evaluate(() => {
      const box = document.querySelector('rtc-room')?.shadowRoot?.querySelector('[part=join]')?.getBoundingClientRect();
      return box ? `${box.x},${box.y},${box.width},${box.height}` : null;
    });
  const joined = () =>
    page
      .waitForFunction(() => !!document.querySelector('rtc-room')?.session, { timeout: 10_000 })
      .then(
        () => true,
        () => false,
      );
  for (let attempt = 1; attempt <= 3; attempt++) {
    const deadline = Date.now() + 30_000;
    for (let last = await joinBox(); Date.now() < deadline; ) {
      await delay(200);
      const now = await joinBox();
      if (now && now === last) break;
      last = now;
    }
    await page.locator('rtc-room >>> [part=join]').click();
    if (await joined()) return;
  }
  assert.fail(`${who} did not join after three clicks on Join: ${await describeRoom(page)}`);
}
