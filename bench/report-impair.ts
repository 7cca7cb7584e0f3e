/**
 * What each bad network does to a call (issue 25), as bench/impair.ts measures it: the table of
 * docs/benchmarks.md's section (and of docs/resilience.md's `bench:impair` region) and the goal
 * lines, made from the rows alone (docs/benchmarks.json's `impair`), so test/node/docs.test.ts can
 * make them again.
 */
import { table } from './report.js';

/** A view of Ada's video at Bo: its size and frame rate. */
export interface ImpairView {
  width: number;
  height: number;
  fps: number;
}

/** One condition in one engine (bench/impair.ts). A time is null when it never came within its limit. */
export interface ImpairRow {
  engine: string;
  condition: 'none' | 'cap' | 'lifted' | 'loss' | 'bursts' | 'drop';
  /** Ada's video at Bo: the lowest under the condition (cap, loss, bursts), else what it reached. */
  view: ImpairView;
  /** none: ms until both saw 30 frames of the other. */
  upMs?: number | null;
  /** cap: ms until Ada's video at Bo fell below 0.6 of its pixel rate before. */
  steppedMs?: number | null;
  /** cap: Bo's audio concealed under the cap, percent of the samples received. */
  concealedPercent?: number;
  /** lifted: the level before the cap, and ms from the cap's lift until it was back (size, 0.8 of the pixel rate). */
  baseline?: ImpairView;
  climbedMs?: number | null;
  /** loss, bursts: the quality levels the tile showed, in order, from the impairment's start. */
  shown?: string[];
  /** loss, bursts: ms until a level other than "good" showed. */
  leftMs?: number | null;
  /** loss, bursts: ms from the impairment's end until "good" showed again. */
  goodMs?: number | null;
  /** drop: ms from the link's return until both sides had new frames on a connected link. */
  backMs?: number | null;
  /** drop: whether Ada's ICE credentials changed (an ICE restart), and how many connections both pages made. */
  iceRestarted?: boolean;
  newConnections?: number;
}

/** The impairment bench as `npm run bench` ran it (docs/benchmarks.json's `impair`). */
export interface ImpairData {
  command: string;
  started: string;
  /** Why it did not run (no namespace, `--impair skip`, no results). */
  skipped?: string;
  engines: string[];
  rows: ImpairRow[];
  /** The engines whose call failed before it finished (its rows up to then are lost), and the error's first line. */
  failures?: { engine: string; error: string }[];
}

/** The goals of issue 25. */
export const IMPAIR_GOALS = { climbS: 15, dropS: 5, concealedPercent: 1 } as const;

const LABELS: Record<ImpairRow['condition'], string> = {
  none: 'none',
  cap: 'uplink 300 kbit/s',
  lifted: 'cap lifted',
  loss: '5 % loss, 150 ± 30 ms delay',
  bursts: '5 % loss in bursts of 5',
  drop: 'link down 5 s',
};

const seconds = (ms: number | null | undefined) => (typeof ms === 'number' ? `${(ms / 1000).toFixed(1)} s` : 'no');
const size = (v: ImpairView) => `${v.width}×${v.height} @ ${Math.round(v.fps)} fps`;
const met = (ok: boolean) => (ok ? 'met' : 'NOT met');

/** Did the tile show "good" again after it first left it, while the impairment lasted? */
const goodDuring = (shown: readonly string[]) => {
  const left = shown.findIndex((l) => l !== 'good');
  return left >= 0 && shown.slice(left).includes('good');
};

function recovery(r: ImpairRow): string {
  switch (r.condition) {
    case 'none':
      return '-';
    case 'cap':
      return `stepped down in ${seconds(r.steppedMs)}`;
    case 'lifted':
      return `back to ${r.baseline ? size(r.baseline) : '?'}: ${seconds(r.climbedMs)}`;
    case 'loss':
    case 'bursts':
      return `shown ${[...new Set(r.shown ?? [])].join('/') || 'good'} after ${seconds(r.leftMs)}; "good" ${seconds(r.goodMs)} after`;
    case 'drop':
      return `media again ${seconds(r.backMs)} after the link's return`;
  }
}

function note(r: ImpairRow): string {
  if (r.condition === 'none') return `call up in ${seconds(r.upMs)}`;
  if (r.condition === 'cap') return `audio concealed ${(r.concealedPercent ?? 0).toFixed(2)} %`;
  if (r.condition === 'drop')
    return `ICE restarted: ${r.iceRestarted ? 'yes' : 'no'}; new connections: ${r.newConnections ?? '?'}`;
  return '';
}

/** The table: per engine and condition, Ada's video at Bo, the recovery, a note. */
export function impairTable(rows: readonly ImpairRow[]): string {
  return table(
    ['Engine', "Condition (Ada's path)", "Ada's video at Bo", 'Recovery', 'Note'],
    rows.map((r) => [r.engine, LABELS[r.condition], size(r.view), recovery(r), note(r)]),
    [false, false, false, false, false],
  );
}

/** docs/benchmarks.md's section: the table, or why there is none. */
export function impairSection(data: ImpairData | undefined): string {
  if (!data) return '(not measured in this run)';
  if (data.skipped) return `(not measured: ${data.skipped})`;
  const failed = (data.failures ?? []).map((f) => `\n\n${f.engine} failed: ${f.error}`).join('');
  return `\`${data.command}\`, ${data.engines.join(' and ')}:\n\n${impairTable(data.rows)}${failed}`;
}

/** One goal line per goal and engine, with the figure. */
export function impairTargetLines(data: ImpairData | undefined): string[] {
  if (!data || data.skipped) return [];
  const lines: string[] = [];
  for (const f of data.failures ?? []) lines.push(`- ${f.engine}, the impaired call: failed (${f.error}) → NOT met`);
  for (const engine of data.engines) {
    const row = (c: ImpairRow['condition']) => data.rows.find((r) => r.engine === engine && r.condition === c);
    const cap = row('cap');
    const lifted = row('lifted');
    if (cap) {
      const stepped = typeof cap.steppedMs === 'number' && cap.view.fps > 0;
      lines.push(
        `- ${engine}, uplink capped at 300 kbit/s: video steps down instead of freezing: ${size(cap.view)} at its lowest, ` +
          `stepped in ${seconds(cap.steppedMs)} → ${met(stepped)}; audio concealed < ${IMPAIR_GOALS.concealedPercent} %: ` +
          `${(cap.concealedPercent ?? 0).toFixed(2)} % → ${met((cap.concealedPercent ?? 100) < IMPAIR_GOALS.concealedPercent)}`,
      );
    }
    if (lifted) {
      const ok = typeof lifted.climbedMs === 'number' && lifted.climbedMs <= IMPAIR_GOALS.climbS * 1000;
      lines.push(
        `- ${engine}, the cap lifted: back to the room's level within ${IMPAIR_GOALS.climbS} s: ${seconds(lifted.climbedMs)} → ${met(ok)}`,
      );
    }
    const loss = row('loss');
    if (loss) {
      const shown = loss.shown ?? [];
      const ok = shown.some((l) => l !== 'good') && !goodDuring(shown) && typeof loss.goodMs === 'number';
      lines.push(
        `- ${engine}, 5 % loss and 150 ± 30 ms delay: shown "poor" or "fair", never "good", then "good" again: ` +
          `shown ${shown.join(' → ') || 'good throughout'}, "good" ${seconds(loss.goodMs)} after → ${met(ok)}`,
      );
    }
    const drop = row('drop');
    if (drop) {
      const ok =
        typeof drop.backMs === 'number' && drop.backMs <= IMPAIR_GOALS.dropS * 1000 && drop.newConnections === 0;
      lines.push(
        `- ${engine}, the link down 5 s: media again within ${IMPAIR_GOALS.dropS} s of its return on the same connection: ` +
          `${seconds(drop.backMs)}, ${drop.newConnections ?? '?'} new connections (ICE restarted: ${drop.iceRestarted ? 'yes' : 'no'}) → ${met(ok)}`,
      );
    }
  }
  return lines;
}
