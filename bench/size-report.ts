/**
 * The size figures, as text: the table `npm run bench:size` prints, the goals with met / not met,
 * and the regions it writes into README.md (`bench:size`) and bench/README.md (`bench:size-table`).
 * Pure functions of the measurements, so test/node/size.test.ts can measure afresh, render the same
 * text and compare it with the documents.
 */
import { wrap } from './regions.js';
import type { Budget, Goal, SizeEntry, SizeResult } from './size-measure.js';

/** A measurement as the reports need it (a `SizeResult`, or one read back from docs/benchmarks.json). */
export type Measured = Pick<SizeResult, 'minified' | 'gzip'> & {
  entry: Pick<SizeEntry, 'name' | 'label' | 'ours' | 'note' | 'goalOnly'>;
  brotli?: number | undefined;
};

/** 55.4 KB (1000 bytes; a no-break space, so a wrapped line keeps the figure and its unit together). */
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)}\u00a0KB`;
/** Element tags as code, so Markdown shows them instead of taking them for HTML. */
export const tags = (text: string) => text.replace(/<(rtc-[a-z-]+)>/g, '`<$1>`');
const times = (value: number, base: number) => `${(value / base).toFixed(2)}×`;

function find(results: readonly Measured[], name: string): Measured {
  const result = results.find((r) => r.entry.name === name);
  if (!result) throw new Error(`no measurement of ${name}`);
  return result;
}

/** One goal against its measurement. */
export interface GoalOutcome {
  goal: Goal;
  result: Measured;
  met: boolean;
}

export function goalOutcomes(results: readonly Measured[], goals: readonly Goal[]): GoalOutcome[] {
  return goals.map((goal) => {
    const result = find(results, goal.name);
    return { goal, result, met: result.gzip <= goal.gzipBytes };
  });
}

/** `- <what> (<entry>): 55.4 KB gzipped, goal at most 35 KB: not met` lines. */
export function goalLines(results: readonly Measured[], goals: readonly Goal[]): string[] {
  return goalOutcomes(results, goals).map(
    ({ goal, result, met }) =>
      `- ${tags(goal.what)} (\`${result.entry.name}\`): ${kb(result.gzip).replace('\u00a0', ' ')} gzipped ` +
      `(${result.gzip} bytes), at most ${goal.text}: ${met ? 'met' : 'NOT met'}`,
  );
}

/** The table of every bundle (ours, then the others), in bytes, with ratios to our kit and core. */
export function sizeTable(results: readonly Measured[], budgets: readonly Budget[]): string {
  const kit = find(results, 'kit');
  const core = find(results, 'core');
  const shown = results.filter((r) => !r.entry.goalOnly);
  const notes = shown.map((r) => r.entry).filter((entry) => entry.note);
  const mark = (entry: Measured['entry']): string => (entry.note ? ` [${notes.indexOf(entry) + 1}]` : '');
  const budgetText = (result: Measured): string => {
    const budget = budgets.find((b) => b.name === result.entry.name);
    return budget ? `${budget.text} ${result.gzip <= budget.gzipBytes ? 'ok' : 'OVER'}` : '';
  };
  const header = ['bundle', 'minified', 'gzip', 'brotli', 'min ÷ kit', 'gzip ÷ kit', 'gzip ÷ core', 'gzip budget'];
  const rows = shown.map((r) => [
    `${tags(r.entry.label)}${mark(r.entry)}`,
    String(r.minified),
    String(r.gzip),
    r.brotli === undefined ? '-' : String(r.brotli),
    times(r.minified, kit.minified),
    times(r.gzip, kit.gzip),
    times(r.gzip, core.gzip),
    budgetText(r),
  ]);
  const widths = header.map((title, column) => Math.max(3, title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]): string =>
    `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(' | ')} |`;
  const rule = `| ${widths.map((w, column) => (column === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`;
  const footnotes = notes.map((entry, index) => `[${index + 1}] ${entry.name}: ${entry.note}.`);
  return [line(header), rule, ...rows.map(line), ...(footnotes.length ? ['', ...footnotes] : [])].join('\n');
}

/** bench/README.md's `bench:size-table` region: the table, the goals and the budgets. */
export function benchReadmeSizeRegion(
  results: readonly Measured[],
  budgets: readonly Budget[],
  goals: readonly Goal[],
): string {
  const guard = budgets.map((b) => `${b.name} ${b.text}`).join(', ');
  return [
    '',
    'Sizes in bytes, as `npm run bench:size` measured them last (it writes this table; `npm test`',
    'measures again and fails when a figure here differs):',
    '',
    sizeTable(results, budgets),
    '',
    'The goals of the performance issue (gzip):',
    '',
    ...goalLines(results, goals),
    '',
    `The budgets (gzip; ${guard}) are the regression guard \`npm test\` enforces.`,
    '',
  ].join('\n');
}

/** README.md's `bench:size` region: the "Small:" bullet's figures. */
export function readmeSizeRegion(
  results: readonly Measured[],
  budgets: readonly Budget[],
  goals: readonly Goal[],
): string {
  const kit = find(results, 'kit');
  const core = find(results, 'core');
  const others = results.filter((r) => !r.entry.ours);
  const peerjs = others.find((r) => r.entry.name === 'peerjs');
  const outcomes = goalOutcomes(results, goals);
  const goalText = outcomes
    .map(
      ({ goal, result, met }) =>
        `${tags(goal.what)}, ${kb(result.gzip)} for at most ${goal.text.replace(' ', '\u00a0')} (${met ? 'met' : 'not met'})`,
    )
    .join('; ');
  const budgetText = budgets.map((b) => `the ${b.name} within ${b.text.replace(' ', '\u00a0')}`).join(' and ');
  const theirs = others.map(
    (r, i) => `${r.entry.name}${i ? '' : ' is'} ${times(r.gzip, core.gzip)}${i ? '' : ' our core'}`,
  );
  const text =
    'every element, the core and Lit (the kit, `define.js`; its chat, device picker, stats and pre-call check ' +
    'load when first used): ' +
    `${kb(kit.gzip)} gzipped${peerjs ? `, ${times(kit.gzip, peerjs.gzip)} what peerjs takes with no UI (${kb(peerjs.gzip)})` : ''}; ` +
    `the core alone ${kb(core.gzip)}, and ${theirs.join(', ')}. ` +
    `The goals of the performance issue: ${goalText}. ` +
    `\`npm test\` keeps ${budgetText} gzipped ([\`bench/size-budgets.json\`](bench/size-budgets.json)) and ` +
    'measures again to check these figures; `npm run bench:size` prints every bundle ' +
    '([`bench/README.md`](bench/README.md)) and writes them.';
  return `\n${wrap(text, 100, '  ')}\n  `;
}
