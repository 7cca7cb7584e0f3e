/**
 * The single-file bundle as a CDN user has it: a plain page on one origin (the plain-HTML
 * snippet of examples/README.md) loads `dist/rtc-elements.js` with one `<script type="module">`
 * from another origin (a "CDN", which sends `Access-Control-Allow-Origin: *` as jsDelivr and
 * unpkg do) and talks to a signaling server on a third origin, a real `rtc-signal` process. Two
 * such pages call each other; with `--allowed-origins` the server lets the page's origin in, and
 * refuses a page whose origin it does not list.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { startServerProcess, type ServerProcess } from '../support/index.js';
import { eventually } from '../../dev-server/test/helpers.js';
import {
  expectCall,
  launchChromium,
  openPage,
  root,
  startStaticServer,
  type StaticServer,
  waitInPage,
} from './browser-call.js';

const bundle = `${root}dist/rtc-elements.js`;

let site: StaticServer | undefined;
let cdn: StaticServer | undefined;
let browser: Browser | undefined;
const servers: Record<'open' | 'allowing' | 'refusing', ServerProcess | undefined> = {
  open: undefined,
  allowing: undefined,
  refusing: undefined,
};

before(async () => {
  assert.ok(existsSync(bundle), `${bundle} is missing: run npm run build first`);
  [site, cdn] = await Promise.all([
    startStaticServer({}),
    startStaticServer({
      cors: true,
      files: new Map([
        ['/rtc-elements.js', { file: bundle }],
        ['/rtc-elements.js.map', { file: `${bundle}.map` }],
        // The shipped locales and the parts, beside the bundle as on a CDN: it imports a locale when a
        // page uses its language, a part when it is first needed (the stats sampler as a call starts).
        ...['locales', 'parts'].flatMap((folder) =>
          readdirSync(`${root}dist/${folder}`).map(
            (file) => [`/${folder}/${file}`, { file: `${root}dist/${folder}/${file}` }] as const,
          ),
        ),
      ]),
    }),
  ]);
  assert.notEqual(site.origin, cdn.origin);
  [servers.open, servers.allowing, servers.refusing, browser] = await Promise.all([
    startServerProcess([]),
    startServerProcess(['--allowed-origins', site.origin]),
    // The CDN's origin is listed, the page's is not: what counts is the page that opens the socket.
    startServerProcess(['--allowed-origins', `https://elsewhere.example,${cdn.origin}`]),
    launchChromium(),
  ]);
});

after(async () => {
  await browser?.close();
  await Promise.all([...Object.values(servers).map((server) => server?.stop()), site?.close(), cdn?.close()]);
});

// The page is examples/README.md's plain-HTML snippet, pointed at this test's CDN and server.
const snippet = /```html\n([\s\S]*?)```/.exec(readFileSync(`${root}examples/README.md`, 'utf8'))?.[1] ?? '';
const SNIPPET_CDN = 'https://cdn.jsdelivr.net/npm/rtc-elements@0.1.0/dist/rtc-elements.js';
const SNIPPET_SERVER = 'wss://signal.example.com/signal';

/**
 * The snippet as a CDN user writes it, with these values (and `<html lang>` when `lang` is given);
 * the page also records every rtc-error.
 */
function addPage(path: string, attributes: { room: string; name: string; server: string }, lang?: string): string {
  for (const part of [`src="${SNIPPET_CDN}"`, 'room="hello"', 'name="Ada"', `server="${SNIPPET_SERVER}"`]) {
    assert.ok(snippet.includes(part), `the README's plain-HTML snippet has no ${part}:\n${snippet}`);
  }
  const html = `<!doctype html>${lang ? `\n<html lang="${lang}">` : ''}
<meta charset="utf-8" />
<title>rtc-elements from a CDN</title>
${snippet
  .replace(SNIPPET_CDN, `${cdn!.origin}/rtc-elements.js`)
  .replace('room="hello"', `room="${attributes.room}"`)
  .replace('name="Ada"', `name="${attributes.name}"`)
  .replace(SNIPPET_SERVER, attributes.server)}
<script>
  window.rtcErrors = [];
  document.addEventListener('rtc-error', (e) => rtcErrors.push({ code: e.code, fatal: e.fatal, message: e.error.message }));
</script>
`;
  site!.files.set(path, html);
  return `${site!.origin}${path}`;
}

async function callThrough(server: ServerProcess, label: string) {
  const room = `cdn-${label}-${Date.now()}`;
  const ada = await openPage(browser!, addPage(`/${label}/ada.html`, { room, name: 'Ada', server: server.url }));
  const grace = await openPage(browser!, addPage(`/${label}/grace.html`, { room, name: 'Grace', server: server.url }));
  try {
    // Three origins: the page's, the script's and the signaling server's.
    assert.equal(new Set([site!.port, cdn!.port, server.port]).size, 3);
    const labels = await expectCall([ada, grace]);
    assert.deepEqual(labels, ['Grace', 'Ada']);
    for (const { page } of [ada, grace]) {
      assert.deepEqual(await page.evaluate(() => (window as unknown as { rtcErrors: unknown[] }).rtcErrors), []);
    }
  } finally {
    await Promise.all([ada.page.close(), grace.page.close()]);
  }
}

test('two pages on another origin call each other through a server with no origin list', async () => {
  await callThrough(servers.open!, 'open');
});

test("two pages call each other through a server whose --allowed-origins lists the page's origin", async () => {
  await callThrough(servers.allowing!, 'allowing');
  assert.ok(
    !servers.allowing!.logs.some((line) => line.msg === 'upgrade refused: origin not allowed'),
    'the server refused an upgrade',
  );
});

test("a server whose --allowed-origins leaves out the page's origin refuses it: error state and rtc-error", async () => {
  const server = servers.refusing!;
  const url = addPage('/refused/ada.html', { room: `cdn-refused-${Date.now()}`, name: 'Ada', server: server.url });
  const tracked = await openPage(browser!, url);
  try {
    await waitInPage(
      tracked,
      'the room did not reach its error state',
      () => {
        const room = document.querySelector('rtc-room');
        // (Its text comes with the error texts, locales/en-errors.js, which may still be loading.)
        const alert = room?.shadowRoot?.querySelector('[part=error] strong')?.textContent;
        return (
          !!room?.matches(':state(error)') &&
          !!alert &&
          (window as unknown as { rtcErrors: unknown[] }).rtcErrors.length > 0
        );
      },
      30_000,
    );
    const shown = await tracked.page.evaluate(() => {
      const room = document.querySelector('rtc-room')!;
      return {
        events: (window as unknown as { rtcErrors: Array<{ code: string; fatal: boolean }> }).rtcErrors.map(
          ({ code, fatal }) => ({ code, fatal }),
        ),
        state: room.state,
        error: room.error?.code,
        alert: room.shadowRoot!.querySelector('[part=error] strong')?.textContent,
      };
    });
    // A browser never sees the HTTP 403 of a refused upgrade, only a socket that closed (1006):
    // to the page, a refused origin is a server it cannot reach.
    assert.deepEqual(shown, {
      events: [{ code: 'server-unreachable', fatal: true }],
      state: 'error',
      error: 'server-unreachable',
      alert: 'Cannot reach the server.',
    });
    // The server refused it for its origin, and said so in its log (which may come a moment later).
    await eventually(() => server.logs.some((line) => line.msg === 'upgrade refused: origin not allowed'));
    const refusal = server.logs.find((line) => line.msg === 'upgrade refused: origin not allowed');
    assert.equal(refusal?.origin, site!.origin);
    assert.deepEqual(tracked.errors, []);
  } finally {
    await tracked.page.close();
  }
});

test('a page in German gets the room, and its error, in German: the bundle imports locales/de.js and no other', async () => {
  const server = servers.refusing!;
  const url = addPage('/german/ada.html', { room: `cdn-de-${Date.now()}`, name: 'Ada', server: server.url }, 'de');
  const tracked = await openPage(browser!, url);
  try {
    await waitInPage(
      tracked,
      'the room did not say its error in German',
      () =>
        document.querySelector('rtc-room')?.shadowRoot?.querySelector('[part=error] strong')?.textContent ===
        'Der Server ist nicht erreichbar.',
      30_000,
    );
    const shown = await tracked.page.evaluate((cdnOrigin: string) => {
      const room = document.querySelector('rtc-room')!;
      return {
        error: room.error?.code,
        alert: room.shadowRoot!.querySelector('[part=error]')!.textContent!.replace(/\s+/g, ' ').trim(),
        fromCdn: performance
          .getEntriesByType('resource')
          .map((entry) => new URL(entry.name))
          .filter((address) => address.origin === cdnOrigin && address.pathname.endsWith('.js'))
          .map((address) => address.pathname)
          .sort(),
      };
    }, cdn!.origin);
    assert.deepEqual(shown, {
      error: 'server-unreachable',
      alert:
        'Der Server ist nicht erreichbar. Prüfen Sie Ihre Internetverbindung und versuchen Sie es dann erneut. Erneut versuchen',
      fromCdn: ['/locales/de.js', '/rtc-elements.js'],
    });
    assert.deepEqual(tracked.errors, []);
  } finally {
    await tracked.page.close();
  }
});
