/**
 * Blur in a call of four (issue 28: "the participant with blur on in a call of 4 keeps its sent
 * frame rate within 20 % of blur off"): four `Room`s in one page of the processors bench's Chromium
 * (bench/browser/blur-call.ts), the page in front (only it renders), through a real rtc-signal. The
 * call runs throughout; round by round the first participant's camera is blurred or not
 * (`setProcessor`, the order alternating), and after a settling time, over a window, what it sends on
 * each of its three links is read from `getStats` (`outbound-rtp`: frames encoded and sent per
 * second, the size, what limits it) with the CPU time of the whole Chromium.
 */
import { setTimeout as wait } from 'node:timers/promises';
import type { Browser } from 'puppeteer-core';
import { startServerProcess } from '../test/support/index.js';
import { treeCpuMs } from './cpu-time.js';
import type { BlurCallRound } from './report-processors.js';

/** The call's size. */
export const CALL_SIZE = 4;
const SETTLE_MS = 3000;
const START_TIMEOUT_MS = 90_000;

/** The page's module (bench/browser/blur-call.ts), as `window.call`. */
type Call = typeof import('./browser/blur-call.js');
/** What the page holds (a function given to `page.evaluate` runs there, so it reads this itself). */
type W = { call: Call };

/** `rounds` rounds of a window of `windowMs` with blur off and on; every round's figures. */
export async function blurCallRounds(
  browser: Browser,
  origin: string,
  rounds: number,
  windowMs: number,
  log: (line: string) => void,
): Promise<BlurCallRound[]> {
  const server = await startServerProcess(['--log-level', 'warn']);
  const page = await browser.newPage();
  const pid = browser.process()!.pid!;
  const out: BlurCallRound[] = [];
  try {
    page.on('pageerror', (error) => console.error('page error:', error));
    await page.goto(`${origin}/package.json`);
    await page.bringToFront();
    await page.evaluate(async () => {
      (window as unknown as W).call = await import('/dist/bench/browser/blur-call.js' as string);
    });
    const started = Date.now();
    await Promise.race([
      page.evaluate((url, n) => (window as unknown as W).call.startCall(url, n), server.url, CALL_SIZE),
      wait(START_TIMEOUT_MS).then(() => {
        throw new Error(`the call of ${CALL_SIZE} did not show every video within ${START_TIMEOUT_MS / 1000} s`);
      }),
    ]);
    log(`  call of ${CALL_SIZE} up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    // A warm-up: blur's first run loads its worker, WebAssembly and model, which no window should time.
    await page.evaluate(() => (window as unknown as W).call.blur(true));
    await wait(SETTLE_MS);
    await page.evaluate(() => (window as unknown as W).call.blur(false));
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 ? [true, false] : [false, true];
      const line: string[] = [];
      for (const on of order) {
        await page.evaluate((b) => (window as unknown as W).call.blur(b), on);
        await wait(SETTLE_MS);
        const [before, cpu0, t0] = [
          await page.evaluate(() => (window as unknown as W).call.sent()),
          treeCpuMs(pid),
          Date.now(),
        ];
        await wait(windowMs);
        const [after, cpu1, t1] = [
          await page.evaluate(() => (window as unknown as W).call.sent()),
          treeCpuMs(pid),
          Date.now(),
        ];
        const seconds = (t1 - t0) / 1000;
        const links = after.map((a, i) => ({
          encodedFps: (a.framesEncoded - (before[i]?.framesEncoded ?? 0)) / seconds,
          sentFps: (a.framesSent - (before[i]?.framesSent ?? 0)) / seconds,
          reportedFps: a.framesPerSecond,
          size: `${a.width}x${a.height}`,
          limitation: a.limitation,
        }));
        const round: BlurCallRound = { round: r, blur: on, seconds, cpuMsPerS: (cpu1 - cpu0) / seconds, links };
        out.push(round);
        line.push(
          `${on ? 'blur' : 'off'} ${links.map((l) => `${l.encodedFps.toFixed(1)} fps ${l.size} ${l.limitation}`).join(', ')}`,
        );
      }
      log(`  call of ${CALL_SIZE}, round ${r + 1}/${rounds}: ${line.join('; ')}`);
    }
  } finally {
    await page.evaluate(() => (window as unknown as Partial<W>).call?.endCall()).catch(() => undefined);
    await page.close().catch(() => undefined);
    await server.stop();
  }
  return out;
}
