/**
 * Mesh of N in one page (see bench/run.ts): the time until every participant renders every other
 * one, ours against the raw floor at the resolution our adaptation picks for N; the renderer's
 * CPU while the call runs; offers and answers per pair.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Browser, CDPSession, Page } from 'puppeteer-core';

/** One round of one side of a mesh of N. */
export interface MeshSample {
  /** ms until every participant presented a frame of every other (NaN: did not finish). */
  ms: number;
  /** How many of the N×(N−1) first frames had each size (`{ "240x180": 12 }`). */
  firstFrames?: Record<string, number>;
  /** Renderer CPU seconds per second of call (all its threads: encoders and decoders included). */
  cpu: number;
  /** Main-thread task time per second of call (Performance.getMetrics TaskDuration). */
  task: number;
  /** Offers and answers the pages sent, per pair (ours only). */
  perPair?: number;
  /** One link's camera after the CPU window: encoded size and the sender's caps. */
  frame?: string;
}

export interface MeshContext {
  browser: Browser;
  page: Page;
  server: string;
  /** Seconds over which the CPU of a running call is measured. */
  cpuSeconds: number;
  /** How long a mesh may take to render fully. */
  timeoutMs: number;
}

type Bench = Record<string, (...args: unknown[]) => Promise<unknown>>;

/** The renderer processes' CPU seconds so far (CDP `SystemInfo.getProcessInfo`: every thread). */
export async function rendererCpu(browserSession: CDPSession): Promise<number> {
  const { processInfo } = (await browserSession.send('SystemInfo.getProcessInfo')) as {
    processInfo: Array<{ type: string; cpuTime: number }>;
  };
  return processInfo.filter((p) => p.type === 'renderer').reduce((sum, p) => sum + p.cpuTime, 0);
}

async function taskDuration(pageSession: CDPSession): Promise<number> {
  const { metrics } = (await pageSession.send('Performance.getMetrics')) as {
    metrics: Array<{ name: string; value: number }>;
  };
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
}

/** One mesh of `n`, ours or the floor; the call is left running for `cpuSeconds` to measure its CPU. */
export async function meshOnce(ctx: MeshContext, side: 'ours' | 'floor', n: number): Promise<MeshSample> {
  const browserSession = await ctx.browser.target().createCDPSession();
  const pageSession = await ctx.page.createCDPSession();
  try {
    await pageSession.send('Performance.enable');
    const run = ctx.page.evaluate(
      (s, count, url) => {
        const bench = (window as unknown as { bench: Bench }).bench;
        return s === 'ours' ? bench.meshOurs!(count, url) : bench.meshFloor!(count);
      },
      side,
      n,
      ctx.server,
    ) as Promise<{ ms: number; firstFrames: Record<string, number>; perPair?: number }>;
    // A mesh that never renders: its evaluate may fail much later (protocol timeout); not an error here.
    run.catch(() => undefined);
    const result = await Promise.race([run, delay(ctx.timeoutMs).then(() => null)]);
    // Not everything rendered in time: reported as "did not finish".
    if (result === null) return { ms: Number.NaN, cpu: Number.NaN, task: Number.NaN };
    const [cpu0, task0] = [await rendererCpu(browserSession), await taskDuration(pageSession)];
    const start = Date.now();
    await delay(ctx.cpuSeconds * 1000);
    const seconds = (Date.now() - start) / 1000;
    const [cpu1, task1] = [await rendererCpu(browserSession), await taskDuration(pageSession)];
    const asked = ctx.page.evaluate(() => (window as unknown as { bench: Bench }).bench.meshFrame!());
    const frame = (await Promise.race([asked.catch(() => ''), delay(30_000).then(() => '')])) as string;
    return { ...result, frame, cpu: (cpu1 - cpu0) / seconds, task: (task1 - task0) / seconds };
  } catch {
    // The page stopped answering (a mesh too heavy for it): reported as "did not finish".
    return { ms: Number.NaN, cpu: Number.NaN, task: Number.NaN };
  } finally {
    const close = ctx.page.evaluate(() => (window as unknown as { bench: Bench }).bench.closeMesh!());
    await Promise.race([close.catch(() => undefined), delay(30_000)]);
    await browserSession.detach().catch(() => undefined);
    await pageSession.detach().catch(() => undefined);
  }
}

export type MeshResults = Record<number, { ours: MeshSample[]; floor: MeshSample[] }>;

/** `rounds` rounds over every N, ours and the floor alternating (who goes first alternates too). */
export async function meshRounds(
  ctx: MeshContext,
  sizes: readonly number[],
  rounds: number,
  log: (line: string) => void,
): Promise<MeshResults> {
  const results: MeshResults = {};
  for (const n of sizes) results[n] = { ours: [], floor: [] };
  for (let round = 0; round < rounds; round++) {
    for (const n of sizes) {
      const order: Array<'ours' | 'floor'> = round % 2 ? ['floor', 'ours'] : ['ours', 'floor'];
      const line: string[] = [];
      for (const side of order) {
        const sample = await meshOnce(ctx, side, n);
        results[n]![side].push(sample);
        const frames = Object.entries(sample.firstFrames ?? {}).map(([size, count]) => `${size} ×${count}`);
        line.push(`${side} ${sample.ms.toFixed(0)} ms (${frames.join(', ')}) cpu ${sample.cpu.toFixed(2)}`);
      }
      log(`  mesh N=${n} round ${round + 1}/${rounds}: ${line.join(', ')}`);
    }
  }
  return results;
}
