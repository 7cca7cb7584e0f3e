/**
 * What the stats sampler costs: a room of 4 in one headless Chromium (four core `Room`s joined
 * through the real signaling server, 12 peer connections, small fake video and audio), a
 * `StatsSampler` per room (each reads its 3 links once a second, as the elements do), and the CPU
 * time of the whole Chromium process tree (from /proc) over windows with the samplers on and off,
 * alternating, in the same run. Prints the CPU milliseconds per second of call, on and off, their
 * difference (the sampler's cost) and ratio, round by round and as medians, and the median time one
 * sample takes (wall clock, getStats included). Writes every round's values to docs/stats-cost.json
 * and, from them, the figures of docs/stats.md (its `bench:stats` region; bench/stats-report.ts),
 * unless --no-write; test/node/docs.test.ts checks the region against the JSON.
 *
 *   npm run bench:stats -- [--rounds R] [--window S] [--interval MS] [--no-write]
 *
 * A benchmark, not a test: nothing here passes or fails on timing.
 */
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { signalingPlugin } from '../dev-server/plugin.js';
import { measuredCommit } from './commit.js';
import { median, treeCpuMs } from './cpu-time.js';
import { servedChromium } from './served-chromium.js';
import { writeJson, writeRegions } from './regions.js';
import { type StatsCostData, statsRegion } from './stats-report.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '6' },
    window: { type: 'string', default: '8' },
    interval: { type: 'string', default: '1000' },
    'no-write': { type: 'boolean', default: false },
  },
});
const started = new Date();

const rounds = Math.max(1, Number(values.rounds));
const windowMs = Math.max(1, Number(values.window)) * 1000;
const intervalMs = Math.max(50, Number(values.interval));

const { server, port, browser } = await servedChromium(root, [signalingPlugin({ logLevel: 'error' })]);
try {
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error('page error:', error));
  await page.goto(`http://127.0.0.1:${port}/package.json`);
  await page.evaluate(async (interval: number) => {
    const core = await import('/dist/src/core/index.js' as string);
    const stats = await import('/dist/src/core/stats/index.js' as string);
    const name = `bench-${Math.random().toString(36).slice(2)}`;
    const media = { audio: true, video: { width: 320, height: 240, frameRate: 15 } };
    const rooms: {
      remote: ReadonlyMap<string, { connectionState: string }>;
      connections(): { getStats(): Promise<RTCStatsReport> }[];
    }[] = [];
    for (let i = 0; i < 4; i++) {
      const room = new core.Room({ room: name, name: `P${i}`, media });
      await room.join();
      rooms.push(room);
    }
    const deadline = Date.now() + 60_000;
    while (
      !rooms.every(
        (r) =>
          [...r.remote.values()].filter((p: { connectionState: string }) => p.connectionState === 'connected')
            .length === 3,
      )
    ) {
      if (Date.now() > deadline) throw new Error('the room of 4 did not connect');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const w = window as unknown as Record<string, unknown>;
    const times: number[] = [];
    const samplers = rooms.map((room) => {
      const sampler = new stats.StatsSampler(room, { intervalMs: interval });
      const sample = sampler.sample.bind(sampler);
      sampler.sample = async () => {
        const start = performance.now();
        const result = await sample();
        times.push(performance.now() - start);
        return result;
      };
      return sampler;
    });
    const listener = () => undefined;
    w.sampling = (on: boolean) => {
      for (const s of samplers) {
        if (on) s.addEventListener('sample', listener);
        else s.removeEventListener('sample', listener);
      }
    };
    w.sampleTimes = () => times.splice(0);
    // The sampler's own JavaScript, without the noise of the call around it: turning one room's
    // 3 reports (its connections', as the sampler reads them) into their plain objects
    // (synchronous), timed alone, 40 times.
    const read = await import('/dist/src/core/stats/read.js' as string);
    w.readCost = async () => {
      const links = rooms[0]!.connections();
      const counters = new Map<number, unknown>();
      const costs: number[] = [];
      for (let n = 0; n < 40; n++) {
        const reports = await Promise.all(links.map((c) => c.getStats()));
        const start = performance.now();
        for (const [j, report] of reports.entries())
          counters.set(j, read.readLink(report, counters.get(j), 1).counters);
        costs.push(performance.now() - start);
      }
      return costs;
    };
  }, intervalMs);
  const pid = browser.process()!.pid!;
  // The page's main thread, from Chromium itself: busy time (TaskDuration) and JavaScript (ScriptDuration).
  const cdp = await page.createCDPSession();
  await cdp.send('Performance.enable');
  const mainThread = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const get = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
    return { task: get('TaskDuration'), script: get('ScriptDuration') };
  };
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  console.log(
    `Room of 4 in one Chromium (12 peer connections), samplers at ${intervalMs} ms, ${rounds} rounds of ${windowMs / 1000} s off + on.`,
  );
  await wait(5000); // settle: encoders ramp up
  const measure = async (on: boolean) => {
    await page.evaluate((value) => (window as unknown as { sampling(on: boolean): void }).sampling(value), on);
    const cpu0 = treeCpuMs(pid);
    const main0 = await mainThread();
    const t0 = performance.now();
    await wait(windowMs);
    const main1 = await mainThread();
    const seconds = (performance.now() - t0) / 1000;
    (on ? mainOn : mainOff).push({
      task: (main1.task - main0.task) / seconds,
      script: (main1.script - main0.script) / seconds,
    });
    return (treeCpuMs(pid) - cpu0) / seconds;
  };
  const off: number[] = [];
  const on: number[] = [];
  const mainOff: { task: number; script: number }[] = [];
  const mainOn: { task: number; script: number }[] = [];
  for (let r = 0; r < rounds; r++) {
    // Alternate the order, so a drift of the machine lands on both alike.
    if (r % 2) {
      on.push(await measure(true));
      off.push(await measure(false));
    } else {
      off.push(await measure(false));
      on.push(await measure(true));
    }
    console.log(
      `round ${r + 1}: off ${off.at(-1)!.toFixed(0)} CPU-ms/s, on ${on.at(-1)!.toFixed(0)} CPU-ms/s, sampler ${(on.at(-1)! - off.at(-1)!).toFixed(1)} CPU-ms/s`,
    );
  }
  const times = (await page.evaluate(() =>
    (window as unknown as { sampleTimes(): number[] }).sampleTimes(),
  )) as number[];
  const readCosts = (await page.evaluate(() =>
    (window as unknown as { readCost(): Promise<number[]> }).readCost(),
  )) as number[];
  const diffs = on.map((v, i) => v - off[i]!);
  const task = (list: { task: number }[]) => median(list.map((m) => m.task));
  const script = (list: { script: number }[]) => median(list.map((m) => m.script));
  const mainDiffs = mainOn.map((m, i) => m.task - mainOff[i]!.task);
  const scriptDiffs = mainOn.map((m, i) => m.script - mainOff[i]!.script);
  console.log('');
  console.log(`Medians of ${rounds} rounds, CPU-ms per second of call:`);
  console.log('| samplers | Chromium, all processes | page main thread, busy | of it, JavaScript |');
  console.log('| -------- | ----------------------- | ---------------------- | ----------------- |');
  for (const [label, all, main] of [
    ['off', off, mainOff],
    ['on ', on, mainOn],
  ] as const)
    console.log(
      `| ${label}      | ${median(all).toFixed(0)} | ${task(main).toFixed(1)} | ${script(main).toFixed(1)} |`,
    );
  console.log('');
  console.log(
    `JavaScript: the samplers add a median ${median(scriptDiffs).toFixed(1)} ms per second of call, ${(median(scriptDiffs) / 12).toFixed(2)} ms per link and sample (4 samplers, 12 links).`,
  );
  console.log(
    `Main thread: the samplers add a median ${median(mainDiffs).toFixed(1)} ms of busy time per second of call (${(median(mainDiffs) / 12).toFixed(2)} per link); ratio on/off ${(task(mainOn) / task(mainOff)).toFixed(2)}.`,
  );
  console.log(
    `All processes: median difference ${median(diffs).toFixed(1)} CPU-ms per second of call, ratio on/off ${(median(on) / median(off)).toFixed(3)} (video coding dominates and varies between windows on a shared machine).`,
  );
  console.log(
    `Reading one room's 3 reports into a sample (the sampler's JavaScript, timed alone): median ${median(readCosts).toFixed(2)} ms; for the 4 samplers, ${((median(readCosts) * 4 * 1000) / intervalMs).toFixed(1)} ms of JavaScript per second of call (${((median(readCosts) * 4 * 100) / intervalMs).toFixed(2)} % of one core).`,
  );
  console.log(
    `One sample of one room (3 links, getStats included), wall clock: median ${median(times).toFixed(1)} ms over ${times.length}.`,
  );
  if (!values['no-write']) {
    const [cpu] = cpus();
    const data: StatsCostData = {
      format: 1,
      command: `node dist/bench/stats-cost.js ${process.argv.slice(2).join(' ')}`.trim(),
      started: started.toISOString(),
      commit: measuredCommit(root),
      machine: { cpus: cpus().length, cpu: cpu?.model.trim() ?? 'unknown CPU', loadAverageEnd: loadavg() },
      options: { rounds, windowS: windowMs / 1000, intervalMs, rooms: 4, links: 12 },
      rounds: off.map((cpuOff, i) => ({
        off: { cpu: cpuOff, ...mainOff[i]! },
        on: { cpu: on[i]!, ...mainOn[i]! },
      })),
      sampleTimes: times,
      readCosts,
    };
    // The region is made from the JSON as written, exactly as the test reads it.
    const json = writeJson(join(root, 'docs/stats-cost.json'), data);
    writeRegions(join(root, 'docs/stats.md'), { stats: statsRegion(JSON.parse(json) as StatsCostData) });
    console.log('\nWrote docs/stats-cost.json and the figures of docs/stats.md.');
  }
} finally {
  await browser.close();
  await server.stop();
}
