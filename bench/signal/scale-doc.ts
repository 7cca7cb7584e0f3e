/**
 * docs/server-scaling.md's measured figures: `bench:signal -- --redis --processes 2 --doc` writes
 * every run's raw numbers to docs/server-scaling.json (`scale`), `--hold N --doc` its phases
 * (`hold`), and both rewrite their region of the document (`bench:scale`, `bench:hold`) from that
 * JSON alone, so test/node/docs.test.ts can make them again from it and compare.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { measuredCommit } from '../commit.js';
import { writeJson, writeRegions } from '../regions.js';
import type { Options } from './options.js';
import type { RunResult } from './run.js';
import { scaleReport } from './report-scale.js';
import { type HoldData, holdLines } from './hold-report.js';
import { repoRoot } from './servers.js';

interface Measured {
  command: string;
  /** ISO 8601, UTC. */
  started: string;
  commit: string;
  machine: { cpus: number; loadAverageStart: number[]; loadAverageEnd: number[] };
}

/** docs/server-scaling.json. */
export interface ScaleData {
  format: 1;
  scale?: Measured & { options: Options; results: RunResult[] };
  hold?: Measured & HoldData;
}

const JSON_FILE = 'docs/server-scaling.json';
const DOC_FILE = 'docs/server-scaling.md';

const load = (n: number[]) => n.map((l) => l.toFixed(2)).join(' ');

function head(m: Measured): string {
  return (
    `The last run: \`${m.command}\` at ${m.commit}, ${m.started.slice(0, 16).replace('T', ' ')} UTC, on ` +
    `${m.machine.cpus} cores shared with other work, load average ${load(m.machine.loadAverageStart)} at the ` +
    `start and ${load(m.machine.loadAverageEnd)} at the end (every value in [\`server-scaling.json\`](server-scaling.json)).`
  );
}

/**
 * The report as the bench prints it, in a fenced block: its tables are aligned for a terminal
 * (indented rows, `|---|` rules), which a Markdown formatter would realign.
 */
const fenced = (lines: readonly string[]) => `\`\`\`text\n${lines.join('\n').trim()}\n\`\`\``;

/** The `bench:scale` region. */
export function scaleRegion(data: ScaleData): string {
  if (!data.scale) return '\n(not measured yet)\n';
  return `\n${head(data.scale)}\n\n${fenced(scaleReport(data.scale.options, data.scale.results))}\n`;
}

/** The `bench:hold` region. */
export function holdRegion(data: ScaleData): string {
  if (!data.hold) return '\n(not measured yet)\n';
  return `\n${head(data.hold)}\n\n${fenced(holdLines(data.hold))}\n`;
}

/** Stores `part` in docs/server-scaling.json and rewrites both regions of the document. */
export function writeScaleDoc(part: Pick<ScaleData, 'scale'> | Pick<ScaleData, 'hold'>): void {
  const file = join(repoRoot, JSON_FILE);
  const data: ScaleData = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ScaleData) : { format: 1 };
  const next: ScaleData = { ...data, ...part };
  writeJson(file, next);
  writeRegions(join(repoRoot, DOC_FILE), { scale: scaleRegion(next), hold: holdRegion(next) });
  console.log(`\nWritten: ${JSON_FILE} and ${DOC_FILE}'s figures.`);
}

/** What every part records of how and where it was measured. */
export function measured(command: string, started: Date, loadAverageStart: number[], cpus: number): Measured {
  return {
    command,
    started: started.toISOString(),
    commit: measuredCommit(repoRoot),
    machine: { cpus, loadAverageStart, loadAverageEnd: [] },
  };
}
