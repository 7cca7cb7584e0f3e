/**
 * The framework proofs in examples/ work as built: `buildExamples()` (npm run build:examples)
 * builds plain HTML, React 19 and Vue 3 pages into dist/examples/; a static server on its own
 * origin serves them, a real `rtc-signal` process on another, and two pages of each example call
 * each other in headless Chromium. For React and Vue, what the app shows comes from the rtc-*
 * events it listens to, and the `media` property it binds reaches the element as a property.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { freePort, startServerProcess, type ServerProcess } from '../support/index.js';
import {
  expectCall,
  launchChromium,
  openPage,
  root,
  startStaticServer,
  type StaticServer,
  type TrackedPage,
  waitInPage,
} from './browser-call.js';

const { buildExamples } = (await import(`${root}scripts/build-examples.mjs`)) as {
  buildExamples(options: {
    outDir?: string;
    logLevel?: 'info' | 'warn' | 'error' | 'silent';
  }): Promise<{ outDir: string; took: Record<string, number> }>;
};

let site: StaticServer | undefined;
let signal: ServerProcess | undefined;
let browser: Browser | undefined;
/** A signaling URL where nothing listens. */
let unreachable = '';

before(async () => {
  // Build first: the two cores are better spent on Vite than on a browser starting meanwhile.
  const { outDir, took } = await buildExamples({ logLevel: 'warn' });
  console.log(`built the examples in ms: ${JSON.stringify(took)}`);
  [site, signal, browser, unreachable] = await Promise.all([
    startStaticServer({ dir: outDir }),
    startServerProcess([]),
    launchChromium(),
    freePort().then((port) => `ws://127.0.0.1:${port}/signal`),
  ]);
});

after(async () => {
  await browser?.close();
  await Promise.all([signal?.stop(), site?.close()]);
});

function url(example: string, query: Record<string, string>): string {
  return `${site!.origin}/${example}/?${new URLSearchParams(query)}`;
}

/** Opens the example twice in one new room, as Ada and Grace, and checks they are in a call. */
async function call(example: string, check?: (page: TrackedPage) => Promise<void>) {
  const room = `${example}-${Date.now()}`;
  const pages: TrackedPage[] = [];
  try {
    for (const name of ['Ada', 'Grace'])
      pages.push(await openPage(browser!, url(example, { room, name, server: signal!.url })));
    assert.deepEqual(await expectCall(pages), ['Grace', 'Ada']);
    for (const page of pages) await check?.(page);
    mkdirSync(`${root}test-output`, { recursive: true });
    await pages[1]!.page.screenshot({ path: `${root}test-output/example-${example}.png` });
  } finally {
    await Promise.all(pages.map(({ page }) => page.close()));
  }
}

/**
 * The app's text comes from the events: two people (rtc-joined + rtc-peer-joined), `connected`
 * (rtc-state-change). `media` was set as a property (no attribute) and used: the camera runs at
 * the 640×360 it asks for, with the microphone.
 */
async function showsEventsAndProperty(tracked: TrackedPage) {
  await waitInPage(tracked, 'the app did not show two people, connected', () => {
    const text = (selector: string) => document.querySelector(selector)?.textContent?.trim();
    return text('#people') === '2 people' && text('#state') === 'connected';
  });
  const shown = await tracked.page.evaluate(() => {
    const room = document.querySelector('rtc-room')!;
    const stream = room.session!.localStream!;
    const video = stream.getVideoTracks()[0]?.getSettings();
    return {
      error: document.querySelector('#error')?.textContent ?? null,
      mediaAttribute: room.getAttribute('media'),
      media: room.media,
      camera: video && `${video.width}x${video.height}`,
      microphones: stream.getAudioTracks().length,
    };
  });
  assert.deepEqual(shown, {
    error: null,
    mediaAttribute: null,
    media: { audio: true, video: { width: 640, height: 360 } },
    camera: '640x360',
    microphones: 1,
  });
}

/** With a server that is not there, the app shows the rtc-error event's code and the `error` state. */
async function showsError(
  example: string,
  at = url(example, { room: `${example}-alone`, server: unreachable }),
): Promise<string[]> {
  const tracked = await openPage(browser!, at);
  try {
    await waitInPage(tracked, 'the app did not show the error', () => {
      const text = (selector: string) => document.querySelector(selector)?.textContent?.trim();
      return text('#error') === 'server-unreachable' && text('#state') === 'error';
    });
    assert.ok(await tracked.page.evaluate(() => document.querySelector('rtc-room')!.matches(':state(error)')));
    assert.deepEqual(tracked.errors, []);
    // What the page printed besides the expected failure to connect, Vite's client and Lit's dev-mode note.
    const unexpected = tracked.log.filter(
      (line) =>
        /^console\.(warn|error)/.test(line) &&
        !/Failed to load resource|WebSocket connection to .* failed|Lit is in dev mode/.test(line),
    );
    assert.deepEqual(unexpected, []);
    return tracked.log;
  } finally {
    await tracked.page.close();
  }
}

test('plain HTML: the page with one script tag, two tabs in a call', async () => {
  await call('plain');
});

test('React 19: a call; the app shows what the rtc-* events said and set the media property', async () => {
  await call('react', showsEventsAndProperty);
  await showsError('react');
});

test('Vue 3: a call; the app shows what the rtc-* events said and set the media property', async () => {
  await call('vue', showsEventsAndProperty);
  await showsError('vue');
});

/**
 * The example as its README runs it in development (`npx vite examples/<name>`): the dev builds of
 * React and Vue warn about what they dislike (Vue: a custom element it tried to resolve as a
 * component, without `isCustomElement`), and no such warning appears. The page runs against an
 * unreachable server, so the app shows the error from its rtc-error listener.
 */
async function inViteDevServer(example: string) {
  const { createServer } = await import('vite');
  const exampleRoot = `${root}examples/${example}`;
  const server = await createServer({
    root: exampleRoot,
    configFile: `${exampleRoot}/vite.config.mjs`,
    configLoader: 'native',
    // Each example its own pre-bundled dependencies, kept between runs (the default is one
    // cache for both, rebuilt on every switch).
    cacheDir: `${root}node_modules/.vite/examples-${example}`,
    logLevel: 'warn',
    server: { host: '127.0.0.1', port: 0 },
  });
  try {
    await server.listen();
    const base = server.resolvedUrls!.local[0]!;
    const log = await showsError(
      example,
      `${base}?${new URLSearchParams({ room: `${example}-dev`, server: unreachable })}`,
    );
    // Development builds indeed (Lit says so in its development build only).
    assert.ok(
      log.some((line) => line.includes('Lit is in dev mode')),
      `not a development build:\n${log.join('\n')}`,
    );
  } finally {
    await server.close();
  }
}

test('React and Vue examples in Vite dev mode: wired, and no warning from React or Vue', async () => {
  await inViteDevServer('react');
  await inViteDevServer('vue');
});

test("the React example's JSX typing of <rtc-room> type-checks (tsc -p examples/react)", async () => {
  const tsc = spawn(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${root}examples/react`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  for (const stream of [tsc.stdout, tsc.stderr]) stream.on('data', (chunk: Buffer) => (output += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    tsc.on('error', reject);
    tsc.on('close', resolve);
  });
  assert.equal(code, 0, output);
});

test('examples/README.md shows the tested files exactly as they are', () => {
  const readme = readFileSync(`${root}examples/README.md`, 'utf8');
  const shown = [...readme.matchAll(/`(examples\/[^`]+)`:\n\n```\w+\n([\s\S]*?)```/g)];
  assert.deepEqual(
    shown.map(([, path]) => path),
    [
      'examples/react/src/VideoCall.tsx',
      'examples/react/src/rtc-elements.d.ts',
      'examples/vue/vite.config.mjs',
      'examples/vue/src/VideoCall.vue',
    ],
  );
  for (const [, path, code] of shown) assert.equal(code, readFileSync(`${root}${path}`, 'utf8'), `${path} differs`);
});
