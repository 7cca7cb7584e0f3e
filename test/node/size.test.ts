/**
 * Size budgets (bench/size-budgets.json): our bundles, measured as `npm run bench:size` measures
 * them (the same module), stay within their gzipped budgets; and no server package (ioredis,
 * jose, prom-client, ws) nor anything of `dev-server/` ends up in a browser bundle of ours.
 * Runs after the build (it bundles `dist/src`); about a second.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import {
  BUDGETS_FILE,
  loadBudgets,
  measure,
  ourEntries,
  overBudget,
  serverInputs,
  type Budget,
  type SizeResult,
} from '../../bench/size-measure.js';

let budgets: Budget[];
let results: SizeResult[];

before(async () => {
  budgets = loadBudgets();
  results = await Promise.all(ourEntries().map((entry) => measure(entry)));
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
    assert.ok(element.inputs.includes(element.entry.file!), `${element.entry.name} bundles its define file`);
    assert.ok(kit.inputs.includes(element.entry.file!), `the kit bundles ${element.entry.file}`);
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
