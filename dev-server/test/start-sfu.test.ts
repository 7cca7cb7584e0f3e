/** `npm run start:sfu` (demo/serve-sfu.js, built): Janus and the demo together, or a clear refusal. */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { eventually } from './helpers.js';
import { NO_JANUS } from './janus-helpers.js';

const SCRIPT = fileURLToPath(new URL('../../demo/serve-sfu.js', import.meta.url));

function start(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [SCRIPT], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return { child, output: () => out };
}

test('start:sfu without Janus names the Debian package and exits 1', async () => {
  const { child, output } = start({ JANUS_PATH: '/nonexistent/janus', PORT: '0' });
  const [code] = await once(child, 'exit');
  assert.equal(code, 1);
  assert.match(output(), /apt-get install janus/);
});

test('start:sfu starts Janus and the demo on PORT; Ctrl-C stops both', { skip: NO_JANUS }, async () => {
  const { child, output } = start({ PORT: '0', HOST: '127.0.0.1' });
  try {
    await eventually(() => /demo room: http:\/\/127\.0\.0\.1:\d+/.test(output()), 20_000);
    const base = /demo room: (http:\/\/127\.0\.0\.1:\d+)/.exec(output())![1]!;
    const health = (await (await fetch(`${base}/healthz`)).json()) as { janus?: Array<{ url: string; up: boolean }> };
    assert.equal(health.janus?.length, 1);
    await eventually(async () => {
      const now = (await (await fetch(`${base}/healthz`)).json()) as { janus: Array<{ up: boolean }> };
      return now.janus[0]!.up;
    });
    const dir = /-F (\S+)/.exec(execFileSync('ps', ['-o', 'args=', '--ppid', String(child.pid)]).toString())?.[1];
    assert.ok(dir && existsSync(dir), 'Janus runs from its private directory');
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
    assert.equal(existsSync(dir), false, 'Janus stopped and its directory is gone');
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
