/**
 * The package as a user installs it. From a copy of the tracked files (what a clean clone has;
 * node_modules linked in, so the build can run), `npm pack` builds through `prepack` and packs;
 * the tarball is installed into an empty project, which then imports the elements, the core and
 * the server in Node, runs `rtc-signal` (the bin) on a free loopback port, and loads the single
 * file (`rtc-elements/bundle`) in real headless Chromium, where every element of the package's
 * manifest is defined. The tarball holds what `exports`, `bin` and the bundle name, and no tests
 * (nor does `npm pack --dry-run`'s list). Every public entry of `exports` resolves and imports
 * with Node's resolution, and its types with TypeScript's (`nodenext`); an internal module does not.
 *
 * The empty project's install takes lit and @lit/context from the npm cache (`--prefer-offline`:
 * after `npm install` or `npm ci` they are there; a cache without them asks the registry).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { freePort, stopper, track, waitForLine } from '../support/index.js';
import { launchChromium, openPage, root, startStaticServer, type StaticServer } from './browser-call.js';

let temp = '';
/** The copy of the tracked files that was packed (built by `prepack`). */
let tree = '';
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
  tree = join(temp, 'tree');
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
  ].map((target) => target.replace(/^\.\//, ''));
  // The bundle points to its license notes and its source map by name.
  targets.push('dist/rtc-elements.js.LEGAL.txt', 'dist/rtc-elements.js.map', 'README.md');
  // And the chunks it imports when needed (a language, the English error texts, the detailed statistics).
  const bundle = readFileSync(join(installed, 'dist/rtc-elements.js'), 'utf8');
  const chunks = [...bundle.matchAll(/import\("\.\/([\w./-]+\.js)"\)/g)].map(([, path]) => `dist/${path}`);
  assert.ok(chunks.includes('dist/parts/stats-details.js'), `the bundle imports no chunks: ${chunks}`);
  targets.push(...chunks);
  // And the processors' own files, which they fetch from beside the bundle (issue 28).
  targets.push(
    'dist/processors/segmenter-worker.js',
    'dist/processors/tflite-simd.wasm',
    'dist/processors/rnnoise-worklet.js',
  );
  for (const target of targets) {
    // A pattern (`./locales/*.js`) names at least one file.
    const pattern = new RegExp(`^${target.replace(/[.]/g, '\\.').replace('*', '[^/]+')}$`);
    assert.ok(
      files.some((file) => pattern.test(file)),
      `the tarball has no ${target}`,
    );
  }
  assert.ok(files.includes('src/themes/light.css'), 'the tarball has no themes (./themes/*.css)');
  const tests = files.filter((f) => /\.test\.|(^|\/)test\/|^(demo|bench|stories|examples)\//.test(f));
  assert.deepEqual(tests, [], 'the tarball ships tests or the repository tooling');
});

test('npm pack --dry-run lists no test file', () => {
  const [report] = JSON.parse(npm(tree, ['pack', '--dry-run', '--json', '--ignore-scripts', '--loglevel', 'warn'])) as [
    { files: Array<{ path: string }> },
  ];
  const listed = report.files.map((f) => f.path);
  assert.ok(listed.includes('dist/src/core/room.js'), `the list is not the built package: ${listed.length} files`);
  const tests = listed.filter((f) => /\.test\.|(^|\/)test\//.test(f));
  assert.deepEqual(tests, [], 'npm pack lists test files');
});

/** Every public specifier `exports` names, a pattern filled with a file it matches. */
function publicSpecifiers(): string[] {
  const exports = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).exports as Record<string, unknown>;
  const filled: Record<string, string> = {
    './locales/*.js': './locales/de.js',
    './themes/*.css': './themes/light.css',
  };
  return Object.keys(exports).map((key) => {
    assert.ok(!key.includes('*') || filled[key], `no file to try for the pattern ${key}`);
    return `rtc-elements${(filled[key] ?? key).slice(1)}`;
  });
}

/** Runs `script` as an ES module in the installed project; its standard output, or the test fails with its errors. */
function runInProject(script: string): string {
  try {
    return execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: project,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    return assert.fail(
      `the script failed in the installed project:\n${(error as { stderr?: string }).stderr ?? error}`,
    );
  }
}

test('every public entry resolves with Node, and each module imports', () => {
  const specifiers = publicSpecifiers();
  // The elements' define files and class modules are named one by one (no ./components/* any more).
  for (const element of ['room', 'participant', 'video', 'controls', 'chat', 'device-picker', 'stats']) {
    for (const file of [`rtc-${element}.js`, `${element}.js`])
      assert.ok(specifiers.includes(`rtc-elements/components/${element}/${file}`), `no public ${element}/${file}`);
  }
  const script = `
    import { existsSync } from 'node:fs';
    import { fileURLToPath } from 'node:url';
    const results = {};
    for (const specifier of ${JSON.stringify(specifiers)}) {
      try {
        const file = fileURLToPath(import.meta.resolve(specifier));
        if (!existsSync(file)) { results[specifier] = 'resolves to a missing ' + file; continue; }
        // The single file is for browsers (tested in Chromium below); CSS is not a module in Node.
        if (/\\.css$|\\/bundle$/.test(specifier)) { results[specifier] = 'ok'; continue; }
        const json = /\\.json$/.test(specifier);
        await import(specifier, json ? { with: { type: 'json' } } : undefined);
        results[specifier] = 'ok';
      } catch (error) {
        results[specifier] = String(error);
      }
    }
    console.log(JSON.stringify(results));`;
  const results = JSON.parse(runInProject(script)) as Record<string, string>;
  const failed = Object.entries(results).filter(([, result]) => result !== 'ok');
  assert.deepEqual(failed, [], 'public entries that do not resolve or import');
  assert.deepEqual(Object.keys(results), specifiers);
});

test('an internal module is not importable from the package (ERR_PACKAGE_PATH_NOT_EXPORTED)', () => {
  const internal = [
    'rtc-elements/components/room/lobby.js',
    'rtc-elements/components/room/room.styles.js',
    'rtc-elements/core/room.js',
    'rtc-elements/dist/src/core/room.js',
    'rtc-elements/locales/de.d.ts',
  ];
  const script = `
    const codes = {};
    for (const specifier of ${JSON.stringify(internal)}) {
      try {
        codes[specifier] = 'resolved to ' + import.meta.resolve(specifier);
      } catch (error) {
        codes[specifier] = error.code;
      }
    }
    console.log(JSON.stringify(codes));`;
  const codes = JSON.parse(runInProject(script)) as Record<string, string>;
  for (const specifier of internal)
    assert.equal(codes[specifier], 'ERR_PACKAGE_PATH_NOT_EXPORTED', `${specifier} is importable from the package`);
});

test('TypeScript (nodenext) resolves every public module entry to the declarations its types condition names', () => {
  const exports = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).exports as Record<
    string,
    string | { types?: string }
  >;
  const modules = publicSpecifiers().filter((s) => !/\.(css|json)$/.test(s));
  // What each should resolve to: its entry's `types`, a pattern's `*` filled as in the specifier.
  const expected = new Map(
    modules.map((specifier) => {
      const subpath = `.${specifier.slice('rtc-elements'.length)}`;
      const [key, star] = Object.keys(exports)
        .map((k) => [k, new RegExp(`^${k.replace(/[.]/g, '\\.').replace('*', '(.+)')}$`).exec(subpath)?.[1]] as const)
        .find(([k, match]) => k === subpath || match !== undefined)!;
      const target = exports[key]!;
      assert.ok(typeof target === 'object' && target.types, `${key} has no types condition`);
      return [specifier, join(installed, target.types.replace('*', star ?? ''))];
    }),
  );
  const lines = modules.map(
    (specifier, i) => `import type * as m${i} from '${specifier}';\nexport type T${i} = typeof m${i};`,
  );
  // The internal module is refused as Node refuses it.
  lines.push(
    "// @ts-expect-error: not exported\nimport type * as internal from 'rtc-elements/components/room/lobby.js';",
  );
  lines.push('export type Internal = typeof internal;');
  writeFileSync(join(project, 'types.mts'), `${lines.join('\n')}\n`);
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2022',
        lib: ['es2022', 'dom', 'dom.iterable'],
        types: [],
        strict: true,
        noEmit: true,
        skipLibCheck: true,
      },
      files: ['types.mts'],
    }),
  );
  let trace = '';
  try {
    trace = execFileSync(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '-p', project, '--traceResolution'],
      {
        cwd: project,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        maxBuffer: 64 * 1024 * 1024,
      },
    );
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    const errors = `${stdout ?? ''}${stderr ?? ''}`.split('\n').filter((line) => /error TS/.test(line));
    assert.fail(`tsc does not resolve the package's types:\n${errors.join('\n')}`);
  }
  // The declarations tsc took for each (not a .d.ts it found beside the JavaScript on its own).
  const resolved = new Map(
    [...trace.matchAll(/Module name '(rtc-elements[^']*)' was successfully resolved to '([^']+)'/g)].map(
      ([, specifier, file]) => [specifier!, file!],
    ),
  );
  for (const [specifier, file] of expected) assert.equal(resolved.get(specifier), file, `tsc's ${specifier}`);
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

test('rtc-elements/node imports without werift installed, and names the package when a room needs it', () => {
  // The project has ws (the server's) but not werift: an optional peer dependency, loaded on demand.
  const out = runInProject(`
    const node = await import('rtc-elements/node');
    let error = null;
    try {
      await node.nodeRoom({ room: 'r', server: 'ws://127.0.0.1:9/signal' });
    } catch (e) {
      error = { name: e.name, code: e.code, message: e.message };
    }
    console.log(JSON.stringify({
      exports: ['nodeRoom', 'installWebRTC', 'NodeMediaStream', 'chatMessage'].filter((k) => typeof node[k] === 'function'),
      error,
    }));`);
  const found = JSON.parse(out) as { exports: string[]; error: { name: string; code: string; message: string } | null };
  assert.deepEqual(found.exports, ['nodeRoom', 'installWebRTC', 'NodeMediaStream', 'chatMessage']);
  assert.equal(
    found.error?.code,
    'ERR_RTC_MISSING_PACKAGE',
    `nodeRoom() without werift: ${JSON.stringify(found.error)}`,
  );
  assert.match(found.error.message, /"werift".*npm install werift/);
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
  // Where Node's resolution takes `rtc-elements/bundle` from the installed project.
  const bundle = createRequire(join(project, 'index.js')).resolve('rtc-elements/bundle');
  assert.equal(bundle, join(installed, 'dist/rtc-elements.js'));
  const manifest = JSON.parse(readFileSync(join(installed, 'custom-elements.json'), 'utf8')) as {
    modules: Array<{ declarations?: Array<{ tagName?: string }> }>;
  };
  const tags = manifest.modules.flatMap((m) => m.declarations ?? []).flatMap((d) => (d.tagName ? [d.tagName] : []));
  assert.ok(tags.length >= 7, `the manifest names ${tags.length} elements`);
  site = await startStaticServer({
    files: new Map<string, string | { file: string }>([
      // <rtc-precall-check> is defined from a part of its own the first time one is in the page.
      [
        '/',
        '<!doctype html><title>packed</title><rtc-precall-check></rtc-precall-check><script type="module" src="/rtc-elements.js"></script>',
      ],
      ['/rtc-elements.js', { file: bundle }],
      ['/parts/precall-check.js', { file: join(installed, 'dist/parts/precall-check.js') }],
    ]),
  });
  browser = await launchChromium();
  const { page, errors, log } = await openPage(browser, `${site.origin}/`);
  // Module scripts run before the load event, which openPage waited for; a part loads after it.
  await page.waitForFunction(() => customElements.get('rtc-precall-check'), { timeout: 20_000 }).catch(() => undefined);
  const defined = await page.evaluate(
    (names: string[]) => names.filter((name) => customElements.get(name) !== undefined),
    tags,
  );
  assert.deepEqual(defined, tags, `not every element is defined:\n${log.join('\n')}`);
  assert.deepEqual(errors, []);
});
