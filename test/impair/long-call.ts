/**
 * A long call (issue 25): three Chromium windows in one room for LONG_CALL_MINUTES (default 30)
 * over the per-participant network of network.ts (clean links), sampled every minute after a
 * minute of warm-up. Not part of npm test: `npm run test:long` (root, in the namespace).
 *
 * Asserts, on every window: no new RTCPeerConnection after the call is up and exactly two live
 * ones; the remote tracks steady; the timers and event listeners the page holds not growing (the
 * page's setTimeout/setInterval/addEventListener are counted from before its scripts run); the JS
 * heap after a forced GC grown by less than HEAP_BOUND_MB over the run (it prints what it was); and
 * every remote tile's decoded frames rising between every two samples.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { setTimeout as wait } from 'node:timers/promises';
import type { CDPSession } from 'puppeteer-core';
import { type ImpairedCall, startImpairedCall, until } from './call.js';
import { networkAvailable } from './network.js';

const MINUTES = Number(process.env.LONG_CALL_MINUTES ?? 30);
/**
 * The JS heap (after a forced GC) may grow this much over the run. Measured: 2.3 to 2.5 MB per
 * window, +0.2 MB in each over 30 min, +0.1 over 5 (docs/resilience.md); the bound leaves room for noise.
 */
const HEAP_BOUND_MB = 4;

/** Counts what the page holds, before any of its scripts runs. */
const COUNT_HOLDINGS = () => {
  const w = window as unknown as { holdings: { timeouts: Set<number>; intervals: Set<number>; listeners: number } };
  const held = { timeouts: new Set<number>(), intervals: new Set<number>(), listeners: 0 };
  w.holdings = held;
  const { setTimeout: st, clearTimeout: ct, setInterval: si, clearInterval: ci } = window;
  window.setTimeout = ((fn: TimerHandler, ms?: number, ...rest: unknown[]) => {
    const id: number = st(
      (...args: unknown[]) => {
        held.timeouts.delete(id);
        if (typeof fn === 'function') fn(...args);
      },
      ms,
      ...rest,
    );
    held.timeouts.add(id);
    return id;
  }) as typeof setTimeout;
  window.clearTimeout = ((id?: number) => {
    if (id !== undefined) held.timeouts.delete(id);
    ct(id);
  }) as typeof clearTimeout;
  window.setInterval = ((fn: TimerHandler, ms?: number, ...rest: unknown[]) => {
    const id = si(fn, ms, ...rest);
    held.intervals.add(id);
    return id;
  }) as typeof setInterval;
  window.clearInterval = ((id?: number) => {
    if (id !== undefined) held.intervals.delete(id);
    ci(id);
  }) as typeof clearInterval;
  const add = EventTarget.prototype.addEventListener;
  const remove = EventTarget.prototype.removeEventListener;
  const seen = new WeakMap<object, Set<unknown>>();
  EventTarget.prototype.addEventListener = function (type, listener, options) {
    const key = `${type}:${typeof options === 'boolean' ? options : !!options?.capture}`;
    const set = seen.get(this) ?? new Set();
    seen.set(this, set);
    const token = listener && [key, listener];
    if (listener && ![...set].some((t) => (t as unknown[])[0] === key && (t as unknown[])[1] === listener)) {
      set.add(token);
      held.listeners++;
    }
    return add.call(this, type, listener, options);
  };
  EventTarget.prototype.removeEventListener = function (type, listener, options) {
    const key = `${type}:${typeof options === 'boolean' ? options : !!options?.capture}`;
    const set = seen.get(this);
    for (const t of set ?? []) {
      if ((t as unknown[])[0] === key && (t as unknown[])[1] === listener) {
        set!.delete(t);
        held.listeners--;
      }
    }
    return remove.call(this, type, listener, options);
  };
};

interface Sample {
  created: number;
  live: number;
  tracks: number;
  timeouts: number;
  intervals: number;
  listeners: number;
  heapMb: number;
  /** Decoded frames per remote participant (by id). */
  frames: Record<string, number>;
}

async function sample(call: ImpairedCall, i: number, cdp: CDPSession): Promise<Sample> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const page = await call.pages[i]!.page.evaluate(async () => {
    const w = window as unknown as {
      peerConnections: number;
      holdings: { timeouts: Set<number>; intervals: Set<number>; listeners: number };
    };
    const room = document.querySelector('rtc-room');
    const remotes = [...(room?.session?.remote.values() ?? [])];
    const frames: Record<string, number> = {};
    let tracks = 0;
    let live = 0;
    for (const p of remotes) {
      tracks += p.stream?.getTracks().filter((t) => t.readyState === 'live').length ?? 0;
      const pc = p.peerConnection;
      if (pc && pc.connectionState !== 'closed') live++;
      frames[p.id] = 0;
      (await pc?.getStats())?.forEach((r) => {
        if (r.type === 'inbound-rtp' && r.kind === 'video') frames[p.id]! += r.framesDecoded ?? 0;
      });
    }
    return {
      created: w.peerConnections,
      live,
      tracks,
      timeouts: w.holdings.timeouts.size,
      intervals: w.holdings.intervals.size,
      listeners: w.holdings.listeners,
      frames,
    };
  });
  return { ...page, heapMb: usedSize / 2 ** 20 };
}

const why = networkAvailable() ?? (process.env.LONG_CALL === '1' ? null : 'set LONG_CALL=1 (npm run test:long)');

let call: ImpairedCall | undefined;
after(async () => {
  await call?.close();
});

test(`three people for ${MINUTES} min: nothing grows, frames keep rising`, {
  skip: why ?? false,
  timeout: (MINUTES + 5) * 60_000,
}, async () => {
  call = await startImpairedCall('chromium', ['Ada', 'Bo', 'Cy'], { delayed: [], init: COUNT_HOLDINGS });
  const cdps = await Promise.all(call.pages.map((p) => p.page.createCDPSession()));
  for (const [i] of call.pages.entries()) {
    await until(
      `window ${i} did not show two remote videos`,
      () => sample(call!, i, cdps[i]!),
      (s) => s.live === 2 && Object.values(s.frames).every((f) => f > 30),
      120_000,
    );
  }
  await wait(60_000);
  const first = await Promise.all(call.pages.map((_, i) => sample(call!, i, cdps[i]!)));
  let last: Sample[] = first;
  for (let minute = 1; minute <= MINUTES; minute++) {
    await wait(60_000);
    const now: Sample[] = await Promise.all(call.pages.map((_, i) => sample(call!, i, cdps[i]!)));
    for (const [i, s] of now.entries()) {
      const was = last[i]!;
      const line = `minute ${minute}, window ${i}: ${JSON.stringify({ ...s, heapMb: s.heapMb.toFixed(1) })}`;
      console.log(line);
      assert.equal(s.created, first[i]!.created, `a new RTCPeerConnection: ${line}`);
      assert.equal(s.live, 2, line);
      assert.equal(s.tracks, first[i]!.tracks, line);
      for (const [id, frames] of Object.entries(s.frames))
        assert.ok(frames > (was.frames[id] ?? 0), `${id}'s frames did not rise in minute ${minute}: ${line}`);
    }
    last = now;
  }
  for (const [i, s] of last.entries()) {
    const f = first[i]!;
    const growth = s.heapMb - f.heapMb;
    console.log(
      `window ${i}: heap ${f.heapMb.toFixed(1)} → ${s.heapMb.toFixed(1)} MB (${growth >= 0 ? '+' : ''}${growth.toFixed(1)}), timers ${f.timeouts}+${f.intervals} → ${s.timeouts}+${s.intervals}, listeners ${f.listeners} → ${s.listeners}`,
    );
    // Timers and listeners come and go with the work of the moment: a few either way, no trend.
    assert.ok(s.intervals <= f.intervals, `intervals grew: ${f.intervals} → ${s.intervals}`);
    assert.ok(s.timeouts <= f.timeouts + 10, `pending timeouts grew: ${f.timeouts} → ${s.timeouts}`);
    assert.ok(s.listeners <= f.listeners + 20, `listeners grew: ${f.listeners} → ${s.listeners}`);
    assert.ok(growth < HEAP_BOUND_MB, `window ${i}'s heap grew ${growth.toFixed(1)} MB (bound ${HEAP_BOUND_MB})`);
  }
});
