// The generated references stay in step with the code they describe, and every measured figure in
// the documents is the bench's: written by it from its JSON, and made again here from that JSON.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { readRegion, regionDiff, withoutRegions } from '../../bench/regions.js';
import { benchmarksMarkdown, readmeBenchRegion } from '../../bench/report-documents.js';
import type { BenchData } from '../../bench/report.js';
import { type StatsCostData, statsRegion } from '../../bench/stats-report.js';
import { type ScaleData, holdRegion, scaleRegion } from '../../bench/signal/scale-doc.js';

test('docs/theming.md matches the elements’ manifest and the theme files', () => {
  const result = spawnSync(process.execPath, ['scripts/theming-doc.mjs', '--check'], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
});

test('the options table of docs/protocol.md and the JSDoc defaults match the server’s options', () => {
  const result = spawnSync(process.execPath, ['scripts/options-doc.mjs', '--check'], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
});

const read = (file: string) => readFileSync(file, 'utf8');
const json = <T>(file: string): T => {
  assert.ok(existsSync(file), `${file} is missing: the bench that writes it has not run (see bench/README.md)`);
  return JSON.parse(read(file)) as T;
};
const same = (file: string, documented: string, expected: string, bench: string) =>
  assert.ok(
    documented === expected,
    `${file}: figures that are not what ${bench} made of its JSON (edited by hand, or left from another run):\n` +
      regionDiff(documented, expected),
  );

test('docs/benchmarks.md is what bench/report.ts makes of docs/benchmarks.json', () => {
  const data = json<BenchData>('docs/benchmarks.json');
  same('docs/benchmarks.md', read('docs/benchmarks.md'), benchmarksMarkdown(data), '`npm run bench`');
});

test("README.md's benchmark figures are those of docs/benchmarks.json", () => {
  const data = json<BenchData>('docs/benchmarks.json');
  same('README.md', readRegion(read('README.md'), 'run', 'README.md'), readmeBenchRegion(data), '`npm run bench`');
});

test("docs/stats.md's cost figures are those of docs/stats-cost.json", () => {
  const data = json<StatsCostData>('docs/stats-cost.json');
  same(
    'docs/stats.md',
    readRegion(read('docs/stats.md'), 'stats', 'docs/stats.md'),
    statsRegion(data),
    '`npm run bench:stats`',
  );
});

test("docs/server-scaling.md's figures are those of docs/server-scaling.json", () => {
  const data = json<ScaleData>('docs/server-scaling.json');
  const doc = read('docs/server-scaling.md');
  const bench = '`npm run bench:signal -- … --doc`';
  same('docs/server-scaling.md', readRegion(doc, 'scale', 'docs/server-scaling.md'), scaleRegion(data), bench);
  same('docs/server-scaling.md', readRegion(doc, 'hold', 'docs/server-scaling.md'), holdRegion(data), bench);
});

/**
 * The shapes measured figures take (a ratio like `0.91×`, a gzipped size, microseconds per
 * message, CPU-ms per second, a share of a core): none may stand outside a bench's region. A
 * specification (the 1 KiB state, `1.5 ×` a cap, `640×480`) has other shapes and stays.
 */
const FIGURE =
  /\b\d+(?:\.\d+)?×(?!\d)|\b\d[\d,.]* ?(?:KB|kB|KiB) gzip|\b\d[\d,.]* ?(?:µs|us)\b|\b\d[\d,.]* ?CPU-ms|\b\d[\d,.]* ?% of (?:a|one) core/;

/** Specifications that happen to take a figure's shape. */
const SPECIFICATIONS = [
  // docs/protocol.md's options table (scripts/options-doc.mjs): how long a dead process's ghosts last.
  'ghosts gone within 1.5×',
];

test('no measured figure is written by hand in README.md, bench/README.md or docs/', () => {
  const files = [
    'README.md',
    'bench/README.md',
    ...readdirSync('docs')
      .filter((f) => f.endsWith('.md') && f !== 'benchmarks.md')
      .map((f) => `docs/${f}`),
  ];
  const found = files.flatMap((file) =>
    withoutRegions(read(file))
      .split('\n')
      .flatMap((line, i) =>
        FIGURE.test(SPECIFICATIONS.reduce((rest, spec) => rest.replace(spec, ''), line))
          ? [`${file}:${i + 1}: ${line.trim()}`]
          : [],
      ),
  );
  assert.deepEqual(found, [], `figures outside a bench's <!-- bench:… --> region:\n${found.join('\n')}`);
});

/** The `@event` names of element `tag` in the manifest (its JSDoc). */
function eventsOf(tag: string): string[] {
  const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8')) as {
    modules: { declarations?: { tagName?: string; events?: { name: string }[] }[] }[];
  };
  const element = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === tag);
  assert.ok(element, `${tag} is not in custom-elements.json`);
  return (element.events ?? []).map((e) => e.name);
}

test('the README’s one table of events on <rtc-room> lists the room’s @events, and they cover every event of the parts it renders', () => {
  const lines = readFileSync('README.md', 'utf8').split('\n');
  const header = lines.findIndex((line) => line.startsWith('| event on `<rtc-room>`'));
  assert.ok(header >= 0, 'no "| event on `<rtc-room>`" table in the README');
  const rows: string[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.split('|')[1]!.trim().replaceAll('`', ''));
  }
  assert.deepEqual([...rows].sort(), eventsOf('rtc-room').sort(), 'the README table and the JSDoc of RtcRoom differ');
  // What the room renders in its shadow root: a part's event the table misses would die there.
  for (const tag of ['rtc-participant', 'rtc-video', 'rtc-controls', 'rtc-chat', 'rtc-device-picker', 'rtc-stats']) {
    for (const event of eventsOf(tag)) assert.ok(rows.includes(event), `${tag} fires ${event}, which the table lacks`);
  }
});
