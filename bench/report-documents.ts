/**
 * The documents `npm run bench` writes from its JSON (bench/report.ts computes the figures):
 * docs/benchmarks.md, README.md's benchmark region, and their sections on the demo's first load
 * and the bundle sizes. test/node/docs.test.ts checks the committed documents are what these make
 * of docs/benchmarks.json.
 */
import {
  type BenchData,
  measuredSizes,
  meshCostTable,
  meshTimeTable,
  SIDES,
  signalSummary,
  table,
  targetLines,
  ttffFrameSpread,
  ttffTable,
  x,
} from './report.js';
import { previousRunSection } from './report-previous.js';
import { SFU_GOALS, sfuSection, sfuTargetLines } from './report-sfu.js';
import { SHARP_GOAL, sharpTable, sharpTargetLines } from './report-sharp.js';
import { IMPAIR_GOALS, impairSection, impairTargetLines } from './report-impair.js';
import { BLUR_CALL_GOAL, processorsSection, processorsTargetLines } from './report-processors.js';
import { wrap } from './regions.js';
import { goalLines, tags } from './size-report.js';

// ---- The demo's first load ---------------------------------------------------------------------

/** The goal of the first-ten-minutes issue, also asserted by test/node/demo.test.ts. */
export const PAGE_LOAD_GOAL = { requests: 10, transferredBytes: 80_000 };

/** docs/benchmarks.md's section on the demo's first load: its median load, every load, the goal. */
export function pageLoadSection(data: BenchData): string {
  const loads = data.pageLoad ?? [];
  if (!loads.length) return '(not measured in this run)';
  const median = [...loads].sort((a, b) => a.lobbyShownMs - b.lobbyShownMs)[Math.floor((loads.length - 1) / 2)]!;
  const met = (ok: boolean) => (ok ? 'met' : '**not met**');
  return [
    table(
      ['first load of the demo', 'median load', 'every load'],
      [
        ['requests until the lobby shows', String(median.requests), loads.map((l) => l.requests).join(', ')],
        [
          'bytes transferred (compressed, headers included)',
          String(median.transferredBytes),
          loads.map((l) => l.transferredBytes).join(', '),
        ],
        [
          'lobby shown (ms from navigation)',
          String(Math.round(median.lobbyShownMs)),
          loads.map((l) => Math.round(l.lobbyShownMs)).join(', '),
        ],
      ],
      [false, true, false],
    ),
    '',
    `- at most ${PAGE_LOAD_GOAL.requests} requests: ${median.requests} → ${met(median.requests <= PAGE_LOAD_GOAL.requests)}`,
    `- at most ${PAGE_LOAD_GOAL.transferredBytes / 1000} KB transferred: ${median.transferredBytes} bytes → ${met(median.transferredBytes <= PAGE_LOAD_GOAL.transferredBytes)}`,
  ].join('\n');
}

// ---- Sizes --------------------------------------------------------------------------------------

function sizeSection(data: BenchData): string {
  const { results, goals } = data.sizes;
  const core = results.find((r) => r.entry.name === 'core');
  if (!core) return '(not measured)';
  const rows = results
    .filter((r) => !r.entry.goalOnly && (!r.entry.ours || r.entry.name === 'kit' || r.entry.name === 'core'))
    .map((r) => [tags(r.entry.label), String(r.gzip), x(r.gzip / core.gzip)]);
  return [
    table(['bundle (bench/size-measure.ts)', 'gzip (bytes)', '÷ our core'], rows, [false, true, true]),
    '',
    'The goals of the performance issue (bench/size-budgets.json):',
    '',
    ...goalLines(results, goals),
  ].join('\n');
}

// ---- The documents ------------------------------------------------------------------------------

/** Every goal's line, met or not with its figure: docs/benchmarks.md's Targets and README.md's region. */
export function allTargetLines(data: BenchData): string[] {
  return [
    ...targetLines(data),
    ...sharpTargetLines(data),
    ...sfuTargetLines(data.sfu),
    ...processorsTargetLines(data.processors),
    ...impairTargetLines(data.impair),
  ];
}

function when(data: BenchData): string {
  return `${data.started.slice(0, 16).replace('T', ' ')} UTC`;
}

/** docs/benchmarks.md. */
export function benchmarksMarkdown(data: BenchData): string {
  const { options: o, machine: m } = data;
  const machine = [
    `${m.cpus} × ${m.cpu}`,
    `${m.memoryGiB.toFixed(1)} GiB RAM`,
    m.os,
    `Node ${m.node}`,
    `${m.chromium} (headless, fake camera and microphone)`,
    ...(m.loadDuring
      ? [
          `1-minute load average through the run ${m.loadDuring.mean.toFixed(2)} (mean of ${m.loadDuring.reads} reads, highest ${m.loadDuring.max.toFixed(2)})`,
        ]
      : []),
    `load average at the end ${m.loadAverageEnd.map((l) => l.toFixed(2)).join(' / ')}`,
  ].join('; ');
  const ttffRounds = Math.max(...SIDES.map((side) => data.ttff[side]?.length ?? 0));
  const sizes = measuredSizes(data);
  const intro = wrap(
    `Written by \`${data.command}\` (\`npm run bench\`, bench/run.ts) on ${when(data)}, at commit ` +
      `${data.commit}. Every figure here is computed by bench/report.ts from [\`benchmarks.json\`](benchmarks.json), ` +
      "which the same run wrote with every round's raw values; `npm test` checks that this file is what the " +
      `report makes of it. Machine: ${machine}. The machine may be shared: compare within one run.`,
    100,
  );
  const run = wrap(
    `Run: ${ttffRounds} round${ttffRounds === 1 ? '' : 's'} of time to first frame (after one warm-up round), ` +
      `${sizes.length ? `meshes of ${sizes.join(', ')} × ${o.meshRounds} round${o.meshRounds === 1 ? '' : 's'}` : 'no meshes'}, ` +
      `the renderer's CPU over ${o.cpuSeconds} s, signaling \`${o.signal}\`. One headless Chromium page, rounds ` +
      'interleaved (the order rotates each round), so whatever else the machine did hit every side alike.',
    100,
  );
  const cost = wrap(
    "What the median rounds cost, once everything rendered: the renderer process's CPU time per second " +
      `of call over ${o.cpuSeconds} s (CDP \`SystemInfo.getProcessInfo\`: every thread, encoders and decoders ` +
      "included), the main thread's (`Performance.getMetrics` TaskDuration), and, read after that window, what " +
      "one link's camera sends (encoded size from `getStats`, caps from the sender's `getParameters`). " +
      'Offers+answers per pair: what ours sent through the server, divided by N×(N−1)/2 (2 = one negotiation per pair).',
    100,
  );
  return `# Benchmarks

${intro}

${run}

**How a row is read.** Its figures all come from one round, its **median round**: the rounds
sorted by time (one that did not finish counts as slower than any that did), the middle one; of
an even count, the faster of the two middle ones. A time is compared with another (**÷**) only
where both median rounds presented first frames of the same size: a smaller frame is less work to
encode, send and decode, so where the sizes differ the row says "not like for like" and gives
them, and no ratio.

## Time to first remote frame

Two parties in one page; timed from the second party starting to join (its \`getUserMedia\`
included) to the first frame of the first party's video it presents (\`requestVideoFrameCallback\`,
whose metadata gives that frame's size). The first party is already in the room. The floor gets
its media, then makes a direct \`RTCPeerConnection\` pair, candidates handed over in the page (no
server). PeerJS gets its media and connects to its server at once, then calls. Ours: \`new
Room(...).join()\`, or an \`<rtc-room>\` put in the page.

${ttffTable(data)}

The first frame's size, every round:

${ttffFrameSpread(data)}

A first frame may be a small one: a sharp picture is the first frame at the camera's full width
(640), timed from the same start, in the same rounds (a side that shows none within 10 s of its
first frame: "none within 10 s"). The goal (issue 24): ours at most ${SHARP_GOAL}× the floor's.

${sharpTable(data)}

## Mesh of N in one page

N participants join one room at once; timed until every one presents a frame of every other
one's video (N×(N−1) videos); the first frames' sizes are those N×(N−1) frames'. The floor: N
\`getUserMedia\` streams and a direct connection per pair, each camera's sender given, before the
offer, the caps our adaptation gives a room of N (\`cameraCaps(roomLevel(N))\`). Ours: N \`Room\`s
join through rtc-signal. A round that did not finish in ${o.meshTimeoutS} s is "did not finish".

${meshTimeTable(data)}

${cost}

${meshCostTable(data)}

## Mesh against the SFU (Janus)

N participants in one page, as in the mesh above, on three sides: our mesh (\`Room\`s in mode
\`mesh\` through rtc-signal), our SFU mode (mode \`sfu\`: rtc-signal with \`--janus\`, media through a
Janus VideoRoom) and the floor: a plain Janus VideoRoom client written for the bench
(bench/browser/janus-floor.ts; raw WebSocket and \`RTCPeerConnection\`, no library), each participant
publishing its camera in three simulcast layers and taking every other one's, in the layer its
64-pixel tile needs, on one multistream receiving connection. Janus 1.1 from Debian's package, in a
private network namespace (it gathers no ICE candidates on loopback interfaces), started once for the
run. Each call is timed until every participant presents a frame of every other one's camera, then
left running: after a few seconds of settling, the renderer's CPU (as above) and what the page's
connections upload (\`getStats\` \`outbound-rtp\`: \`bytesSent\` + \`headerBytesSent\` of every
connection) are read, and divided by N. Sides interleaved, the order rotating each round. Both SFU
sides ask Janus for the same layer, and a first frame is of whichever layer Janus forwards first, so
here a time is divided by another whatever the sizes of the first frames (given beside it). The goals
(issue 21): our SFU mode at most ${SFU_GOALS.floor} times the floor, and its uplink per participant at
N = 8 at most ${SFU_GOALS.uplink} times its N = 2; the mesh's grows with N.

${sfuSection(data.sfu)}

## Processors: their cost, and blur in a call of four

One headless Chromium (bench/processors-cost.ts), its fake camera asked for 640x480 at 30 fps (the
frames shown per second say what it gave) and its fake microphone, each shown in a media element as a self view plays them, in windows with no
processor, with blur and with noise suppression, the order alternating round by round: the CPU
time of the whole Chromium (every process, from \`/proc\`) per second, the page's main thread
(\`Performance.getMetrics\` TaskDuration) and the frames shown per second, medians of the rounds.
Then, in the same Chromium, a call of four: four \`Room\`s in one page (in front), through
rtc-signal, every remote camera shown in a 160x120 tile, so the four share this machine's cores as
one person's call never would: the first participant's camera blurred (\`setProcessor\`, a
\`replaceTrack\` in the running call) or not, the order alternating, and after 3 s of settling,
over the window, its \`outbound-rtp\` on each of its three links: frames encoded and sent per
second, \`framesPerSecond\`, the size and \`qualityLimitationReason\`. The goal (issue 28): with blur
on, at least ${BLUR_CALL_GOAL} of the frame rate sent with it off (the median windows).

${processorsSection(data.processors)}

## Bad networks

A call of two through the impaired network of docs/resilience.md (bench/impair.ts, as root in a
private network namespace): Ada's path capped at 300 kbit/s then lifted, 5 % random loss with 150
± 30 ms delay, 5 % loss in bursts, the link down for 5 s, one after the other, in each engine;
read once a second. The goals (issue 25): under the cap, video steps down rather than freezing and
audio keeps under ${IMPAIR_GOALS.concealedPercent} % concealment; the cap lifted, back to the room's level within
${IMPAIR_GOALS.climbS} s; under loss and delay, "poor" or "fair", never "good", and "good" again after; the link
back, media within ${IMPAIR_GOALS.dropS} s on the same connection.

${impairSection(data.impair)}

## Targets

${allTargetLines(data).join('\n') || '(none measured)'}

## Against the previous run

The headline figures of this run beside those of the run before it (kept in \`benchmarks.json\` as
\`previous\`, raw rounds and all, and read by the same functions). The two runs are apart in time on a
shared machine: read a time with its ratio to the floor of its own run.

${previousRunSection(data)}

## The demo's first load

\`npm start\`'s page (\`demo/\`, served from the built bundle, compressed) opened ${(data.pageLoad ?? []).length} times in the
same Chromium, each time in a fresh browser context with the HTTP cache off, from the navigation
until the lobby shows (bench/page-load.ts; counted from Chromium's network events, so the bytes are
what crossed the wire). The median load is the one with the median lobby time.

${pageLoadSection(data)}

## Bundle sizes

Measured by this run, at the commit above (\`npm run bench:size\` prints every bundle; README.md's
figures are checked against a fresh measurement by \`npm test\`).

${sizeSection(data)}

## Signaling server

${signalSummary(data)}.

\`${data.signal.command}\` printed (see bench/README.md):

\`\`\`
${data.signal.output.trim()}
\`\`\`
`;
}

/** README.md's `bench:run` region: the targets and the signaling figures of the last run. */
export function readmeBenchRegion(data: BenchData): string {
  const head =
    `The last run (\`${data.command}\` at ${data.commit}, ${when(data)}; load average at the end ` +
    `${data.machine.loadAverageEnd[0]?.toFixed(2)}${data.machine.loadDuring ? `, through it ${data.machine.loadDuring.mean.toFixed(2)} on average` : ''} ` +
    `on ${data.machine.cpus} cores), from its median rounds:`;
  const items = [...allTargetLines(data).map((l) => l.slice(2)), signalSummary(data)];
  return `\n${wrap(head, 100)}\n\n${items.map((item) => wrap(item, 100, '  ', '- ')).join('\n')}\n\nEvery round, and how each figure is read: [\`docs/benchmarks.md\`](docs/benchmarks.md).\n`;
}
