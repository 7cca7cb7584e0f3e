/**
 * The screenshot check: a call of three people, one sharing a screen, the controls and the chat
 * open, rendered in headless Chromium at a laptop's size. It keeps the picture in test-output/
 * for a person to look at, and asserts what makes it look like a product: the screen large and
 * whole, the people in a strip beside nothing, the control bar and the chat inside the room and
 * clear of the stage, messages shown as text, and nothing axe objects to.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser } from 'puppeteer-core';
import { type DemoServer, startDemo } from '../../bench/page-load.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const { browserPaths, CHROMIUM_TEST_ARGS } = (await import(`${root}scripts/browsers.mjs`)) as {
  browserPaths(): { chromium?: string };
  CHROMIUM_TEST_ARGS: string[];
};

let server: DemoServer | undefined;
let browser: Browser | undefined;
let origin = '';

before(async () => {
  // The scene imports the unbundled modules (dist/src, dist/test): `npm run dev`'s server serves
  // them, Lit resolved from node_modules (`npm start`'s serves only the demo and the bundle).
  server = await startDemo({ entry: 'dist/demo/dev.js', args: ['--no-watch'] });
  origin = new URL(server.url).origin;
  browser = await puppeteer.launch({
    executablePath: browserPaths().chromium,
    headless: true,
    args: [...CHROMIUM_TEST_ARGS, '--autoplay-policy=no-user-gesture-required'],
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x - 1 &&
  inner.y >= outer.y - 1 &&
  inner.x + inner.width <= outer.x + outer.width + 1 &&
  inner.y + inner.height <= outer.y + outer.height + 1;
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width - 1 && b.x < a.x + a.width - 1 && a.y < b.y + b.height - 1 && b.y < a.y + a.height - 1;

test('three people, a shared screen, the controls and the chat: a call that looks like a product', async () => {
  const page = await browser!.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.setViewport({ width: 1280, height: 720 });
  await page.goto(`${origin}/test/node/fixtures/call-scene.html`);
  await page.waitForFunction('window.sceneReady === true', { timeout: 30_000 });
  // Every tile plays its picture.
  await page.waitForFunction(
    () => {
      const room = document.querySelector('rtc-room')!;
      const videos = [...room.shadowRoot!.querySelectorAll('rtc-participant')].map(
        (tile) => tile.shadowRoot!.querySelector('rtc-video')!,
      );
      return videos.length === 4 && videos.every((v) => v.matches(':state(has-video)') && v.matches(':state(playing)'));
    },
    { timeout: 30_000, polling: 100 },
  );
  const layout = await page.evaluate(() => {
    const box = (element: Element | null | undefined) => {
      const r = element!.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    const room = document.querySelector('rtc-room')!;
    const shadow = room.shadowRoot!;
    const chat = shadow.querySelector('rtc-chat')!;
    return {
      room: box(room),
      stage: box(shadow.querySelector('[part=stage]')),
      main: box(shadow.querySelector('.main > rtc-participant')),
      mainIsScreen: shadow.querySelector('.main > rtc-participant')!.matches('[screen]'),
      strip: [...shadow.querySelectorAll('.strip > rtc-participant')].map(box),
      controls: box(shadow.querySelector('rtc-controls')),
      panel: box(shadow.querySelector('[part=panel]')),
      chatText: chat.shadowRoot!.textContent ?? '',
      htmlInChat: !!chat.shadowRoot!.querySelector('[part~=message] b'),
    };
  });
  mkdirSync(`${root}test-output`, { recursive: true });
  await page.screenshot({ path: `${root}test-output/call-scene.png` });

  // The shared screen is the large tile, and the three people sit in a strip under it.
  assert.ok(layout.mainIsScreen, 'the large tile is not the shared screen');
  assert.equal(layout.strip.length, 3);
  assert.ok(
    layout.main.width >= layout.stage.width * 0.9,
    `the screen is ${layout.main.width}px of ${layout.stage.width}px`,
  );
  for (const tile of layout.strip) {
    assert.ok(tile.width > 100 && tile.width * 3 < layout.main.width, `a strip tile is ${tile.width}px wide`);
    assert.ok(inside(tile, layout.stage), 'a strip tile leaves the stage');
    assert.ok(!overlap(tile, layout.main), 'a strip tile covers the screen');
  }
  for (let i = 1; i < layout.strip.length; i++)
    assert.ok(!overlap(layout.strip[i - 1]!, layout.strip[i]!), 'strip tiles overlap');
  // The control bar and the chat are in the room, clear of the stage.
  for (const [name, part] of [
    ['controls', layout.controls],
    ['chat panel', layout.panel],
  ] as const) {
    assert.ok(part.width > 0 && part.height > 0, `the ${name} is not shown`);
    assert.ok(inside(part, layout.room), `the ${name} leaves the room`);
    assert.ok(!overlap(part, layout.stage), `the ${name} covers the stage`);
  }
  assert.ok(layout.controls.y >= layout.stage.y + layout.stage.height - 1, 'the controls are not under the stage');
  // Messages are text, never HTML.
  assert.match(layout.chatText, /Can everyone see the slides\?/);
  assert.match(layout.chatText, /Yes! <b>Looks great<\/b>/);
  assert.equal(layout.htmlInChat, false);

  await page.addScriptTag({ path: `${root}node_modules/axe-core/axe.min.js` });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: unknown): Promise<{ violations: { id: string }[] }> } })
      .axe;
    const result = await axe.run(document.querySelector('rtc-room'));
    return result.violations.map((v) => v.id);
  });
  assert.deepEqual(violations, []);
  assert.deepEqual(errors, []);
  await page.close();
});
