/**
 * The server's packages are optional peer dependencies: `optional.ts` turns "package not found"
 * into an install hint, and a real copy of the compiled server, in a directory of its own whose
 * `node_modules` holds only the packages a test chooses, behaves as an installation without the
 * others would: no `ws`, no server; no `prom-client`, metrics off (501); no `jose`, no JWT auth;
 * no `ioredis`, no Redis rooms. Each case is a real `rtc-signal` process.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { MissingPackageError, isMissingPackage, loadOptional, requireOptional } from '../optional.js';
import { TestClient } from './helpers.js';

/** A package name that no registry has and nothing installs. */
const NOWHERE = 'rtc-elements-test-no-such-package';
const DEADLINE_MS = 15_000;

describe('loadOptional and requireOptional', () => {
  test('a missing package becomes a MissingPackageError naming what needs it and the install command', async () => {
    const error = await loadOptional(NOWHERE, 'The frobnicator (--frob)').then(
      () => assert.fail('loaded a package that does not exist'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof MissingPackageError);
    assert.equal(error.packageName, NOWHERE);
    assert.equal(error.code, 'ERR_RTC_MISSING_PACKAGE');
    assert.equal(
      error.message,
      `The frobnicator (--frob) needs the package "${NOWHERE}", which is not installed. Install it: npm install ${NOWHERE}`,
    );
    assert.equal((error.cause as { code?: string }).code, 'ERR_MODULE_NOT_FOUND');
    assert.throws(
      () => requireOptional(NOWHERE, 'The frobnicator'),
      (e: unknown) => e instanceof MissingPackageError && e.message.endsWith(`npm install ${NOWHERE}`),
    );
  });

  test('only the named package counts: another missing module is rethrown as it is', async () => {
    // `ws` is installed here; what fails is a package the loader imports.
    await assert.rejects(
      loadOptional('ws', 'The server', () => import(NOWHERE)),
      (e: unknown) => !(e instanceof MissingPackageError) && isMissingPackage(e, NOWHERE),
    );
    // A path the installed package does not export is not "package not installed".
    await assert.rejects(
      loadOptional('ws', 'The server', () => import(`ws/${'lib/no-such-file.js'}`)),
      (e: unknown) => !(e instanceof MissingPackageError),
    );
    assert.equal(isMissingPackage(new Error(`Cannot find package '${NOWHERE}' imported from x`), NOWHERE), false);
  });

  test('an installed package loads', async () => {
    const ws = await loadOptional<typeof import('ws')>('ws', 'The server');
    assert.equal(typeof ws.WebSocketServer, 'function');
    assert.equal(requireOptional<typeof import('ws')>('ws', 'The server').WebSocketServer, ws.WebSocketServer);
  });
});

describe('a server installed without its optional packages', () => {
  const repoNodeModules = fileURLToPath(new URL('../../../node_modules', import.meta.url));
  const dist = fileURLToPath(new URL('../..', import.meta.url));
  let base = '';
  const children = new Set<ChildProcess>();

  /** A copy of the compiled server whose node_modules holds only `packages` (links to ours). */
  function install(name: string, packages: readonly string[]): string {
    const root = join(base, name);
    cpSync(join(dist, 'dev-server'), join(root, 'dist/dev-server'), {
      recursive: true,
      filter: (source) => !source.includes(`${sep}dev-server${sep}test`),
    });
    cpSync(join(dist, 'src/core'), join(root, 'dist/src/core'), { recursive: true });
    writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
    mkdirSync(join(root, 'node_modules'));
    for (const pkg of packages) symlinkSync(join(repoNodeModules, pkg), join(root, 'node_modules', pkg), 'dir');
    return root;
  }

  function spawnCli(root: string, args: readonly string[]): ChildProcess {
    const child = spawn(process.execPath, [join(root, 'dist/dev-server/cli.js'), ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_PATH: '' },
    });
    children.add(child);
    child.once('exit', () => children.delete(child));
    return child;
  }

  /** Runs the CLI to its end; fails the test if it runs past the deadline. */
  function run(root: string, args: readonly string[]): Promise<{ code: number | null; output: string }> {
    const child = spawnCli(root, args);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`rtc-signal ${args.join(' ')} still running after ${DEADLINE_MS} ms:\n${output}`));
      }, DEADLINE_MS);
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ code, output });
      });
    });
  }

  /** Starts the CLI on a free loopback port; resolves with its URLs and every log line so far. */
  function serve(root: string, args: readonly string[] = []) {
    const child = spawnCli(root, ['--port', '0', '--host', '127.0.0.1', ...args]);
    const lines: Array<Record<string, unknown>> = [];
    return new Promise<{ child: ChildProcess; url: string; httpUrl: string; lines: typeof lines }>(
      (resolve, reject) => {
        let rest = '';
        const timer = setTimeout(
          () => reject(new Error(`not listening after ${DEADLINE_MS} ms: ${rest}`)),
          DEADLINE_MS,
        );
        const onData = (chunk: Buffer): void => {
          rest += chunk.toString('utf8');
          for (let newline = rest.indexOf('\n'); newline !== -1; newline = rest.indexOf('\n')) {
            const text = rest.slice(0, newline);
            rest = rest.slice(newline + 1);
            let line: Record<string, unknown>;
            try {
              line = JSON.parse(text) as Record<string, unknown>;
            } catch {
              line = { text };
            }
            lines.push(line);
            if (line.msg === 'listening') {
              clearTimeout(timer);
              resolve({ child, url: String(line.url), httpUrl: String(line.httpUrl), lines });
            }
          }
        };
        child.stdout?.on('data', onData);
        child.stderr?.on('data', onData);
        child.once('exit', (code) => reject(new Error(`exited (${code}) before listening: ${JSON.stringify(lines)}`)));
      },
    );
  }

  before(() => {
    base = mkdtempSync(join(tmpdir(), 'rtc-optional-'));
  });
  after(() => {
    for (const child of children) child.kill('SIGKILL');
    rmSync(base, { recursive: true, force: true });
  });

  test('without ws: the server does not start and says `npm install ws`; --help still works', async () => {
    const root = install('bare', []);
    const failed = await run(root, ['--port', '0', '--host', '127.0.0.1']);
    assert.equal(failed.code, 1, failed.output);
    const line = JSON.parse(failed.output.trim().split('\n').at(-1)!) as { msg: string; error: { message: string } };
    assert.equal(line.msg, 'failed to start');
    assert.match(line.error.message, /The rtc-elements signaling server needs the package "ws".*npm install ws$/);
    const help = await run(root, ['--help']);
    assert.equal(help.code, 0, help.output);
    assert.match(help.output, /--jwt-secret/);
  });

  test('with ws only: it serves, with one warning line, and /metrics answers 501 with `npm install prom-client`', async () => {
    const root = install('ws-only', ['ws']);
    const server = await serve(root);
    try {
      const warnings = server.lines.filter((line) => line.level === 'warn');
      assert.equal(warnings.length, 1, JSON.stringify(server.lines));
      assert.equal(warnings[0]!.msg, 'metrics are off: /metrics answers 501');
      assert.match(JSON.stringify(warnings[0]), /npm install prom-client/);
      const metrics = await fetch(`${server.httpUrl}/metrics`);
      assert.equal(metrics.status, 501);
      assert.match(
        await metrics.text(),
        /^Metrics \(\/metrics\) needs the package "prom-client".*npm install prom-client\n$/,
      );
      assert.equal((await fetch(`${server.httpUrl}/healthz`)).status, 200);
      const client = await TestClient.open(server.url);
      try {
        const welcome = await client.join('optional-room');
        assert.equal(typeof welcome.id, 'string');
      } finally {
        client.ws.close();
        await client.closed;
      }
    } finally {
      server.child.kill('SIGTERM');
      await new Promise((resolve) =>
        server.child.exitCode !== null ? resolve(null) : server.child.once('exit', resolve),
      );
    }
  });

  test('the dev-server plugin without prom-client serves the install hint at /metrics', async () => {
    const root = install('plugin', ['ws']);
    const script = `
      const { signalingPlugin } = await import(${JSON.stringify(join(root, 'dist/dev-server/plugin.js'))});
      const plugin = signalingPlugin({ logLevel: 'silent' });
      process.stdout.write(JSON.stringify(await plugin.serve({ path: '/metrics', method: 'GET' })));`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: root, stdio: 'pipe' });
    children.add(child);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const code = await new Promise((resolve) => child.once('close', resolve));
    assert.equal(code, 0, output);
    const served = JSON.parse(output) as { body: string; type: string };
    assert.equal(served.type, 'text/plain');
    assert.match(served.body, /npm install prom-client/);
  });

  test('JWT auth without jose, Redis without ioredis: start fails naming the package to install', async () => {
    const root = install('no-jose-no-redis', ['ws']);
    const jwt = await run(root, ['--port', '0', '--host', '127.0.0.1', '--jwt-secret', 'a-secret-of-some-length']);
    assert.equal(jwt.code, 1, jwt.output);
    assert.match(jwt.output, /"msg":"failed to start".*JWT auth \(jwtSecret, --jwt-secret.*npm install jose/);
    const token = await run(root, ['token', '--room', 'r', '--secret', 'a-secret-of-some-length']);
    assert.equal(token.code, 1, token.output);
    assert.match(token.output, /npm install jose/);
    // Port 1 on loopback: nothing listens there, and the package is missing before any connection.
    const redis = await run(root, ['--port', '0', '--host', '127.0.0.1', '--redis', 'redis://127.0.0.1:1']);
    assert.equal(redis.code, 1, redis.output);
    assert.match(redis.output, /"msg":"failed to start".*Redis rooms \(redisUrl, --redis\).*npm install ioredis/);
  });

  test('with ws and jose: JWT auth works, and `rtc-signal token` mints a token', async () => {
    const root = install('ws-jose', ['ws', 'jose']);
    const token = await run(root, ['token', '--room', 'r', '--secret', 'a-secret-of-some-length']);
    assert.equal(token.code, 0, token.output);
    assert.match(token.output.trim(), /^[\w-]+\.[\w-]+\.[\w-]+$/);
    const server = await serve(root, ['--jwt-secret', 'a-secret-of-some-length']);
    try {
      const client = await TestClient.open(server.url);
      try {
        const welcome = await client.join('r', { token: token.output.trim() });
        assert.equal(typeof welcome.id, 'string');
      } finally {
        client.ws.close();
        await client.closed;
      }
    } finally {
      server.child.kill('SIGTERM');
      await new Promise((resolve) =>
        server.child.exitCode !== null ? resolve(null) : server.child.once('exit', resolve),
      );
    }
  });
});
