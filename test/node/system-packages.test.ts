/**
 * scripts/system-packages.mjs, the Debian packages `npm test` and `.ci/run` need: what it does
 * when some are missing. A fresh machine is simulated with RTC_SYSTEM_PACKAGES_MISSING (those
 * count as missing), and `apt-get` is a plain fake first on PATH that records its arguments and
 * DEBIAN_FRONTEND, so nothing is installed for real (a unit test of the script's logic).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const script = join(root, 'scripts/system-packages.mjs');
const isRoot = process.getuid?.() === 0;

let fake = '';
let log = '';

before(() => {
  fake = mkdtempSync(join(tmpdir(), 'rtc-apt-'));
  // Another user (below) runs from here too, and must be able to write the log if it wrongly ran apt-get.
  chmodSync(fake, 0o777);
  log = join(fake, 'apt-get.log');
  writeFileSync(
    join(fake, 'apt-get'),
    '#!/bin/sh\nprintf \'%s|%s\\n\' "$DEBIAN_FRONTEND" "$*" >> "$FAKE_APT_LOG"\nexit "$FAKE_APT_EXIT"\n',
    { mode: 0o755 },
  );
});

after(() => {
  if (fake) rmSync(fake, { recursive: true, force: true });
});

/** Runs the script with the fake apt-get first on PATH; what it printed, its exit code, and apt-get's calls. */
function check(env: Record<string, string>, options: { uid?: number; gid?: number; args?: string[] } = {}) {
  rmSync(log, { force: true });
  const result = spawnSync(process.execPath, [script, ...(options.args ?? [])], {
    cwd: root,
    encoding: 'utf8',
    env: {
      ...process.env,
      RTC_SYSTEM_PACKAGES_MISSING: '',
      RTC_SYSTEM_PACKAGES_NO_INSTALL: '',
      PATH: `${fake}${delimiter}${process.env.PATH}`,
      FAKE_APT_LOG: log,
      FAKE_APT_EXIT: '0',
      ...env,
    },
    ...(options.uid !== undefined && { uid: options.uid, gid: options.gid }),
  });
  const calls = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
  return { code: result.status, out: result.stdout, err: result.stderr, calls };
}

test('nothing missing: it prints nothing, installs nothing, and lets npm test go on', () => {
  const { code, out, err, calls } = check({});
  assert.equal(err, '');
  assert.equal(out, '');
  assert.deepEqual(calls, []);
  assert.equal(code, 0);
});

test('missing and not to install (RTC_SYSTEM_PACKAGES_NO_INSTALL=1): it names them, prints the command, exits 1', () => {
  const { code, err, calls } = check({
    RTC_SYSTEM_PACKAGES_MISSING: 'coturn,xvfb',
    RTC_SYSTEM_PACKAGES_NO_INSTALL: '1',
  });
  assert.equal(code, 1);
  assert.deepEqual(calls, []);
  assert.match(err, /Debian package "xvfb"/);
  assert.match(err, /Debian package "coturn"/);
  assert.doesNotMatch(err, /"chromium"/);
  assert.match(err, /apt-get update && (sudo )?apt-get install -y --no-install-recommends xvfb coturn\n/);
});

test('run as another user than root: it prints the sudo command and stops, installing nothing', () => {
  // As root, the script runs as nobody; otherwise it already runs as a user.
  const { code, err, calls } = check(
    { RTC_SYSTEM_PACKAGES_MISSING: 'coturn,xvfb', HOME: fake },
    isRoot ? { uid: 65534, gid: 65534 } : {},
  );
  assert.equal(code, 1, err);
  assert.deepEqual(calls, []);
  assert.match(err, /\n {2}sudo apt-get update && sudo apt-get install -y --no-install-recommends xvfb coturn\n/);
  assert.match(err, /installs them itself when run as root/);
});

test('as root with apt-get: apt-get update, then install -y --no-install-recommends of the missing ones, noninteractive', (t) => {
  if (!isRoot) return t.skip('installing needs root, and this test run is not root');
  const { code, out, err, calls } = check({ RTC_SYSTEM_PACKAGES_MISSING: 'coturn,xvfb' });
  assert.equal(code, 0, `${out}\n${err}`);
  assert.deepEqual(calls, ['noninteractive|update', 'noninteractive|install -y --no-install-recommends xvfb coturn']);
  assert.match(out, /missing: xvfb coturn\. Installing them/);
});

test('as root, when apt-get fails: it says so and exits 1 (npm test does not go on)', (t) => {
  if (!isRoot) return t.skip('installing needs root, and this test run is not root');
  const { code, err, calls } = check({ RTC_SYSTEM_PACKAGES_MISSING: 'redis-server', FAKE_APT_EXIT: '100' });
  assert.equal(code, 1);
  assert.deepEqual(calls, ['noninteractive|update']);
  assert.match(err, /apt-get could not install redis-server/);
});

test('RTC_SYSTEM_PACKAGES_MISSING with a name not in the list: exit 1, naming it and the list', () => {
  const { code, err, calls } = check({ RTC_SYSTEM_PACKAGES_MISSING: 'coturn,chrome' });
  assert.equal(code, 1);
  assert.deepEqual(calls, []);
  assert.match(
    err,
    /names chrome, not in the list: chromium, firefox-esr, webkit2gtk-driver, xvfb, redis-server, coturn, janus, iproute2, nftables, ffmpeg/,
  );
});
