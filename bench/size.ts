/**
 * `npm run bench:size`: our bundles beside peerjs, simple-peer, trystero and livekit-client, each
 * bundled and compressed the same way (see `size-measure.ts`), in one table with ratios to ours.
 * Exit status 1 when one of ours is over its budget (`bench/size-budgets.json`), 2 on a bad flag.
 *
 *   npm run bench:size -- [--json FILE] [--no-brotli]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  BUDGETS_FILE,
  loadBudgets,
  measure,
  otherEntries,
  ourEntries,
  overBudget,
  serverInputs,
  type SizeEntry,
  type SizeResult,
} from './size-measure.js';

const HELP = `Usage: node dist/bench/size.js [--json FILE] [--no-brotli]

Bundles each entry with esbuild (minified ESM, browser, es2022), gzips it (level 9) and brotli-compresses
it (quality 11), and prints the sizes in bytes with ratios to our kit and core. --json FILE also writes
the numbers; --no-brotli skips brotli.`;

let flags: { json?: string | undefined; 'no-brotli'?: boolean | undefined; help?: boolean | undefined };
try {
  flags = parseArgs({
    options: { json: { type: 'string' }, 'no-brotli': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  }).values;
} catch (error) {
  console.error(`${(error as Error).message}\n\n${HELP}`);
  process.exit(2);
}
if (flags.help) {
  console.log(HELP);
  process.exit(0);
}

const brotli = !flags['no-brotli'];
const ours = ourEntries();
const others = otherEntries();
const results = await Promise.all([...ours, ...others].map((entry) => measure(entry, { brotli })));
const kit = results.find((r) => r.entry.name === 'kit')!;
const core = results.find((r) => r.entry.name === 'core')!;
const budgets = loadBudgets();

const ratio = (value: number, base: number): string => `${(value / base).toFixed(2)}×`;
const budgetText = (result: SizeResult): string => {
  const budget = budgets.find((b) => b.name === result.entry.name);
  if (!budget) return '';
  return `${budget.text} ${result.gzip <= budget.gzipBytes ? 'ok' : 'OVER'}`;
};

const notes = others.filter((entry) => entry.note);
const mark = (entry: SizeEntry): string => (entry.note ? ` [${notes.indexOf(entry) + 1}]` : '');

const header = ['bundle', 'minified', 'gzip', 'brotli', 'min ÷ kit', 'gzip ÷ kit', 'gzip ÷ core', 'gzip budget'];
const rows = results.map((r) => [
  `${r.entry.label}${mark(r.entry)}`,
  String(r.minified),
  String(r.gzip),
  r.brotli === undefined ? '-' : String(r.brotli),
  ratio(r.minified, kit.minified),
  ratio(r.gzip, kit.gzip),
  ratio(r.gzip, core.gzip),
  budgetText(r),
]);
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
const line = (cells: string[]): string =>
  `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(' | ')} |`;

console.log('Sizes in bytes. esbuild: bundle, minify, ESM, platform browser, es2022, NODE_ENV=production,');
console.log('no legal comments; gzip level 9; brotli quality 11. Ratios: this row ÷ our kit or core.\n');
console.log(line(header));
console.log(
  `|${widths.map((w, column) => (column === 0 ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
);
for (const row of rows) console.log(line(row));
if (notes.length) console.log('');
for (const [index, entry] of notes.entries()) console.log(`[${index + 1}] ${entry.name}: ${entry.note}.`);

const leaks = results
  .filter((r) => r.entry.ours)
  .flatMap((r) => serverInputs(r).map((input) => `${r.entry.name}: ${input}`));
const problems = [...overBudget(results, budgets), ...leaks.map((leak) => `server code in a browser bundle: ${leak}`)];
console.log(
  problems.length
    ? `\n${problems.map((p) => `✖ ${p}`).join('\n')}`
    : `\n✔ within the budgets of ${BUDGETS_FILE}; no server package in our bundles.`,
);
if (flags.json) {
  const numbers = results.map(({ entry, minified, gzip, brotli: br }) => ({
    name: entry.name,
    label: entry.label,
    ours: entry.ours,
    minified,
    gzip,
    brotli: br,
  }));
  writeFileSync(flags.json, `${JSON.stringify({ budgets, results: numbers }, null, 2)}\n`);
}
process.exitCode = problems.length ? 1 : 0;
