/**
 * npm test's own honesty: the reporters that count what ran (test/plugins/summary-reporter.ts,
 * scripts/node-summary-reporter.mjs) and the rules that fail a run (scripts/test-summary.mjs): an
 * engine or runner that ran nothing, a skip without its reason, a cancelled test, a broken file.
 * The node reporter runs under node's real test runner on small test files made here; the
 * web-test-runner reporter's `summarize` and the rules are pure, and get plain data.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { TestSession } from '@web/test-runner';
import { summarize } from '../plugins/summary-reporter.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
interface Judgement {
  passed: number;
  failed: number;
  skipped: number;
  lines: string[];
  skips: { where: string; title: string; reason: string | null }[];
  failures: { where: string; title: string; error: string }[];
  problems: string[];
}
// scripts/ is plain JavaScript shared with npm test (not compiled).
const { judgeBrowserSummary, judgeNodeSummary } = (await import(`${root}scripts/test-summary.mjs`)) as {
  judgeBrowserSummary(engines: unknown, wanted: string[], label: string): Judgement;
  judgeNodeSummary(summary: unknown): Judgement;
};

const dir = mkdtempSync(join(tmpdir(), 'rtc-test-summary-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs node's test runner on `files` (name -> source) with the summary reporter; its JSON. */
function nodeSummary(files: Record<string, string>) {
  for (const [name, source] of Object.entries(files)) writeFileSync(join(dir, name), source);
  const out = join(dir, `summary-${Object.keys(files).join('-')}.json`);
  spawnSync(
    process.execPath,
    [
      '--test',
      `--test-reporter=${root}scripts/node-summary-reporter.mjs`,
      `--test-reporter-destination=${out}`,
      ...Object.keys(files),
    ],
    // Without the parent runner's NODE_TEST_CONTEXT, or the child reports to it instead of to the reporter.
    { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_TEST_CONTEXT: undefined } },
  );
  return JSON.parse(readFileSync(out, 'utf8'));
}

describe("node's runner, counted by scripts/node-summary-reporter.mjs", () => {
  test('counts passes, failures, skips and todos with their reasons; suites are not tests', () => {
    const summary = nodeSummary({
      'a.test.mjs': `import { describe, it } from 'node:test';
describe('suite', () => {
  it('passes', () => {});
  it('skips', (t) => t.skip('no redis here'));
  it.skip('skips without a reason', () => {});
  it.todo('later');
  it('fails', () => { throw new Error('boom'); });
});`,
    });
    assert.equal(summary.passed, 1);
    assert.equal(summary.failed, 1);
    assert.equal(summary.skipped, 2);
    assert.equal(summary.todo, 1);
    assert.deepEqual(
      summary.skips.map((s: { title: string; reason: string | null }) => [s.title, s.reason]),
      [
        ['skips', 'no redis here'],
        ['skips without a reason', null],
      ],
    );
    const judged = judgeNodeSummary(summary);
    assert.equal(judged.failed, 1);
    assert.deepEqual(judged.failures, [{ where: 'node', title: 'a.test.mjs › fails', error: 'boom' }]);
    assert.equal(judged.skipped, 3);
    assert.deepEqual(judged.problems, [
      'a skip without a reason: "skips without a reason" (a.test.mjs)',
      'a todo without a reason: "later" (a.test.mjs)',
    ]);
  });

  test('a file that throws outside its tests, and one that registers none, fail the step', () => {
    const summary = nodeSummary({
      'broken.test.mjs': `throw new Error('load boom');`,
      'empty.test.mjs': '// no test here',
      'fine.test.mjs': `import { test } from 'node:test'; test('ok', () => {});`,
    });
    assert.equal(summary.passed, 1);
    assert.deepEqual(
      summary.brokenFiles.map((b: { file: string }) => b.file),
      ['broken.test.mjs', 'empty.test.mjs'],
    );
    const problems = judgeNodeSummary(summary).problems;
    assert.equal(problems.length, 2);
    assert.match(problems[1]!, /empty\.test\.mjs: ran no test/);
  });

  test('no summary at all, or one with nothing passed, fails the step', () => {
    assert.deepEqual(judgeNodeSummary(null).problems, [
      'the node test runner wrote no summary: nothing can be counted',
    ]);
    const none = { passed: 0, failed: 0, skipped: 0, todo: 0, cancelled: 0, skips: [], todos: [], brokenFiles: [] };
    assert.deepEqual(judgeNodeSummary(none).problems, ['no node test passed']);
    assert.deepEqual(judgeNodeSummary({ ...none, passed: 3, cancelled: 1 }).problems, [
      '1 test(s) cancelled (a parent failed or timed out)',
    ]);
  });
});

/** A finished web-test-runner session, as the runner hands it to reporters (the fields read). */
function session(browser: string, testFile: string, testResults: unknown, errors: { message: string }[] = []) {
  return {
    browser: { name: browser },
    testFile,
    testResults,
    errors,
    passed: errors.length === 0,
  } as unknown as TestSession;
}

describe('web-test-runner, counted by test/plugins/summary-reporter.ts', () => {
  const results = {
    name: '',
    tests: [],
    suites: [
      {
        name: 'a call',
        suites: [],
        tests: [
          { name: 'connects', passed: true, skipped: false, duration: 2500 },
          {
            name: 'shares a screen [skipped in firefox: Firefox here has no fake screen]',
            passed: false,
            skipped: true,
          },
          { name: 'skipped bare', passed: false, skipped: true },
          { name: 'fails', passed: false, skipped: false, duration: 1200, error: { message: 'expected 2\nto be 3' } },
        ],
      },
      {
        name: 'needs WebRTC [skipped in webkit: needs RTCPeerConnection, which this browser lacks]',
        suites: [],
        tests: [{ name: 'joins', passed: false, skipped: true }],
      },
    ],
  };

  test('counts per engine, and reads each skip its reason from its title or its suite', () => {
    const [firefox] = summarize([session('Firefox', '/r/dist/x.test.js', results)], '/r');
    assert.equal(firefox!.engine, 'firefox');
    assert.deepEqual([firefox!.files, firefox!.passed, firefox!.failed, firefox!.skipped], [1, 1, 1, 3]);
    assert.deepEqual(
      firefox!.skips.map((s) => s.reason),
      ['Firefox here has no fake screen', null, 'needs RTCPeerConnection, which this browser lacks'],
    );
    assert.equal(firefox!.skips[0]!.file, 'dist/x.test.js');
    assert.equal(firefox!.skips[0]!.title, 'a call › shares a screen', 'the title without its mark');
    assert.deepEqual(judgeBrowserSummary([firefox], ['firefox'], 'browser').failures, [
      { where: 'browser firefox', title: 'dist/x.test.js › a call › fails', error: 'expected 2' },
    ]);
  });

  test("keeps each engine's slowest files by their tests' time, longest first, and prints them", () => {
    const quick = { name: '', suites: [], tests: [{ name: 'q', passed: true, skipped: false, duration: 300 }] };
    const [chromium] = summarize(
      [session('Chromium', '/r/dist/quick.test.js', quick), session('Chromium', '/r/dist/x.test.js', results)],
      '/r',
    );
    assert.deepEqual(chromium!.slowest, [
      { file: 'dist/x.test.js', seconds: 3.7 },
      { file: 'dist/quick.test.js', seconds: 0.3 },
    ]);
    const { lines } = judgeBrowserSummary([chromium], ['chromium'], 'browser');
    assert.ok(lines.includes('  slowest: x.test.js 3.7 s, quick.test.js 0.3 s'), lines.join('\n'));
    assert.ok(lines[0]!.endsWith(', 4 s in tests'), lines[0]);
  });

  test('an engine that ran nothing, passed nothing, broke a file or skipped without reason fails the step', () => {
    const engines = summarize(
      [
        session('Chromium', '/r/a.test.js', results),
        session('Chromium', '/r/b.test.js', undefined, [{ message: 'Failed to load' }]),
      ],
      '/r',
    );
    const { problems } = judgeBrowserSummary(engines, ['chromium', 'firefox'], 'browser');
    assert.deepEqual(problems, [
      'chromium: b.test.js failed outside its tests: Failed to load',
      'chromium skipped "a call › skipped bare" (a.test.js) without a reason',
      'chromium has WebRTC, yet skipped "needs WebRTC › joins": the feature check in test/browser/webrtc.ts is wrong',
      'firefox ran no test file at all',
    ]);
    const nothing = summarize([session('WebKit', '/r/a.test.js', { name: '', suites: [], tests: [] })], '/r');
    assert.deepEqual(judgeBrowserSummary(nothing, ['webkit'], 'fast').problems, ['webkit passed no test']);
    assert.deepEqual(judgeBrowserSummary(null, ['webkit'], 'fast').problems, [
      'web-test-runner wrote no summary: nothing can be counted',
    ]);
  });
});
