/**
 * `npm run bench:size`: our bundles beside peerjs, simple-peer, trystero and livekit-client, each
 * bundled and compressed the same way (see `size-measure.ts`), in one table with ratios to ours,
 * then our sizes against the goals of the performance issue (met or not met). It writes the
 * figures into README.md (region `bench:size`) and bench/README.md (`bench:size-table`), where
 * test/node/size.test.ts checks them against a fresh measurement.
 * Exit status 1 when one of ours is over its budget (`bench/size-budgets.json`), 2 on a bad flag.
 *
 *   npm run bench:size -- [--json FILE] [--no-brotli] [--no-write]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeRegions } from './regions.js';
import {
  BUDGETS_FILE,
  ROOT,
  goalEntries,
  loadBudgets,
  loadGoals,
  measure,
  otherEntries,
  ourEntries,
  overBudget,
  serverInputs,
} from './size-measure.js';
import { processorLines } from './size-processors.js';
import { benchReadmeSizeRegion, goalLines, readmeSizeRegion, sizeTable } from './size-report.js';

const HELP = `Usage: node dist/bench/size.js [--json FILE] [--no-brotli] [--no-write]

Bundles each entry with esbuild (minified ESM, browser, es2022), gzips it (level 9) and brotli-compresses
it (quality 11), and prints the sizes in bytes with ratios to our kit and core, then our sizes against
the goals in ${BUDGETS_FILE}. Writes the figures into README.md and bench/README.md (their
bench:size regions) unless --no-write (or --no-brotli, whose table has no brotli column).
--json FILE also writes the numbers.`;

let flags: {
  json?: string | undefined;
  'no-brotli'?: boolean | undefined;
  'no-write'?: boolean | undefined;
  help?: boolean | undefined;
};
try {
  flags = parseArgs({
    options: {
      json: { type: 'string' },
      'no-brotli': { type: 'boolean' },
      'no-write': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
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
const entries = [...ourEntries(), ...goalEntries(), ...otherEntries()];
const results = await Promise.all(entries.map((entry) => measure(entry, { brotli })));
const budgets = loadBudgets();
const goals = loadGoals();

console.log('Sizes in bytes. esbuild: bundle, minify, ESM, platform browser, es2022, NODE_ENV=production,');
console.log('no legal comments; gzip level 9; brotli quality 11. Ratios: this row ÷ our kit or core.\n');
console.log(sizeTable(results, budgets));
console.log(`\nThe goals of the performance issue (gzip, ${BUDGETS_FILE} "goals"):`);
console.log(goalLines(results, goals).join('\n'));
console.log(`\n${processorLines(ROOT).join('\n')}`);

const leaks = results
  .filter((r) => r.entry.ours)
  .flatMap((r) => serverInputs(r).map((input) => `${r.entry.name}: ${input}`));
const problems = [...overBudget(results, budgets), ...leaks.map((leak) => `server code in a browser bundle: ${leak}`)];
console.log(
  problems.length
    ? `\n${problems.map((p) => `✖ ${p}`).join('\n')}`
    : `\n✔ within the budgets of ${BUDGETS_FILE}; no server package in our bundles.`,
);
if (!flags['no-write'] && brotli) {
  const written = [
    writeRegions(join(ROOT, 'README.md'), { size: readmeSizeRegion(results, budgets, goals) }) && 'README.md',
    writeRegions(join(ROOT, 'bench/README.md'), { 'size-table': benchReadmeSizeRegion(results, budgets, goals) }) &&
      'bench/README.md',
  ].filter(Boolean);
  console.log(
    written.length
      ? `Wrote the size figures into ${written.join(' and ')}.`
      : 'The documented figures were already these.',
  );
}
if (flags.json) {
  const numbers = results.map(({ entry, minified, gzip, brotli: br, files }) => ({
    name: entry.name,
    label: entry.label,
    ours: entry.ours,
    minified,
    gzip,
    brotli: br,
    files,
  }));
  writeFileSync(flags.json, `${JSON.stringify({ budgets, goals, results: numbers }, null, 2)}\n`);
}
process.exitCode = problems.length ? 1 : 0;
