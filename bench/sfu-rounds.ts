/**
 * The rounds of the SFU benchmark (bench/sfu.ts): N participants in one page on each side (our
 * mesh, our SFU mode, the plain Janus VideoRoom floor), timed until everyone sees everyone, then
 * left running to read the renderer's CPU and what the page's connections upload.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Browser, Page } from 'puppeteer-core';
import { rendererCpu } from './mesh.js';

/** The sides of the SFU benchmark. */
export type SfuSide = 'mesh' | 'sfu' | 'floor';
export const SFU_SIDES: readonly SfuSide[] = ['mesh', 'sfu', 'floor'];

/** One round of one side for N participants. */
export interface SfuSample {
  /** ms until every participant presented a frame of every other one's camera (NaN: did not finish). */
  ms: number;
  /** How many of the N×(N−1) first frames had each size. */
  firstFrames?: Record<string, number>;
  /** Renderer CPU seconds per second of call, the whole page (all N participants). */
  cpu: number;
  /** Bytes per second the page's connections sent (outbound-rtp payload and headers), all N participants. */
  sent: number;
}

export interface SfuContext {
  browser: Browser;
  page: Page;
  /** rtc-signal's URL (with `--janus` where our SFU mode can be measured). */
  server: string;
  /** The floor's Janus, and the settings it makes its rooms with (those of rtc-signal's rooms). */
  janus: { url: string; adminKey: string; room: Record<string, unknown> };
  /** Seconds the call runs after rendering before its cost is read (bandwidth estimation ramps up). */
  settleSeconds: number;
  /** Seconds over which CPU and upload are read. */
  cpuSeconds: number;
  timeoutMs: number;
  /** Replaces `page` with a new one, after a call that did not finish (the page may be stuck or gone). */
  freshPage?: () => Promise<void>;
}

type Sfu = Record<string, (...args: unknown[]) => Promise<unknown>>;

const sentNow = (page: Page) =>
  page.evaluate(() => (window as unknown as { sfu: Sfu }).sfu.sent!()) as Promise<{ bytes: number; at: number }>;

const failed: SfuSample = { ms: Number.NaN, cpu: Number.NaN, sent: Number.NaN };

/** One call of `n` on `side`, measured and closed. */
export async function sfuOnce(ctx: SfuContext, side: SfuSide, n: number): Promise<SfuSample> {
  const browserSession = await ctx.browser.target().createCDPSession();
  try {
    const run = ctx.page.evaluate(
      (s, count, server, janus) => {
        const sfu = (window as unknown as { sfu: Sfu }).sfu;
        return s === 'floor' ? sfu.floorRun!(count, janus) : sfu.oursRun!(count, server, s);
      },
      side,
      n,
      ctx.server,
      ctx.janus,
    ) as Promise<{ ms: number; firstFrames: Record<string, number> }>;
    run.catch(() => undefined);
    const result = await Promise.race([run, delay(ctx.timeoutMs).then(() => null)]);
    if (result === null) return failed;
    await delay(ctx.settleSeconds * 1000);
    // The page's getStats of every connection can take seconds under load: the CPU window is timed
    // between its own two reads, the upload by the page between its own.
    const sent0 = await sentNow(ctx.page);
    const cpu0 = await rendererCpu(browserSession);
    const start = Date.now();
    await delay(ctx.cpuSeconds * 1000);
    const cpu1 = await rendererCpu(browserSession);
    const seconds = (Date.now() - start) / 1000;
    const sent1 = await sentNow(ctx.page);
    return {
      ...result,
      cpu: (cpu1 - cpu0) / seconds,
      sent: ((sent1.bytes - sent0.bytes) * 1000) / (sent1.at - sent0.at),
    };
  } catch {
    return failed;
  } finally {
    const close = ctx.page.evaluate(() => (window as unknown as { sfu: Sfu }).sfu.closeRun!());
    await Promise.race([close.catch(() => undefined), delay(30_000)]);
    // Janus and the page let go of the call before the next one starts.
    await delay(500);
    await browserSession.detach().catch(() => undefined);
  }
}

/** Every round of every N: side by side (keys are N; a side not run at that N has no rounds). */
export type SfuResults = Record<number, Record<SfuSide, SfuSample[]>>;

/**
 * `rounds` rounds over every N; in each, every side that runs at that N, in an order that rotates
 * from round to round, so drift on the shared machine hits every side alike.
 */
export async function sfuRounds(
  ctx: SfuContext,
  plan: Record<number, readonly SfuSide[]>,
  rounds: number,
  log: (line: string) => void,
): Promise<SfuResults> {
  const results: SfuResults = {};
  for (const n of Object.keys(plan).map(Number)) results[n] = { mesh: [], sfu: [], floor: [] };
  for (let round = 0; round < rounds; round++) {
    for (const [key, sides] of Object.entries(plan)) {
      const n = Number(key);
      const order = sides.map((_, i) => sides[(i + round) % sides.length]!);
      const line: string[] = [];
      for (const side of order) {
        const sample = await sfuOnce(ctx, side, n);
        results[n]![side].push(sample);
        if (!Number.isFinite(sample.ms)) await ctx.freshPage?.();
        const frames = Object.entries(sample.firstFrames ?? {}).map(([size, count]) => `${size} ×${count}`);
        line.push(
          `${side} ${sample.ms.toFixed(0)} ms (${frames.join(', ')}) cpu ${(sample.cpu / n).toFixed(2)}/p ` +
            `up ${(sample.sent / n / 1000).toFixed(0)} kB/s/p`,
        );
      }
      log(`  N=${n} round ${round + 1}/${rounds}: ${line.join('; ')}`);
    }
  }
  return results;
}
