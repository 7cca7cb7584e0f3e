/**
 * The package as a user installs it. From a copy of the tracked files (what a clean clone has;
 * node_modules linked in, so the build can run), `npm pack` builds through `prepack` and packs;
 * the tarball is installed into an empty project, which then imports the elements, the core and
 * the server in Node, runs `rtc-signal` (the bin) on a free loopback port, and loads the single
 * file (`rtc-elements/bundle`) in real headless Chromium, where every element of the package's
 * manifest is defined. The tarball holds what `exports`, `bin` and the bundle name, and no tests.
 *
 * The empty project's install takes lit and @lit/context from the npm cache (`--prefer-offline`:
 * after `npm install` or `npm ci` they are there; a cache without them asks the registry).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { freePort, stopper, track, waitForLine } from '../support/index.js';
import { launchChromium, openPage, root, startStaticServer, type StaticServer } from './browser-call.js';

let temp = '';
let tarball = '';
/** The installed package: `<project>/node_modules/rtc-elements`. */
let installed = '';
let project = '';
let browser: Browser | undefined;
let site: StaticServer | undefined;
let stopSignal: (() => Promise<number | null>) | undefined;

/** The environment for npm run from here: without the npm_* settings of an `npm test` around us. */
const npmEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));

/** Runs npm in `cwd`; throws with its output when it fails. */
function npm(cwd: string, args: string[]): string {
  try {
    return execFileSync('npm', args, { cwd, env: npmEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`npm ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
}

before(async () => {
  temp = mkdtempSync(join(tmpdir(), 'rtc-pack-'));
  // The tracked files as they are in the working tree: a clean clone, without dist/ or any build.
  const tree = join(temp, 'tree');
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0');
  for (const file of tracked.filter((f) => f && existsSync(join(root, f)))) {
    mkdirSync(dirname(join(tree, file)), { recursive: true });
    cpSync(join(root, file), join(tree, file));
  }
  assert.ok(!existsSync(join(tree, 'dist')), 'the copy has a dist/: it is not a clean tree');
  symlinkSync(join(root, 'node_modules'), join(tree, 'node_modules'), 'dir');
  npm(tree, ['pack', '--pack-destination', temp, '--loglevel', 'warn']);
  const packed = readdirSync(temp).filter((f) => f.endsWith('.tgz'));
  assert.equal(packed.length, 1, `npm pack made ${packed.join(', ') || 'no tarball'}`);
  tarball = join(temp, packed[0]!);

  project = join(temp, 'project');
  mkdirSync(project);
  // ws is an optional peer dependency (the server's), so a project that runs rtc-signal adds it.
  const ws = JSON.parse(readFileSync(join(root, 'node_modules/ws/package.json'), 'utf8')) as { version: string };
  npm(project, ['init', '-y']);
  npm(project, ['install', tarball, `ws@${ws.version}`, '--prefer-offline', '--no-audit', '--no-fund']);
  installed = join(project, 'node_modules/rtc-elements');
});

after(async () => {
  await browser?.close();
  await site?.close();
  await stopSignal?.();
  if (temp) rmSync(temp, { recursive: true, force: true });
});

test('the tarball holds what exports, bin and the bundle name, and no tests', () => {
  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ''));
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    exports: Record<string, string | Record<string, string>>;
    bin: Record<string, string>;
  };
  const targets = [
    ...Object.values(manifest.exports).flatMap((target) =>
      typeof target === 'string' ? [target] : Object.values(target),
    ),
    ...Object.values(manifest.bin),
  ]
    .filter((target) => !target.includes('*'))
    .map((target) => target.replace(/^\.\//, ''));
  // The bundle points to its license notes and its source map by name.
  targets.push('dist/rtc-elements.js.LEGAL.txt', 'dist/rtc-elements.js.map', 'README.md');
  // And the chunks it imports when needed (a language, the English error texts, the detailed statistics).
  const bundle = readFileSync(join(installed, 'dist/rtc-elements.js'), 'utf8');
  const chunks = [...bundle.matchAll(/import\("\.\/([\w./-]+\.js)"\)/g)].map(([, path]) => `dist/${path}`);
  assert.ok(chunks.includes('dist/parts/stats-details.js'), `the bundle imports no chunks: ${chunks}`);
  targets.push(...chunks);
  for (const target of targets) assert.ok(files.includes(target), `the tarball has no ${target}`);
  assert.ok(files.includes('dist/src/components/room/rtc-room.js'), 'the tarball has no components (./components/*)');
  assert.ok(files.includes('src/themes/light.css'), 'the tarball has no themes (./themes/*)');
  const tests = files.filter((f) => /\.test\.|(^|\/)test\/|^(demo|bench|stories|examples)\//.test(f));
  assert.deepEqual(tests, [], 'the tarball ships tests or the repository tooling');
});

test('Node imports the elements, the core and the server from the installed package', () => {
  const script = `
    const kit = await import('rtc-elements');
    const core = await import('rtc-elements/core');
    const server = await import('rtc-elements/server');
    console.log(JSON.stringify({
      kit: Object.keys(kit).filter((k) => /^Rtc[A-Z]\\w+$/.test(k) && typeof kit[k] === 'function'),
      core: ['Room', 'SignalingClient', 'meshTransport'].filter((k) => typeof core[k] === 'function'),
      internal: ['PeerLink', 'MeshTransport'].filter((k) => k in core),
      server: ['SignalingServer', 'createSignalingServer', 'signalingPlugin'].filter((k) => typeof server[k] === 'function'),
    }));`;
  let out = '';
  try {
    out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: project,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    assert.fail(`the imports failed in the installed project:\n${(error as { stderr?: string }).stderr ?? error}`);
  }
  const found = JSON.parse(out) as { kit: string[]; core: string[]; internal: string[]; server: string[] };
  for (const element of [
    'RtcRoom',
    'RtcParticipant',
    'RtcControls',
    'RtcDevicePicker',
    'RtcChat',
    'RtcStats',
    'RtcVideo',
  ])
    assert.ok(found.kit.includes(element), `rtc-elements exports no ${element}: ${found.kit.join(', ')}`);
  assert.deepEqual(found.core, ['Room', 'SignalingClient', 'meshTransport']);
  // The mesh's classes are behind the transport seam (RoomOptions.transport), not public API.
  assert.deepEqual(found.internal, [], 'rtc-elements/core exports the mesh transport’s internals');
  assert.deepEqual(found.server, ['SignalingServer', 'createSignalingServer', 'signalingPlugin']);
});

test('rtc-signal, the installed bin, serves on a free loopback port', async () => {
  const port = await freePort();
  const child = spawn(join(project, 'node_modules/.bin/rtc-signal'), ['--port', String(port), '--host', '127.0.0.1'], {
    cwd: project,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  track(child);
  stopSignal = stopper(child);
  await waitForLine(child, 'rtc-signal', (line) => (line.includes('"listening"') ? true : undefined), 15_000);
  const response = await fetch(`http://127.0.0.1:${port}/healthz`);
  assert.equal(response.status, 200);
  const health = (await response.json()) as { status: string; protocol: number };
  assert.equal(health.status, 'ok');
  assert.equal(health.protocol, 1);
  assert.equal(await stopSignal(), 0);
});

test("the single file (rtc-elements/bundle) defines every element of the package's manifest in Chromium", async () => {
  const exports = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).exports as Record<string, string>;
  const bundle = join(installed, exports['./bundle']!);
  const manifest = JSON.parse(readFileSync(join(installed, 'custom-elements.json'), 'utf8')) as {
    modules: Array<{ declarations?: Array<{ tagName?: string }> }>;
  };
  const tags = manifest.modules.flatMap((m) => m.declarations ?? []).flatMap((d) => (d.tagName ? [d.tagName] : []));
  assert.ok(tags.length >= 7, `the manifest names ${tags.length} elements`);
  site = await startStaticServer({
    files: new Map<string, string | { file: string }>([
      ['/', '<!doctype html><title>packed</title><script type="module" src="/rtc-elements.js"></script>'],
      ['/rtc-elements.js', { file: bundle }],
    ]),
  });
  browser = await launchChromium();
  const { page, errors, log } = await openPage(browser, `${site.origin}/`);
  // Module scripts run before the load event, which openPage waited for.
  const defined = await page.evaluate(
    (names: string[]) => names.filter((name) => customElements.get(name) !== undefined),
    tags,
  );
  assert.deepEqual(defined, tags, `not every element is defined:\n${log.join('\n')}`);
  assert.deepEqual(errors, []);
});
