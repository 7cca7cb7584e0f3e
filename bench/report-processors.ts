/**
 * What the processors cost (issue 28), as bench/processors-cost.ts measures it in one Chromium: the
 * table of docs/benchmarks.md's section, the derived figures (CPU per processed frame, per 10 ms of
 * audio) and the goal line of the call of four (bench/blur-call.ts), made from the run's data alone
 * (docs/benchmarks.json's `processors`), so test/node/docs.test.ts can make them again.
 */
import { median } from './cpu-time.js';
import { wrap } from './regions.js';
import { table, x } from './report.js';

export type ProcessorMode = 'off' | 'blur' | 'noise';
export const PROCESSOR_MODES: readonly ProcessorMode[] = ['off', 'blur', 'noise'];

/** One window of the call of four: the first participant's camera blurred or not, what it sent per link. */
export interface BlurCallRound {
  round: number;
  blur: boolean;
  seconds: number;
  /** CPU time of the whole Chromium (every process), ms per second. */
  cpuMsPerS: number;
  links: {
    /** `framesEncoded` per second over the window. */
    encodedFps: number;
    /** `framesSent` per second over the window. */
    sentFps: number;
    /** `framesPerSecond` at the window's end. */
    reportedFps: number;
    /** `frameWidth`x`frameHeight` at the window's end. */
    size: string;
    /** `qualityLimitationReason` at the window's end. */
    limitation: string;
  }[];
}

/** The processors bench as `npm run bench` ran it (docs/benchmarks.json's `processors`). */
export interface ProcessorsData {
  command: string;
  started: string;
  /** Why it did not run (`--processors skip`, or it wrote nothing). */
  skipped?: string;
  rounds: number;
  windowS: number;
  loadAverage: number[];
  /** Every round's window per mode (the order alternating): CPU-ms/s of Chromium, main-thread ms/s, frames shown/s. */
  cost: Record<ProcessorMode, { cpu: number[]; main: number[]; fps: number[] }>;
  /** The call of four (bench/blur-call.ts): every window; absent when it did not run. */
  call?: { size: number; rounds: BlurCallRound[]; error?: string };
}

/** The goal: blur on keeps the sent frame rate at least this share of blur off. */
export const BLUR_CALL_GOAL = 0.8;
/** The goal: blur on, the frame rate is the camera's within 10 % (the "same frame rate"). */
export const BLUR_RATE_GOAL = 0.9;

const LABELS: Record<ProcessorMode, string> = {
  off: 'none (the camera and microphone as they come)',
  blur: '`blurBackground()` on the camera',
  noise: '`noiseSuppression()` on the microphone',
};

const med = (data: ProcessorsData, mode: ProcessorMode, key: 'cpu' | 'main' | 'fps') => median(data.cost[mode][key]);

/** Blur's CPU per processed 640x480 frame, and noise suppression's per 10 ms of audio, over off (ms). */
export function processorCosts(data: ProcessorsData): { perFrame: number; per10ms: number } {
  return {
    perFrame: (med(data, 'blur', 'cpu') - med(data, 'off', 'cpu')) / med(data, 'blur', 'fps'),
    per10ms: (med(data, 'noise', 'cpu') - med(data, 'off', 'cpu')) / 100,
  };
}

/** A window's frame rate sent: the mean over its links of frames encoded per second. */
const windowFps = (r: BlurCallRound) => r.links.reduce((s, l) => s + l.encodedFps, 0) / Math.max(1, r.links.length);

/** The call of four: the median window's sent frame rate with blur off and on, and their ratio. */
export function blurCall(data: ProcessorsData): { off: number; blur: number; ratio: number } | undefined {
  const rounds = data.call?.rounds ?? [];
  const off = rounds.filter((r) => !r.blur).map(windowFps);
  const blur = rounds.filter((r) => r.blur).map(windowFps);
  if (!off.length || !blur.length) return undefined;
  return { off: median(off), blur: median(blur), ratio: median(blur) / median(off) };
}

function callTable(data: ProcessorsData): string {
  const rounds = data.call?.rounds ?? [];
  const rows = rounds.map((r) => [
    String(r.round + 1),
    r.blur ? 'blur' : 'off',
    windowFps(r).toFixed(1),
    r.links.map((l) => `${l.encodedFps.toFixed(1)} / ${l.sentFps.toFixed(1)} / ${l.reportedFps}`).join(' · '),
    [...new Set(r.links.map((l) => `${l.size} ${l.limitation}`))].join(' · '),
    r.cpuMsPerS.toFixed(0),
  ]);
  return table(
    [
      'round',
      'camera',
      'sent fps (mean of links)',
      'per link: encoded / sent per s / framesPerSecond',
      'size, limited by',
      'Chromium CPU-ms/s',
    ],
    rows,
    [true, false, true, false, false, true],
  );
}

/** docs/benchmarks.md's section: the cost table, the derived figures, the call of four. */
export function processorsSection(data: ProcessorsData | undefined): string {
  if (!data) return '(not measured in this run)';
  if (data.skipped) return `(not measured: ${data.skipped})`;
  const rows = PROCESSOR_MODES.map((mode) => [
    LABELS[mode],
    med(data, mode, 'cpu').toFixed(0),
    med(data, mode, 'main').toFixed(1),
    med(data, mode, 'fps').toFixed(1),
    data.cost[mode].cpu.map((v) => v.toFixed(0)).join(' · '),
  ]);
  const { perFrame, per10ms } = processorCosts(data);
  const call = blurCall(data);
  const callPart = data.call?.error
    ? `The call of ${data.call.size} failed: ${data.call.error}`
    : call
      ? `${callTable(data)}\n\nMedian window: blur off ${call.off.toFixed(1)} frames sent per second, blur on ${call.blur.toFixed(1)}: ${x(call.ratio)}.`
      : '(the call of four did not run)';
  return [
    wrap(
      `\`${data.command}\`: ${data.rounds} rounds of ${data.windowS} s per processor (load average at its start ` +
        `${data.loadAverage.map((l) => l.toFixed(2)).join(' / ')}).`,
      100,
    ),
    '',
    table(
      [
        'processor',
        'Chromium, all processes (CPU-ms/s)',
        'page main thread, busy (ms/s)',
        'frames shown/s',
        'every round (CPU-ms/s)',
      ],
      rows,
      [false, true, true, true, false],
    ),
    '',
    `- blur: ${perFrame.toFixed(1)} CPU-ms per processed 640x480 frame, over the camera shown as it is`,
    `- noise suppression: ${per10ms.toFixed(2)} CPU-ms per 10 ms of audio, over the microphone as it is`,
    '',
    `The call of ${data.call?.size ?? 4}:`,
    '',
    callPart,
  ].join('\n');
}

/** The goal line of the call of four. */
export function processorsTargetLines(data: ProcessorsData | undefined): string[] {
  if (!data || data.skipped || !data.call) return [];
  const call = blurCall(data);
  const goal = `- blur on in a call of ${data.call.size} keeps its sent frame rate ≥ ${BLUR_CALL_GOAL}× blur off's`;
  if (!call) return [`${goal}: not measured (${data.call.error ?? 'no windows'}) → no verdict`];
  const shown = med(data, 'blur', 'fps') / med(data, 'off', 'fps');
  const same = shown >= BLUR_RATE_GOAL && call.ratio >= BLUR_RATE_GOAL;
  return [
    `${goal}: ${call.blur.toFixed(1)} / ${call.off.toFixed(1)} fps = ${x(call.ratio)} → ${call.ratio >= BLUR_CALL_GOAL ? 'met' : 'NOT met'}`,
    `- blur on, the frame rate within 10 % of blur off's: shown ${med(data, 'blur', 'fps').toFixed(1)} / ${med(data, 'off', 'fps').toFixed(1)} fps = ${x(shown)}, sent in the call of ${data.call.size} ${x(call.ratio)} → ${same ? 'met' : 'NOT met'}`,
  ];
}
