/**
 * Size budgets (bench/size-budgets.json): our bundles, measured as `npm run bench:size` measures
 * them (the same module), stay within their gzipped budgets; no server package (ioredis, jose,
 * prom-client, ws) nor anything of `dev-server/` ends up in a browser bundle of ours; and every
 * size figure in README.md and bench/README.md is what `bench:size` prints for the build now.
 * Runs after the build (it bundles `dist/src` and the other libraries); a few seconds.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { figureMismatches, readRegion } from '../../bench/regions.js';
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
  type Budget,
  type Goal,
  type SizeResult,
} from '../../bench/size-measure.js';
import { benchReadmeSizeRegion, goalLines, goalOutcomes, readmeSizeRegion } from '../../bench/size-report.js';

let budgets: Budget[];
let goals: Goal[];
/** Ours (the kit, the core, each element). */
let results: SizeResult[];
/** Ours, the goals' entries and the other libraries, with brotli: everything the documents quote. */
let all: SizeResult[];

before(async () => {
  budgets = loadBudgets();
  goals = loadGoals();
  all = await Promise.all(
    [...ourEntries(), ...goalEntries(), ...otherEntries()].map((entry) => measure(entry, { brotli: true })),
  );
  results = all.filter((r) => ourEntries().some((e) => e.name === r.entry.name));
});

test(`our bundles stay within the gzipped budgets of ${BUDGETS_FILE}`, () => {
  assert.ok(
    budgets.some((b) => b.name === 'kit') && budgets.some((b) => b.name === 'core'),
    'kit and core have budgets',
  );
  const problems = overBudget(results, budgets);
  assert.deepEqual(problems, [], `over budget:\n${problems.join('\n')}`);
});

test('the budget check names the entry, its size and the budget when one is exceeded', () => {
  const kit = results.find((r) => r.entry.name === 'kit')!;
  const tight: Budget = { name: 'kit', gzipBytes: kit.gzip - 1, text: `${(kit.gzip - 1) / 1000} KB` };
  const [problem, ...rest] = overBudget(results, [tight]);
  assert.equal(rest.length, 0);
  assert.match(
    problem ?? '',
    new RegExp(`^kit \\(dist/src/define\\.js\\) is ${kit.gzip} bytes gzipped, over its budget`),
  );
  assert.ok(problem?.includes(`(${kit.gzip - 1} bytes)`), problem);
  assert.deepEqual(overBudget(results, [{ ...tight, gzipBytes: kit.gzip }]), [], 'exactly at the budget is within it');
});

test('every element is measured alone, and the kit holds them all', () => {
  const elements = results.filter((r) => r.entry.name.startsWith('rtc-'));
  assert.ok(elements.length >= 2, `found ${elements.map((r) => r.entry.name).join(', ')}`);
  const kit = results.find((r) => r.entry.name === 'kit')!;
  for (const element of elements) {
    const file = element.entry.file!;
    assert.ok(element.inputs.includes(file), `${element.entry.name} bundles its define file`);
    // Up front, or (an element defined the first time one is in the page) its class behind an import() of the kit.
    const folder = file.slice(0, file.lastIndexOf('/') + 1);
    const later = [...element.inputs, ...element.lazyInputs].some(
      (input) => input.startsWith(folder) && kit.lazyInputs.includes(input),
    );
    assert.ok(kit.inputs.includes(file) || later, `the kit bundles ${file}, or loads its class by import()`);
  }
});

test('no locale is in the kit or an element: each of the ten is a chunk of its own behind an import()', () => {
  const locales = ['ar', 'de', 'es', 'fr', 'he', 'hi', 'it', 'ja', 'pt-BR', 'zh-CN'].map(
    (l) => `dist/src/locales/${l}.js`,
  );
  for (const result of results) {
    const loaded = result.inputs.filter((input) => input.startsWith('dist/src/locales/'));
    assert.deepEqual(loaded, [], `${result.entry.name} loads a locale up front`);
  }
  const kit = results.find((r) => r.entry.name === 'kit')!;
  assert.deepEqual(kit.lazyInputs.filter((input) => input.startsWith('dist/src/locales/')).sort(), locales);
  assert.ok(kit.inputs.includes('dist/src/i18n/locales.js'), 'the kit holds the loader');
});

test('no server package and no dev-server code in the kit, the core or any element', () => {
  for (const result of results) {
    assert.ok(result.inputs.length > 0, `${result.entry.name} has inputs`);
    assert.deepEqual(serverInputs(result), [], `${result.entry.name} bundles server code`);
  }
  // The check itself sees a server package when there is one.
  const fake: SizeResult = { ...results[0]!, inputs: ['node_modules/ws/lib/websocket.js', 'dist/src/define.js'] };
  assert.deepEqual(serverInputs(fake), ['node_modules/ws/lib/websocket.js']);
});

/**
 * The documented region `name` of `file` against what `bench:size` writes from a fresh measurement:
 * the same words, and each figure within its printed rounding (plus 0.2 %, for gzip's small
 * differences between zlib builds).
 */
function checkRegion(file: string, name: string, expected: string) {
  const documented = readRegion(readFileSync(join(ROOT, file), 'utf8'), name, file);
  const problems = figureMismatches(documented, expected);
  assert.deepEqual(
    problems,
    [],
    `${file}: the figures of <!-- bench:${name} --> are not what bench:size measures for this build ` +
      `(run \`npm run bench:size\` to write them):\n${problems.join('\n')}`,
  );
}

test('the size figures of README.md are what bench:size measures now', () => {
  checkRegion('README.md', 'size', readmeSizeRegion(all, budgets, goals));
});

test('the size table, goals and budgets of bench/README.md are what bench:size measures now', () => {
  checkRegion('bench/README.md', 'size-table', benchReadmeSizeRegion(all, budgets, goals));
});

test('the goals are reported against the measurement, met or not met', () => {
  assert.deepEqual(goals.map((g) => g.name).sort(), ['core', 'first-load:rtc-room', 'kit']);
  const outcomes = goalOutcomes(all, goals);
  for (const { goal, result, met } of outcomes) assert.equal(met, result.gzip <= goal.gzipBytes, goal.name);
  const lines = goalLines(all, goals);
  for (const [i, { result, met }] of outcomes.entries()) {
    assert.ok(lines[i]!.includes(`(${result.gzip} bytes)`), lines[i]);
    assert.ok(lines[i]!.endsWith(met ? ': met' : ': NOT met'), lines[i]);
  }
  // A goal just below a measurement is not met; at the measurement, met.
  const kit = all.find((r) => r.entry.name === 'kit')!;
  const goal = goals.find((g) => g.name === 'kit')!;
  assert.equal(goalOutcomes(all, [{ ...goal, gzipBytes: kit.gzip - 1 }])[0]!.met, false);
  assert.equal(goalOutcomes(all, [{ ...goal, gzipBytes: kit.gzip }])[0]!.met, true);
});

test('a first load counts the entry and its static imports, not what it imports later', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rtc-size-'));
  try {
    // Incompressible filler, so each file's share of the gzip is plain to see.
    const filler = (n: number) => `export const data = ${JSON.stringify(randomBytes(n).toString('base64'))};`;
    writeFileSync(join(dir, 'now.js'), filler(3000));
    writeFileSync(join(dir, 'later.js'), filler(6000));
    writeFileSync(
      join(dir, 'entry.js'),
      "import { data } from './now.js'; console.log(data); export const more = () => import('./later.js');",
    );
    const entry = { name: 'fixture', label: 'fixture', ours: true, file: 'entry.js' };
    const first = await measure(entry, { root: dir });
    assert.ok(first.gzip > 2500 && first.gzip < 5000, `the first load holds now.js only: ${first.gzip} bytes`);
    assert.ok(first.inputs.includes('now.js') && !first.inputs.includes('later.js'), `up front: ${first.inputs}`);
    assert.deepEqual(first.lazyInputs, ['later.js'], 'what the entry imports later is listed, not counted');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
