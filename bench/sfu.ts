/**
 * `npm run bench:sfu`: the mesh against the SFU mode, side by side in one run. Runs inside a
 * private network namespace (`node scripts/netns.mjs -- node dist/bench/sfu.js`, which
 * `npm run bench` does): Janus never gathers ICE candidates on loopback interfaces, so it gathers
 * on the namespace's veth end, and every packet stays in the namespace.
 *
 * In ONE headless Chromium page, N participants per call, for each N the sides that run there in
 * an order that rotates each round: our mesh (`Room`s in mode `mesh` through rtc-signal), our SFU
 * mode (mode `sfu`, rtc-signal with `--janus`) and the floor (a plain Janus VideoRoom client
 * written for the bench, bench/browser/janus-floor.ts). Each call is timed until everyone sees
 * everyone, then left running: after `--settle-seconds`, the renderer's CPU and what the page's
 * connections upload are read over `--cpu-seconds`.
 *
 * Usage: node dist/bench/sfu.js [--rounds 2] [--mesh-sizes 2,4,6,8] [--sfu-sizes 2,4,6,8,12]
 *                               [--settle-seconds 2] [--cpu-seconds 3] [--json file]
 * Prints the rounds as they come, and writes every round to --json (bench/run.ts reads it).
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Browser, Page } from 'puppeteer-core';
import { parseArgs } from 'node:util';
import { launchJanus, janusInstalled } from '../dev-server/janus/launch.js';
import { VIDEOROOM_MEDIA } from '../dev-server/janus/sfu.js';
import { OPTION_SPECS } from '../dev-server/option-specs.js';
import { launchChromium, root, startStaticServer } from '../test/node/browser-call.js';
import { startServerProcess } from '../test/support/index.js';
import type { SfuData } from './report-sfu.js';
import { type SfuContext, type SfuResults, type SfuSide, sfuRounds } from './sfu-rounds.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '2' },
    'mesh-sizes': { type: 'string', default: '2,4,6,8' },
    'sfu-sizes': { type: 'string', default: '2,4,6,8,12' },
    'settle-seconds': { type: 'string', default: '2' },
    'cpu-seconds': { type: 'string', default: '3' },
    json: { type: 'string' },
  },
});
const list = (text: string) => (text ? text.split(',').map(Number) : []);
const options = {
  rounds: Number(values.rounds),
  meshSizes: list(String(values['mesh-sizes'])),
  sfuSizes: list(String(values['sfu-sizes'])),
  settleSeconds: Number(values['settle-seconds']),
  cpuSeconds: Number(values['cpu-seconds']),
  // As the mesh bench (bench/run.ts): a call that has not rendered fully by then "did not finish".
  timeoutS: 90,
};
const log = (line: string) => console.log(line);

/** Why our SFU mode cannot be measured with this build, or undefined when it can. */
function sfuModeMissing(): string | undefined {
  const janus = join(root, 'src/core/transport/janus');
  if (!existsSync(janus) || !readdirSync(janus).length) return 'not measured: JanusTransport not merged';
  if (!OPTION_SPECS.some((s) => s.flag === '--janus')) return 'not measured: rtc-signal has no --janus';
  return undefined;
}

/**
 * The floor's rooms: the media settings rtc-signal makes its VideoRooms with
 * (dev-server/janus/sfu.ts), not its access list, room secret and private room.
 */
const FLOOR_ROOM = VIDEOROOM_MEDIA;

/** What Chromium needs to reach Janus on the namespace's veth (its candidates are in 127.0.0.0/8). */
const NAMESPACE_FLAGS = ['--allow-loopback-in-peer-connection', '--disable-features=WebRtcHideLocalIpsWithMdns'];

/** A tab with the bench's page loaded (`window.sfu`), in front: only the page in front renders video frames. */
async function openPage(browser: Browser, url: string): Promise<Page> {
  const tab = await browser.newPage();
  tab.on('pageerror', (error) => console.error(`page error: ${String(error)}`));
  if (process.env.SFU_DEBUG) tab.on('console', (m) => console.error(`page: ${m.text()}`));
  // Chromium sees the namespace's new interfaces settle (IPv6 addresses on the veth) as a network
  // change and fails the requests under way (net::ERR_NETWORK_CHANGED): the page is loaded again.
  let failed = false;
  tab.on('requestfailed', () => {
    failed = true;
  });
  tab.on(
    'response',
    (response) =>
      response.status() >= 400 &&
      !response.url().endsWith('/favicon.ico') &&
      console.error(`page: ${response.status()} ${response.url()}`),
  );
  await tab.setViewport({ width: 1000, height: 800 });
  for (let attempt = 1; ; attempt++) {
    failed = false;
    await tab.goto(url);
    const deadline = Date.now() + 60_000;
    while (!failed && Date.now() < deadline && !(await tab.evaluate(() => 'sfu' in window))) await delay(100);
    if (await tab.evaluate(() => 'sfu' in window)) break;
    if (attempt === 5) throw new Error('the bench page did not load (5 attempts)');
    await delay(1000);
  }
  await tab.bringToFront();
  return tab;
}

async function measure(): Promise<Pick<SfuData, 'results' | 'sfuMode' | 'chromium'>> {
  const sfuMode = sfuModeMissing();
  const janus = await launchJanus({ iceInterfaces: process.env.RTC_SFU_INTERFACE ?? 'rtc0' });
  // Rooms in mode sfu go to Janus at once; those in mode mesh stay meshes.
  const server = await startServerProcess([
    '--log-level',
    'warn',
    ...(sfuMode ? [] : ['--janus', janus.url, '--janus-admin-key', janus.adminKey]),
  ]);
  const page =
    '<!doctype html><meta charset="utf-8"><title>bench</title><body>' +
    '<script type="module">import * as s from "/dist/bench/browser/sfu-page.js"; window.sfu = s;</script>';
  const statics = await startStaticServer({ dir: root, files: new Map([['/sfu.html', page]]) });
  const browser = await launchChromium(NAMESPACE_FLAGS);
  try {
    const tab = await openPage(browser, `${statics.origin}/sfu.html`);
    const plan: Record<number, SfuSide[]> = {};
    for (const n of [...new Set([...options.meshSizes, ...options.sfuSizes])].sort((a, b) => a - b)) {
      plan[n] = [
        ...(options.meshSizes.includes(n) ? (['mesh'] as const) : []),
        ...(options.sfuSizes.includes(n) ? (sfuMode ? [] : (['sfu'] as const)) : []),
        ...(options.sfuSizes.includes(n) ? (['floor'] as const) : []),
      ];
    }
    log(
      `Mesh against SFU: ${options.rounds} rounds; ${Object.entries(plan)
        .map(([n, s]) => `N=${n}: ${s.join(', ')}`)
        .join('; ')}`,
    );
    if (sfuMode) log(`  our SFU mode: ${sfuMode}`);
    const ctx: SfuContext = {
      browser,
      page: tab,
      async freshPage() {
        await ctx.page.close().catch(() => undefined);
        ctx.page = await openPage(browser, `${statics.origin}/sfu.html`);
      },
      server: server.url,
      janus: { url: janus.url, adminKey: janus.adminKey, room: FLOOR_ROOM },
      settleSeconds: options.settleSeconds,
      cpuSeconds: options.cpuSeconds,
      timeoutMs: options.timeoutS * 1000,
    };
    const results: SfuResults = await sfuRounds(ctx, plan, options.rounds, log);
    return {
      results: Object.fromEntries(Object.entries(results)),
      sfuMode: sfuMode ?? null,
      chromium: await browser.version(),
    };
  } finally {
    await browser.close();
    await statics.close();
    await server.stop();
    await janus.stop();
  }
}

const started = new Date().toISOString();
const data: SfuData = {
  command: `node dist/bench/sfu.js ${process.argv.slice(2).join(' ')}`.trim(),
  started,
  options,
  skipped: janusInstalled() ? null : 'Janus is not installed (Debian package janus)',
  sfuMode: null,
  chromium: '',
  results: {},
};
if (!data.skipped) {
  try {
    Object.assign(data, await measure());
  } catch (error) {
    data.skipped = `the bench failed: ${error instanceof Error ? error.message : String(error)}`;
    process.exitCode = 1;
  }
} else log(`SFU rows skipped: ${data.skipped}`);
// NaN (a round that did not finish) is written as null, as in docs/benchmarks.json.
if (values.json) writeFileSync(values.json, `${JSON.stringify(data, null, 2)}\n`);
