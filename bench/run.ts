/**
 * `npm run bench`: the whole picture in one run. In ONE headless Chromium page, rounds interleaved
 * so the shared machine's drift hits every side alike: time to first remote frame (raw floor,
 * PeerJS, our core, `<rtc-room>`), then meshes of N = 2, 4, 6, 8 (ours against the raw floor at the
 * resolution our adaptation picks). Then the signaling benchmark (`node dist/bench/signal.js`).
 * Prints the tables and writes docs/benchmarks.md.
 *
 * Usage: node dist/bench/run.js [--rounds 15] [--mesh-rounds 3] [--sizes 2,4,6,8] [--cpu-seconds 3]
 *                               [--signal quick|full|skip] [--out docs/benchmarks.md]
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, startServerProcess } from '../test/support/index.js';
import { launchChromium, root, startStaticServer } from '../test/node/browser-call.js';
import { ttffRounds } from './first-frame.js';
import { meshRounds } from './mesh.js';
import { median, medianTime, meshTable, ttffTable } from './report.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '15' },
    'mesh-rounds': { type: 'string', default: '3' },
    sizes: { type: 'string', default: '2,4,6,8' },
    'cpu-seconds': { type: 'string', default: '3' },
    signal: { type: 'string', default: 'quick' },
    out: { type: 'string', default: 'docs/benchmarks.md' },
  },
});
const rounds = Number(values.rounds);
const meshRoundsCount = Number(values['mesh-rounds']);
const sizes = String(values.sizes).split(',').map(Number);
const log = (line: string) => console.log(line);

/** Runs the signaling benchmark as its own process; resolves with what it printed. */
function signalBench(mode: string): Promise<string> {
  if (mode === 'skip') return Promise.resolve('(skipped: --signal skip)');
  const args = [join(root, 'dist/bench/signal.js'), ...(mode === 'full' ? [] : ['--quick'])];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk;
      process.stdout.write(chunk);
    });
    child.on('error', (error) => resolve(`(could not run: ${error.message})`));
    child.on('close', (code) => resolve(code ? `${out}\n(exit code ${code})` : out));
  });
}

const started = new Date();
const server = await startServerProcess(['--log-level', 'warn']);
const peerjsPort = await freePort();
const peerjs = spawn(process.execPath, [join(root, 'dist/bench/peerjs-server.js'), '--port', String(peerjsPort)], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
peerjs.on('error', (error) => console.error(`PeerJS server: ${error.message}`));
await new Promise<void>((resolve) => peerjs.stdout.on('data', (c: Buffer) => c.includes('listening') && resolve()));
const page =
  '<!doctype html><meta charset="utf-8"><title>bench</title><body>' +
  '<script src="/node_modules/peerjs/dist/peerjs.min.js"></script>' +
  '<script type="module">import * as b from "/dist/bench/browser/bench-page.js"; window.bench = b;</script>';
const statics = await startStaticServer({ dir: root, files: new Map([['/bench.html', page]]) });
const browser = await launchChromium();
let ttff: Awaited<ReturnType<typeof ttffRounds>>;
let mesh: Awaited<ReturnType<typeof meshRounds>>;
let chromium = '';
try {
  chromium = await browser.version();
  const tab = await browser.newPage();
  tab.on('pageerror', (error) => console.error(`page error: ${String(error)}`));
  await tab.setViewport({ width: 1000, height: 800 });
  await tab.goto(`${statics.origin}/bench.html`);
  await tab.waitForFunction(() => 'bench' in window);
  // Only the page in front renders video frames in headless Chromium.
  await tab.bringToFront();
  log(`Time to first frame: ${rounds} rounds (+1 warm-up)`);
  const empty = { floor: [], peerjs: [], core: [], element: [] };
  ttff = rounds > 0 ? await ttffRounds({ page: tab, server: server.url, peerjsPort }, rounds, log) : empty;
  log(`Mesh: N = ${sizes.join(', ')}, ${meshRoundsCount} rounds`);
  mesh = await meshRounds(
    { browser, page: tab, server: server.url, cpuSeconds: Number(values['cpu-seconds']), timeoutMs: 90_000 },
    sizes,
    meshRoundsCount,
    log,
  );
} finally {
  await browser.close();
  await statics.close();
  await server.stop();
  peerjs.kill();
}
log('Signaling server benchmark (node dist/bench/signal.js)');
const signal = await signalBench(String(values.signal));

const [cpu] = cpus();
const machine = [
  `${cpus().length} × ${cpu?.model.trim() ?? 'unknown CPU'}`,
  `${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
  `Linux ${release()}`,
  `Node ${process.versions.node}`,
  `${chromium} (headless, fake camera and microphone at their default 640×480)`,
  `load average at the end ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ')} (the machine is shared: only ratios within one run mean much)`,
].join('; ');
const floor = median(ttff.floor);
const r = (side: 'core' | 'element' | 'peerjs') => median(ttff[side]) / floor;
const meshRatio = (n: number) =>
  medianTime(mesh[n]?.ours.map((s) => s.ms) ?? []) / medianTime(mesh[n]?.floor.map((s) => s.ms) ?? []);
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
const targets = [
  `- core ≤ 1.15× floor: ${r('core').toFixed(2)}× → ${verdict(r('core') <= 1.15)}; below PeerJS (${r('peerjs').toFixed(2)}×) → ${verdict(r('core') < r('peerjs'))}`,
  `- \`<rtc-room>\` ≤ 1.25× floor: ${r('element').toFixed(2)}× → ${verdict(r('element') <= 1.25)}`,
  ...[4, 6].map((n) => {
    const x = meshRatio(n);
    const shown = Number.isFinite(x) ? `${x.toFixed(2)}×` : 'ours did not finish (median round)';
    return `- mesh of ${n} ≤ 1.3× floor: ${shown} → ${verdict(x <= 1.3)}`;
  }),
  `- mesh of 8 completes: ${mesh[8]?.ours.every((s) => Number.isFinite(s.ms)) ? `yes, median ${Math.round(median(mesh[8]!.ours.map((s) => s.ms)))} ms` : 'NO'}`,
].join('\n');
const report = `# Benchmarks

Written by \`npm run bench\` (\`bench/run.ts\`) on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC.
Machine: ${machine}.

Everything below ran in one browser session, rounds interleaved (the order rotates each round),
so that whatever else the machine did hit every side alike. Medians.

## Time to first remote frame

Two parties in one page; timed from the second party starting to join (its \`getUserMedia\`
included) to the first frame of the first party's video it presents (\`requestVideoFrameCallback\`).
The first party is already in the room. The floor gets its media, then makes a direct
\`RTCPeerConnection\` pair, candidates handed over in the page (no server). PeerJS gets its media
and connects to its server at once, then calls. Ours: \`new Room(...).join()\`, or an \`<rtc-room>\`
put in the page.

Our first frame is a small one: a new link starts at the adaptation's last level (180 lines,
150 kb/s, 15 fps, see docs/adaptation.md) and takes its own level (full size in a room of 2) once
it has been up for 2 s. The floor and PeerJS start at full size, where Chromium's VP8 encoder
drops the first frames as too large for the start bitrate and scales down (640×480 → 480×360 →
320×240) before one goes out.

${ttffTable(ttff)}

## Mesh of N in one page

N participants join one room at once; timed until every one presents a frame of every other
one's video (N×(N−1) videos). The floor: N \`getUserMedia\` streams and a direct connection per
pair, each camera capped with the same \`setParameters\` our adaptation applies for N (so at the
same resolution). CPU: the renderer process's CPU time per second of call over
${values['cpu-seconds']} s once everything renders (CDP \`SystemInfo.getProcessInfo\`: every thread,
encoders and decoders included), and the main thread's (\`Performance.getMetrics\` TaskDuration).
Offers+answers per pair: what the pages sent through the server, divided by N×(N−1)/2 (2 = one
negotiation per pair, no renegotiation, no glare).
Our links start at the adaptation's last level and take theirs 2 s after they are up, so the
encoded size in the table (read as soon as everything renders) may still be the starting one; the
floor is capped at the settled level from its first frame. A round that did not finish in 90 s
counts as slower than any that did: a median that lands on it is "did not finish".

${meshTable(mesh)}

## Targets

${targets}

## Signaling server

\`node dist/bench/signal.js${values.signal === 'full' ? '' : ' --quick'}\` (see bench/README.md; \`npm run bench -- --signal full\` runs the full one):

\`\`\`
${signal.trim()}
\`\`\`
`;
writeFileSync(resolve(root, String(values.out)), report);
log(`\n${ttffTable(ttff)}\n\n${meshTable(mesh)}\n\n${targets}\n\nWrote ${values.out}`);
