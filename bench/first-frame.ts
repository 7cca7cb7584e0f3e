/**
 * Time to first remote video frame, four ways, rounds interleaved in one page (see bench/run.ts):
 * the raw floor, PeerJS with its own server, our core, and `<rtc-room>`.
 */
import type { Page } from 'puppeteer-core';

export const TTFF_SIDES = ['floor', 'peerjs', 'core', 'element'] as const;
export type TtffSide = (typeof TTFF_SIDES)[number];

export interface TtffContext {
  page: Page;
  /** Our signaling server's WebSocket URL. */
  server: string;
  /** The PeerJS server's port. */
  peerjsPort: number;
}

/** One round of one side: ms from the start of the join to the first remote frame, and that frame's size. */
export interface TtffSample {
  ms: number;
  /** The first frame's size in media pixels (`320x240`), from `requestVideoFrameCallback`. */
  frame: string;
  /**
   * Ms from the same start to the first frame at the camera's full width (640): a sharp picture,
   * not only a first one. Null when none came within 10 s; absent from runs before it was measured.
   */
  full?: number | null;
}

type Bench = Record<string, (...args: unknown[]) => Promise<TtffSample>>;

/** One measurement of `side`. */
export function ttffOnce(ctx: TtffContext, side: TtffSide): Promise<TtffSample> {
  const { page, server, peerjsPort } = ctx;
  return page.evaluate(
    (s, url, port) => {
      const bench = (window as unknown as { bench: Bench }).bench;
      if (s === 'floor') return bench.floorTtff!();
      if (s === 'peerjs') return bench.peerjsTtff!(port);
      if (s === 'core') return bench.coreTtff!(url);
      return bench.elementTtff!(url);
    },
    side,
    server,
    peerjsPort,
  );
}

/**
 * `rounds` rounds (plus one warm-up round, not counted), each measuring every side once, the
 * order rotating from round to round so no side always goes first.
 */
export async function ttffRounds(
  ctx: TtffContext,
  rounds: number,
  log: (line: string) => void,
): Promise<Record<TtffSide, TtffSample[]>> {
  const times = Object.fromEntries(TTFF_SIDES.map((s) => [s, [] as TtffSample[]])) as Record<TtffSide, TtffSample[]>;
  for (let round = -1; round < rounds; round++) {
    const order = TTFF_SIDES.map((_, i) => TTFF_SIDES[(i + Math.max(round, 0)) % TTFF_SIDES.length]!);
    const line: string[] = [];
    for (const side of order) {
      const sample = await ttffOnce(ctx, side);
      if (round >= 0) times[side].push(sample);
      line.push(`${side} ${sample.ms.toFixed(0)} (${sample.frame}; full ${sample.full?.toFixed(0) ?? '–'})`);
    }
    log(`  ttff ${round < 0 ? 'warm-up' : `round ${round + 1}/${rounds}`}: ${line.join(', ')} ms`);
  }
  return times;
}
