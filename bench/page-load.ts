/**
 * The demo's first load as a person's browser sees it: `npm start`'s page opened once in a fresh
 * browser context with the HTTP cache off, counted from the navigation until the lobby shows
 * (`<rtc-room lobby>` in its `lobby` state, its Join button rendered). The requests and the bytes
 * come from Chromium's network events (DevTools protocol), so the bytes are what crossed the wire:
 * compressed bodies plus headers.
 *
 * `test/node/demo.test.ts` asserts on it; `npm run bench` reports it. Run alone (after a build):
 * `node dist/bench/page-load.js` starts the demo server and prints one measurement as JSON.
 */
import { spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser } from 'puppeteer-core';
import { freePort, stopper, track, waitForLine } from '../test/support/index.js';

/** What the first load cost. */
export interface PageLoad {
  /** Requests the page made until the lobby showed (the document, scripts, anything else). */
  requests: number;
  /** Bytes received for those requests, headers included, as they crossed the wire (compressed). */
  transferredBytes: number;
  /** Milliseconds from the navigation's start until the lobby showed. */
  lobbyShownMs: number;
  /** Each request: its URL, status and bytes received (to explain a figure). */
  resources: Array<{ url: string; status: number; bytes: number }>;
}

/**
 * Opens `url` (the demo page) in a fresh context of `browser` (no cookies, no cache, as a first
 * visit) and measures its load until the lobby shows. The browser needs a camera (the lobby's
 * preview asks for one): headless Chromium with fake devices, as `launchChromium` starts it.
 */
export async function measurePageLoad(browser: Browser, url: string, timeoutMs = 30_000): Promise<PageLoad> {
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    await page.setViewport({ width: 1100, height: 700 });
    const cdp = await page.createCDPSession();
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    // Every request made until the lobby shows, in order; a redirect's next hop is one more.
    const requests: Array<{ url: string; status: number; bytes: number; done: boolean }> = [];
    const current = new Map<string, (typeof requests)[number]>();
    let counting = true;
    cdp.on('Network.requestWillBeSent', (event) => {
      const redirected = current.get(event.requestId);
      if (redirected && event.redirectResponse) {
        Object.assign(redirected, {
          status: event.redirectResponse.status,
          bytes: event.redirectResponse.encodedDataLength,
          done: true,
        });
      }
      if (!counting || event.request.url.startsWith('data:')) return;
      const request = { url: event.request.url, status: 0, bytes: 0, done: false };
      requests.push(request);
      current.set(event.requestId, request);
    });
    cdp.on('Network.responseReceived', (event) => {
      const request = current.get(event.requestId);
      if (request) request.status = event.response.status;
    });
    cdp.on('Network.loadingFinished', (event) => {
      const request = current.get(event.requestId);
      if (request) Object.assign(request, { bytes: event.encodedDataLength, done: true });
    });
    cdp.on('Network.loadingFailed', (event) => {
      const request = current.get(event.requestId);
      if (request) request.done = true;
    });

    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: timeoutMs });
    const shown = await page.waitForFunction(
      () => {
        const room = document.querySelector('rtc-room');
        return room?.matches(':state(lobby)') && room.shadowRoot?.querySelector('[part=join]')
          ? performance.now()
          : false;
      },
      { polling: 'raf', timeout: timeoutMs },
    );
    const lobbyShownMs = (await shown.jsonValue()) as number;
    counting = false;
    // The requests made until then may still be arriving: wait for each to finish (or fail).
    const deadline = Date.now() + timeoutMs;
    while (requests.some((request) => !request.done) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const resources = requests.map(({ url, status, bytes }) => ({ url, status, bytes }));
    return {
      requests: resources.length,
      transferredBytes: resources.reduce((sum, resource) => sum + resource.bytes, 0),
      lobbyShownMs: Math.round(lobbyShownMs),
      resources,
    };
  } finally {
    await context.close();
  }
}

/** A running demo server. */
export interface DemoServer {
  /** The URL it printed (`http://127.0.0.1:<port>/demo/`). */
  url: string;
  stop(): Promise<number | null>;
}

/**
 * Starts the demo server on a free port of 127.0.0.1 and resolves with the URL it prints:
 * `npm start`'s `dist/demo/serve.js` unless `entry` names another (`dist/demo/dev.js`).
 */
export async function startDemo(
  options: { entry?: string; args?: string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<DemoServer> {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const port = await freePort();
  const demo = spawn(process.execPath, [options.entry ?? 'dist/demo/serve.js', ...(options.args ?? [])], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  track(demo);
  const url = await waitForLine(demo, 'the demo server', (line) => /(http:\/\/\S+\/demo\/)/.exec(line)?.[1], 30_000);
  return { url, stop: stopper(demo) };
}

// Run alone: one measurement of the demo as `npm start` serves it, printed as JSON.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  const { launchChromium } = await import('../test/node/browser-call.js');
  const demo = await startDemo();
  const browser = await launchChromium();
  try {
    const load = await measurePageLoad(browser, `${demo.url}?room=page-load&name=Bench`);
    console.log(JSON.stringify(load, null, 2));
  } finally {
    await browser.close();
    await demo.stop();
  }
}
