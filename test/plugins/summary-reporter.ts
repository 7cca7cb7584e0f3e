/**
 * A web-test-runner reporter that writes what each engine ran to a JSON file (`RTC_TEST_SUMMARY`),
 * for `npm test`'s summary (scripts/test.mjs): per engine, the test files, the tests passed, failed
 * and skipped, every failed test with its error's first line, every skipped test by file and name with the reason its title carries
 * (test/browser/skip.ts: ` [skipped in <engine>: <reason>]`, on the test or on a skipped suite),
 * and the files that failed without a test result (a page that did not load). The counts come from
 * the results web-test-runner collected, not from its progress text, so colour codes or a missing
 * line cannot hide an engine that ran nothing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import type { Reporter, TestSession, TestSuiteResult } from '@web/test-runner';

/** One skipped test: where, which, and why (null when its title gives no reason). */
export interface SkippedTest {
  file: string;
  title: string;
  reason: string | null;
}

/** What one engine ran. */
export interface EngineSummary {
  engine: string;
  files: number;
  passed: number;
  failed: number;
  skipped: number;
  skips: SkippedTest[];
  /** Every failed test: where, which, and the first line of its error. */
  failures: { file: string; title: string; error: string }[];
  /** Test files whose page failed outside any test (did not load, an error between tests). */
  brokenFiles: { file: string; errors: string[] }[];
  /** The sum of every file's tests' durations, seconds (hooks and page loads not counted). */
  seconds: number;
  /** The files that took longest, by the sum of their tests' durations (hooks not counted), longest first. */
  slowest: { file: string; seconds: number }[];
}

/** How many of an engine's slowest files the summary keeps. */
const SLOWEST = 8;

const MARK = / \[skipped in [a-z]+: (.+)\]$/;
/** A title without its skip mark (the summary lists the reason once, as the heading). */
const plain = (name: string) => name.replace(MARK, '');

/** `chromium`, `firefox` or `webkit` from a launcher's name ('Chrome', 'Chromium', 'Firefox', 'WebKit'). */
export function engineOf(launcherName: string): string {
  const name = launcherName.toLowerCase();
  return name.startsWith('chrom') ? 'chromium' : name;
}

/** Adds one session's results to `into`. */
function addSession(into: EngineSummary, session: TestSession, file: string): void {
  into.files++;
  let ms = 0;
  const walk = (suite: TestSuiteResult, path: string[], inherited: string | null) => {
    const reason = MARK.exec(suite.name)?.[1] ?? inherited;
    const here = suite.name ? [...path, plain(suite.name)] : path;
    for (const test of suite.tests) {
      ms += test.duration ?? 0;
      if (test.skipped) {
        into.skipped++;
        into.skips.push({
          file,
          title: [...here, plain(test.name)].join(' › '),
          reason: MARK.exec(test.name)?.[1] ?? reason,
        });
      } else if (test.passed) into.passed++;
      else {
        into.failed++;
        into.failures.push({
          file,
          title: [...here, test.name].join(' › '),
          error: (test.error?.message ?? 'no error message').split('\n')[0].slice(0, 300),
        });
      }
    }
    for (const child of suite.suites) walk(child, here, reason);
  };
  if (session.testResults) walk(session.testResults, [], null);
  into.seconds = Math.round((into.seconds * 1000 + ms) / 100) / 10;
  into.slowest.push({ file, seconds: Math.round(ms / 100) / 10 });
  into.slowest.sort((a, b) => b.seconds - a.seconds).splice(SLOWEST);
  if (session.errors.length || (!session.passed && !session.testResults)) {
    into.brokenFiles.push({ file, errors: session.errors.map((e) => e.message) });
  }
}

/** The per-engine summaries of a finished run. */
export function summarize(sessions: Iterable<TestSession>, root = process.cwd()): EngineSummary[] {
  const engines = new Map<string, EngineSummary>();
  for (const session of sessions) {
    const engine = engineOf(session.browser.name);
    let summary = engines.get(engine);
    if (!summary) {
      summary = {
        engine,
        files: 0,
        passed: 0,
        failed: 0,
        skipped: 0,
        seconds: 0,
        skips: [],
        failures: [],
        brokenFiles: [],
        slowest: [],
      };
      engines.set(engine, summary);
    }
    addSession(summary, session, relative(root, session.testFile));
  }
  return [...engines.values()];
}

/** The reporter: writes `summarize(sessions)` to `path` when the run finishes (nothing without a path). */
export function engineSummaryReporter(path = process.env.RTC_TEST_SUMMARY): Reporter {
  return {
    onTestRunFinished({ sessions }) {
      if (!path) return;
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, `${JSON.stringify(summarize(sessions), null, 2)}\n`);
    },
  };
}
