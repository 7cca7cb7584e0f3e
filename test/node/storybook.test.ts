/**
 * Every story in the built Storybook (`storybook-static/`, made by `npm run build-storybook`, which
 * `npm test` runs first), visited in real headless Chromium with fake camera and microphone and
 * checked with axe-core: any accessibility violation, console error or page error fails, naming
 * the story. A small static server on 127.0.0.1 serves the build, with the real signaling server
 * attached at `/signal` on the same port, so the live story calls through it.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { SignalingServer } from '../../dev-server/server.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const { browserPaths, CHROMIUM_TEST_ARGS } = (await import(`${root}scripts/browsers.mjs`)) as {
  browserPaths(): { chromium?: string; firefox?: string };
  CHROMIUM_TEST_ARGS: string[];
};
const staticDir = join(root, 'storybook-static');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

let server: Server | undefined;
let signaling: SignalingServer | undefined;
let browser: Browser | undefined;
let base = '';

/** Serves `storybook-static/` (GET and HEAD only, nothing outside it). */
async function serve(req: IncomingMessage, res: ServerResponse) {
  try {
    let path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    // Browsers ask for /favicon.ico; Storybook ships an SVG one.
    if (path === '/favicon.ico') path = '/favicon.svg';
    const file = normalize(join(staticDir, path.endsWith('/') ? `${path}index.html` : path));
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !file.startsWith(staticDir + sep)) {
      res.writeHead(404).end();
      return;
    }
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch {
    res.writeHead(404).end();
  }
}

before(async () => {
  assert.ok(
    existsSync(join(staticDir, 'index.json')),
    'storybook-static/ is missing: run `npm run build-storybook` (npm test builds it before the node tests)',
  );
  server = createServer((req, res) => void serve(req, res));
  server.on('error', (error) => console.error('static server:', error));
  signaling = new SignalingServer({ logLevel: 'error' });
  signaling.attach(server);
  await signaling.start();
  await new Promise<void>((resolve, reject) => {
    server!.once('error', reject);
    server!.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  base = `http://127.0.0.1:${address.port}`;
  browser = await puppeteer.launch({
    executablePath: browserPaths().chromium,
    headless: true,
    // Sound may autoplay, as it may once a person has clicked a story in Storybook's sidebar
    // (the "Autoplay blocked" story stands in for a browser that refuses it).
    args: [...CHROMIUM_TEST_ARGS, '--autoplay-policy=no-user-gesture-required'],
  });
});

after(async () => {
  await browser?.close();
  await signaling?.close();
  await new Promise<void>((resolve) => (server?.listening ? server.close(() => resolve()) : resolve()));
});

interface IndexEntry {
  id: string;
  type: 'story' | 'docs';
  title: string;
  name: string;
}

/** What the preview exposes (`window.__STORYBOOK_PREVIEW__`, `__STORYBOOK_ADDONS_CHANNEL__`). */
interface PreviewWindow {
  __STORYBOOK_PREVIEW__?: { currentRender?: { id?: string; phase?: string } };
  __STORYBOOK_ADDONS_CHANNEL__: { emit(type: string, data: unknown): void };
}

/**
 * Waits until story `id` has rendered and its play function (if any) is done; throws what went
 * wrong.
 */
async function rendered(page: Page, id: string) {
  const outcome = await page.waitForFunction(
    (id: string) => {
      if (document.body.classList.contains('sb-show-errordisplay')) {
        return document.querySelector('#error-message')?.textContent || 'the story failed';
      }
      const render = (window as unknown as PreviewWindow).__STORYBOOK_PREVIEW__?.currentRender;
      return render?.id === id && render.phase === 'finished' ? 'ok' : false;
    },
    { timeout: 45_000, polling: 50 },
    id,
  );
  const result = await outcome.jsonValue();
  assert.equal(result, 'ok', `the story failed: ${result}`);
}

/**
 * Shows story `id`: the first one (and the one after a failure) by loading the preview, the
 * others by asking the loaded preview to switch, as Storybook's sidebar does, which unmounts
 * the previous story (its cleanup runs) and is three times faster than a reload.
 */
async function show(page: Page, id: string, fresh: boolean) {
  if (fresh) {
    // The a11y addon's own run is switched off (a11y.manual): this test runs axe itself, once.
    await page.goto(`${base}/iframe.html?id=${id}&viewMode=story&globals=a11y.manual:!true`);
  } else {
    await page.evaluate((id: string) => {
      (window as unknown as PreviewWindow).__STORYBOOK_ADDONS_CHANNEL__.emit('setCurrentStory', {
        storyId: id,
        viewMode: 'story',
      });
    }, id);
  }
  await rendered(page, id);
}

/**
 * axe-core on the story's root: every violation, one line each. A story may switch a rule off
 * in `parameters.a11y.config.rules`, with its reason in a comment (the addon in Storybook's UI
 * reads the same parameter); `off` lists those.
 */
function runAxe(page: Page): Promise<{ violations: string[]; off: string[] }> {
  return page.evaluate(async () => {
    type Rule = { id: string; enabled?: boolean };
    const { axe, __STORYBOOK_PREVIEW__: preview } = window as unknown as {
      axe: {
        reset(): void;
        configure(spec: { rules: Rule[] }): void;
        run(
          context: string,
          options: object,
        ): Promise<{ violations: { id: string; impact?: string; help: string; nodes: { target: string[] }[] }[] }>;
      };
      __STORYBOOK_PREVIEW__: { currentRender: { story: { parameters: { a11y?: { config?: { rules?: Rule[] } } } } } };
    };
    const rules = preview.currentRender.story.parameters.a11y?.config?.rules ?? [];
    axe.reset();
    axe.configure({ rules });
    const results = await axe.run('#storybook-root', { resultTypes: ['violations'] });
    return {
      violations: results.violations.map(
        (v) => `axe ${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      ),
      off: rules.filter((rule) => rule.enabled === false).map((rule) => rule.id),
    };
  });
}

test('every story renders with no accessibility violation, console error or page error', async () => {
  const started = Date.now();
  const index = JSON.parse(await readFile(join(staticDir, 'index.json'), 'utf8')) as {
    entries: Record<string, IndexEntry>;
  };
  const stories = Object.values(index.entries).filter((entry) => entry.type === 'story');
  assert.ok(stories.length > 0, 'index.json lists no stories');

  const axe = await readFile(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');
  const page = await browser!.newPage();
  await page.setViewport({ width: 1100, height: 800 });
  // Before the page's own scripts, in every document the page loads.
  await page.evaluateOnNewDocument(axe);
  let problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error instanceof Error ? error.message : error}`));

  const failures: string[] = [];
  const rulesOff: string[] = [];
  let fresh = true;
  for (const story of stories) {
    const title = `${story.title} › ${story.name} (${story.id})`;
    problems = [];
    try {
      await show(page, story.id, fresh);
      fresh = false;
      const { violations, off } = await runAxe(page);
      problems.push(...violations);
      for (const rule of off) rulesOff.push(`${rule} in ${story.id}`);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
    if (problems.length) {
      failures.push(`${title}\n    ${problems.join('\n    ')}`);
      // A failed story may leave the preview in any state: the next one starts afresh.
      fresh = true;
    }
  }
  await page.close();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`# storybook: ${stories.length} stories visited in ${seconds} s`);
  if (rulesOff.length) console.log(`# axe rules a story switched off: ${rulesOff.join(', ')}`);
  assert.deepEqual(failures, [], `${failures.length} of ${stories.length} stories failed:\n${failures.join('\n')}`);
});
