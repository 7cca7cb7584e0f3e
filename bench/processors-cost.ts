/**
 * What the processors cost (issue 28): one headless Chromium, the fake camera at 640x480 and 30
 * fps and the fake microphone, each shown in a media element (as a self view plays them), in
 * windows with no processor, with blur, and with noise suppression, alternating round by round in
 * the same run. For each: the CPU time of the whole Chromium process tree (from /proc) per second,
 * the page's main-thread busy time per second (Chromium's TaskDuration, over CDP), and the frames
 * shown per second. From the differences with the processor off: CPU per processed video frame,
 * and CPU per 10 ms of audio. Then, in the same Chromium, a call of four with one participant's
 * camera blurred or not (bench/blur-call.ts): the frames it sends per second on each link.
 *
 *   node dist/bench/processors-cost.js [--rounds R] [--window S] [--call-rounds R] [--json FILE]
 *   (npm run bench:processors builds first; `npm run bench` runs it with --json, bench/run.ts)
 *
 * A benchmark, not a test: nothing here passes or fails on timing. It writes only --json's file
 * (bench/report-processors.ts's ProcessorsData); the tables it prints are that report's.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { blurCallRounds, CALL_SIZE } from './blur-call.js';
import { treeCpuMs } from './cpu-time.js';
import {
  PROCESSOR_MODES as MODES,
  type ProcessorMode as Mode,
  type ProcessorsData,
  processorsSection,
} from './report-processors.js';
import { servedChromium } from './served-chromium.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    window: { type: 'string', default: '6' },
    /** Rounds of the call of four (blur off and on each round); 0: none. */
    'call-rounds': { type: 'string', default: '3' },
    json: { type: 'string' },
  },
});
const rounds = Math.max(1, Number(values.rounds));
const windowMs = Math.max(1, Number(values.window)) * 1000;

const started = new Date().toISOString();
const loadAverage = loadavg();
const { server, port, browser } = await servedChromium(root);
try {
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error('page error:', error));
  page.on('console', (message) => message.type() === 'warn' && console.warn('page:', message.text()));
  await page.goto(`http://127.0.0.1:${port}/package.json`);
  await page.evaluate(async () => {
    const processors = await import('/dist/src/core/processors/index.js' as string);
    const stream = await navigator.mediaDevices.getUserMedia({
      video: { width: 640, height: 480, frameRate: 30 },
      audio: true,
    });
    const [camera] = stream.getVideoTracks();
    const [microphone] = stream.getAudioTracks();
    const video = document.createElement('video');
    video.muted = true;
    const audio = document.createElement('audio');
    audio.muted = true;
    document.body.append(video, audio);
    let frames = 0;
    const count = () => {
      frames++;
      video.requestVideoFrameCallback(count);
    };
    video.requestVideoFrameCallback(count);
    let current: { track: MediaStreamTrack; stop(): void } | null = null;
    const w = window as unknown as Record<string, unknown>;
    w.mode = async (mode: string) => {
      current?.stop();
      current = null;
      let [v, a] = [camera, microphone];
      if (mode === 'blur') {
        current = await processors.blurBackground()(camera);
        v = current!.track;
      } else if (mode === 'noise') {
        current = await processors.noiseSuppression()(microphone);
        a = current!.track;
      }
      video.srcObject = new MediaStream([v!]);
      audio.srcObject = new MediaStream([a!]);
      await Promise.all([video.play(), audio.play()]);
    };
    w.frames = () => frames;
  });
  const pid = browser.process()!.pid!;
  const cdp = await page.createCDPSession();
  await cdp.send('Performance.enable');
  const mainMs = async () =>
    ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000;
  const frames = () => page.evaluate(() => (window as unknown as { frames(): number }).frames());
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const results: Record<Mode, { cpu: number[]; main: number[]; fps: number[] }> = {
    off: { cpu: [], main: [], fps: [] },
    blur: { cpu: [], main: [], fps: [] },
    noise: { cpu: [], main: [], fps: [] },
  };
  console.log(
    `Fake camera 640x480 at 30 fps and microphone in one Chromium, ${rounds} rounds of ${windowMs / 1000} s per mode. ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}.`,
  );
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 ? [...MODES].reverse() : MODES;
    for (const mode of order) {
      await page.evaluate((m) => (window as unknown as { mode(m: string): Promise<void> }).mode(m), mode);
      await wait(2000); // settle: the model's first runs, RNNoise's start
      const [cpu0, main0, frames0, t0] = [treeCpuMs(pid), await mainMs(), await frames(), performance.now()];
      await wait(windowMs);
      const seconds = (performance.now() - t0) / 1000;
      results[mode].cpu.push((treeCpuMs(pid) - cpu0) / seconds);
      results[mode].main.push(((await mainMs()) - main0) / seconds);
      results[mode].fps.push(((await frames()) - frames0) / seconds);
    }
    console.log(
      `round ${r + 1}: ${MODES.map((m) => `${m} ${results[m].cpu.at(-1)!.toFixed(0)} CPU-ms/s, ${results[m].fps.at(-1)!.toFixed(1)} fps`).join('; ')}`,
    );
  }
  const callRounds = Math.max(0, Number(values['call-rounds']));
  let call: ProcessorsData['call'];
  if (callRounds > 0) {
    await page.close();
    console.log(
      `A call of ${CALL_SIZE} in one page, the first participant's camera blurred or not, ${callRounds} rounds of ${windowMs / 1000} s each:`,
    );
    try {
      call = {
        size: CALL_SIZE,
        rounds: await blurCallRounds(browser, `http://127.0.0.1:${port}`, callRounds, windowMs, console.log),
      };
    } catch (error) {
      console.error(`the call of ${CALL_SIZE}: ${String(error)}`);
      call = { size: CALL_SIZE, rounds: [], error: String(error).split('\n')[0]! };
    }
  }
  const args = process.argv.slice(2).filter((a, i, all) => a !== '--json' && all[i - 1] !== '--json');
  const data: ProcessorsData = {
    command: `node dist/bench/processors-cost.js ${args.join(' ')}`.trim(),
    started,
    rounds,
    windowS: windowMs / 1000,
    loadAverage,
    cost: results,
    ...(call && { call }),
  };
  console.log(`\n${processorsSection(data)}`);
  if (values.json) writeFileSync(values.json, `${JSON.stringify(data, null, 2)}\n`);
} finally {
  await browser.close();
  await server.stop();
}
