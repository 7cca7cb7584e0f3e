#!/usr/bin/env node
// The Debian packages the suite needs besides node_modules: the one list, used by `npm test`
// (scripts/test.mjs) and by `.ci/run`. Plain JavaScript, so it runs before any build or `npm ci`.
//
// When some are missing: as root with apt-get (a fresh container, CI) it installs them
// (`apt-get update`, then `apt-get install -y --no-install-recommends`, noninteractive); as
// another user, or without apt-get, it prints the one command to run and fails.
//
//   node scripts/system-packages.mjs          check, install when root (exit 1 when it cannot)
//   node scripts/system-packages.mjs --sudo   the same, through sudo when not root (.ci/run)
//
// Switches (environment):
//   RTC_SYSTEM_PACKAGES_MISSING=coturn,xvfb   count these as missing (a fresh machine, simulated:
//                                             as root they are installed again, which is harmless)
//   RTC_SYSTEM_PACKAGES_NO_INSTALL=1          never install: only say what to run
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { browserPaths } from './browsers.mjs';

/** First of `paths` that exists. */
const first = (...paths) => paths.find((p) => p && existsSync(p));

/**
 * Each package: what the suite uses it for, and how it is found (the environment variable that
 * points elsewhere is read by the same lookup as the tests': scripts/browsers.mjs for the browsers).
 */
export const SYSTEM_PACKAGES = [
  { name: 'chromium', what: 'Chromium (the browser tests and the demo check)', find: () => browserPaths().chromium },
  { name: 'firefox-esr', what: 'Firefox ESR (the browser tests)', find: () => browserPaths().firefox },
  {
    name: 'webkit2gtk-driver',
    what: 'WebKitGTK and its WebKitWebDriver (the browser tests)',
    find: () => browserPaths().webkitDriver,
  },
  { name: 'xvfb', what: 'Xvfb, the display WebKitGTK runs in (the browser tests)', find: () => browserPaths().xvfb },
  {
    name: 'redis-server',
    what: 'Redis (the scale-out tests)',
    find: () => first(process.env.REDIS_SERVER_PATH, '/usr/bin/redis-server'),
  },
  {
    name: 'coturn',
    what: 'coturn (the TURN tests)',
    find: () => first(process.env.TURNSERVER_PATH, '/usr/bin/turnserver'),
  },
  {
    name: 'janus',
    what: 'Janus, the SFU (the SFU tests and npm run start:sfu)',
    find: () => first(process.env.JANUS_PATH, '/usr/bin/janus'),
  },
  {
    name: 'iproute2',
    what: 'ip and tc (the SFU and impaired network tests: namespaces, veth pairs, rate caps)',
    find: () => first(process.env.TC_PATH, '/usr/sbin/tc', '/sbin/tc'),
  },
  {
    name: 'nftables',
    what: 'nft (the impaired network tests: packet loss, at random and in bursts)',
    find: () => first(process.env.NFT_PATH, '/usr/sbin/nft', '/sbin/nft'),
  },
  {
    name: 'ffmpeg',
    what: "ffmpeg and ffprobe (the bot's test card, and the check of its recordings)",
    find: () => first(process.env.FFPROBE_PATH, '/usr/bin/ffprobe'),
  },
];

const ENV_HINT =
  '(or set CHROMIUM_PATH / FIREFOX_PATH / WEBKIT_WEBDRIVER_PATH / XVFB_PATH / REDIS_SERVER_PATH / TURNSERVER_PATH / JANUS_PATH / FFPROBE_PATH / TC_PATH / NFT_PATH to where they are).';

/** The names RTC_SYSTEM_PACKAGES_MISSING lists; throws on a name that is not in the list. */
function forcedMissing() {
  const names = (process.env.RTC_SYSTEM_PACKAGES_MISSING ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !SYSTEM_PACKAGES.some((p) => p.name === name));
  if (unknown.length) {
    throw new Error(
      `RTC_SYSTEM_PACKAGES_MISSING names ${unknown.join(', ')}, not in the list: ${SYSTEM_PACKAGES.map((p) => p.name).join(', ')}`,
    );
  }
  return names;
}

/** The packages not found on this machine (and those RTC_SYSTEM_PACKAGES_MISSING names), in list order. */
export function missingPackages() {
  const forced = forcedMissing();
  return SYSTEM_PACKAGES.filter((p) => forced.includes(p.name) || !p.find());
}

/** Where `command` is on PATH (an executable file), or undefined. */
function onPath(command) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return join(dir, command);
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Runs `command args` with the output shown; true when it exits 0. */
function run(command, args) {
  console.log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

/**
 * Makes sure every package is there: returns true when nothing is missing (printing nothing), or
 * when the missing ones were installed; otherwise prints why and what to run, and returns false.
 * `sudo`: when not root, install through `sudo` (for CI runners that have it without a password).
 */
export function ensureSystemPackages({ sudo = false } = {}) {
  let missing;
  try {
    missing = missingPackages();
  } catch (error) {
    console.error(error.message);
    return false;
  }
  if (!missing.length) return true;
  const names = missing.map((p) => p.name);
  const root = process.getuid?.() === 0;
  const prefix = root ? [] : ['sudo'];
  const install = ['apt-get', 'install', '-y', '--no-install-recommends', ...names];
  const canInstall = process.env.RTC_SYSTEM_PACKAGES_NO_INSTALL !== '1' && onPath('apt-get') && (root || sudo);

  if (canInstall) {
    console.log(`The tests need these Debian packages, which are missing: ${names.join(' ')}. Installing them.`);
    const command = (args) =>
      root ? run(args[0], args.slice(1)) : run('sudo', ['env', 'DEBIAN_FRONTEND=noninteractive', ...args]);
    if (command(['apt-get', 'update']) && command(install)) {
      // Installed: each must now be found where the tests look (the simulated ones were there already).
      const still = SYSTEM_PACKAGES.filter((p) => names.includes(p.name) && !p.find());
      if (!still.length) return true;
      console.error(
        `\nInstalled, yet still not found: ${still.map((p) => `${p.what} (package "${p.name}")`).join('; ')}`,
      );
      console.error(ENV_HINT);
      return false;
    }
    console.error(`\napt-get could not install ${names.join(' ')} (see its output above).`);
    return false;
  }

  console.error('npm test runs everything in real browsers and against real servers, and these are missing:');
  for (const p of missing) console.error(`  - ${p.what}: Debian package "${p.name}"`);
  const update = [...prefix, 'apt-get', 'update'].join(' ');
  console.error(`\nInstall them with:\n  ${update} && ${[...prefix, ...install].join(' ')}`);
  console.error(ENV_HINT);
  if (process.env.RTC_SYSTEM_PACKAGES_NO_INSTALL === '1')
    console.error('(RTC_SYSTEM_PACKAGES_NO_INSTALL=1 is set, so nothing is installed here.)');
  else if (!onPath('apt-get')) console.error('(this machine has no apt-get: install them with its package manager.)');
  else if (!root) console.error('(npm test installs them itself when run as root, e.g. in a fresh container.)');
  return false;
}

// Run as a script (.ci/run): check and install, exit 1 when something is still missing.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  process.exit(ensureSystemPackages({ sudo: process.argv.includes('--sudo') }) ? 0 : 1);
}
