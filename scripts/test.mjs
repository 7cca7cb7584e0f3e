#!/usr/bin/env node
// `npm test`: lint, type check and build, node tests of the server (WebKitGTK's browser tests
// beside them, under Xvfb), then browser tests in real headless Chromium and Firefox. Installs the
// Debian packages it needs when they are missing and it runs as root with apt-get
// (scripts/system-packages.mjs); otherwise names them and stops with the one command to run.
// `--only node` / `--only browser` runs one half; `--only fast` runs the fast layer alone (test/fast).
//
// A failing step does not stop the run: every step that can still run does (all but lint need
// the type check's build, made from a clean dist/), and the end prints every skipped test with its
// reason, each step's outcome with its tests' counts, then the totals of steps and tests. The
// counts come from JSON the runners' own reporters write (test-output/), not from their text: a
// test step fails when an engine it was to run (RTC_BROWSERS, default all three) or the node runner
// passed no test, when a file broke outside its tests or ran none, when a test was cancelled, and
// when a skip gives no reason. The exit status is 1 if anything failed.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { wantedEngines } from './browsers.mjs';
import { freePort } from './ports.mjs';
import { ensureSystemPackages } from './system-packages.mjs';
import { judgeBrowserSummary, judgeNodeSummary } from './test-summary.mjs';

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const started = Date.now();

// The Debian packages (browsers, Xvfb, redis-server, coturn): installed here when run as root
// with apt-get; otherwise the command to run is printed, and npm test stops.
if (!ensureSystemPackages()) process.exit(1);

/** What each step came to, in order: `ok` null when it could not run. */
const steps = [];

/**
 * Runs one step, showing its output as it comes; resolves with whether it passed and what it
 * printed. `quiet` holds the output back and shows all of it only if the step fails. `needs`:
 * the steps it cannot run without (by title); when one of them failed, it is not run.
 */
async function run(title, command, args, { quiet = false, needs = [], env = {}, short = title } = {}) {
  const step = { title, short, ok: null, passed: 0, failed: 0, skipped: 0, seconds: 0, problems: [] };
  steps.push(step);
  const blocker = steps.find((other) => needs.includes(other.title) && other.ok !== true);
  if (blocker) {
    console.log(`\n=== ${title} === not run: it needs "${blocker.title}", which failed`);
    return { ok: false, output: '', step };
  }
  console.log(`\n=== ${title} ===`);
  const stepStarted = Date.now();
  const child = spawn(command, args, {
    stdio: ['inherit', 'pipe', quiet ? 'pipe' : 'inherit'],
    env: { ...process.env, ...env },
  });
  let output = '';
  const collect = (chunk) => {
    if (!quiet) process.stdout.write(chunk);
    output += chunk;
  };
  child.stdout.on('data', collect);
  child.stderr?.on('data', collect);
  const [code, signal] = await new Promise((resolve) => {
    child.on('error', (error) => {
      output += `${error.message}\n`;
      resolve([1, null]);
    });
    child.on('close', (c, s) => resolve([c, s]));
  });
  step.seconds = (Date.now() - stepStarted) / 1000;
  step.ok = code === 0;
  step.code = code;
  if (!step.ok) {
    if (quiet) process.stderr.write(output);
    console.error(`\n✖ ${title} failed (exit ${code ?? signal}).`);
  } else if (quiet) console.log(`done in ${step.seconds.toFixed(1)} s`);
  return { ok: step.ok, output, step, code };
}

/** Reads a JSON summary a reporter wrote, or null when there is none. */
function readSummary(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

/** Every skip of the run, for the summary at the end: `{ where, title, reason }`. */
const skips = [];
/** Every failed test of the run, printed last (a log's tail names them): `{ where, title, error }`. */
const failures = [];

/** Marks the step failed with `why`, printed at once and again in the summary. */
function fail(step, why) {
  step.ok = false;
  step.problems.push(why);
  console.error(`\n✖ ${step.title}: ${why}`);
}

/** Adds what `judge` made of a runner's JSON summary to the step: totals, lines, skips, problems. */
function addJudgement({ step }, judgement) {
  if (step.ok === null) return;
  step.passed += judgement.passed;
  step.failed += judgement.failed;
  step.skipped += judgement.skipped;
  console.log(`\n${step.short} tests:`);
  for (const line of judgement.lines) console.log(`  ${line}`);
  skips.push(...judgement.skips);
  failures.push(...judgement.failures);
  for (const problem of judgement.problems) fail(step, problem);
}

const BUILD = 'Type check and build (tsc)';

// Run the tools' scripts with this node: npm may leave their bin links without the exec bit.
if (only !== 'fast')
  await run('Lint and format check (Biome)', process.execPath, ['node_modules/@biomejs/biome/bin/biome', 'check', '.']);
// dist/ is built from nothing: a test file deleted from the sources must not keep running from an
// old build (the browser and node steps run every *.test.js they find there).
rmSync('dist', { recursive: true, force: true });
rmSync('test-output', { recursive: true, force: true });
mkdirSync('test-output');
await run(BUILD, process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.']);
if (only !== 'fast') {
  await run('Bundle (esbuild)', process.execPath, ['scripts/bundle.mjs', '--verbose'], { needs: [BUILD] });
  await run(
    'Custom elements manifest',
    process.execPath,
    ['node_modules/@custom-elements-manifest/analyzer/cem.js', 'analyze', '--quiet'],
    { needs: [BUILD] },
  );
}

/**
 * A step that ran inside scripts/netns.mjs and exited 3 (no private network namespace could be
 * made): passed, with every test listed as a visible skip with its reason. Returns whether it was.
 */
function skippedForNetns(outcome, title, short) {
  if (outcome.code !== 3) return false;
  const reason =
    outcome.output.split('\n').find((line) => line.startsWith('Could not make')) ??
    'no private network namespace could be made (scripts/netns.mjs exit 3)';
  outcome.step.ok = true;
  outcome.step.problems = [];
  skips.push({ where: short, title: `${title}: every test`, reason: `not run: ${reason}` });
  console.log(`\n${short}: skipped, ${reason}`);
  return true;
}

/**
 * A step of node tests in a private network namespace (scripts/netns.mjs, as root): counted from
 * the reporter's JSON (test-output/<short>.json); a machine that cannot make one skips it visibly.
 */
async function nodeTestsInNetns(title, short, files) {
  const outcome = await run(
    title,
    process.execPath,
    [
      'scripts/netns.mjs',
      '--',
      process.execPath,
      '--test',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=./scripts/node-summary-reporter.mjs',
      `--test-reporter-destination=test-output/${short}.json`,
      '--test-timeout=300000',
      ...files,
    ],
    { needs: [BUILD, 'Bundle (esbuild)'], short },
  );
  if (!skippedForNetns(outcome, title, short))
    addJudgement(outcome, judgeNodeSummary(readSummary(`test-output/${short}.json`)));
}

/**
 * A web-test-runner step with `config`, its totals per engine added to the step. `engines`: those
 * it runs (default: every wanted one); `netns`: inside a private network namespace
 * (scripts/netns.mjs), where a machine that cannot make one (exit 3) skips the step visibly.
 */
const webTestRunner = async (
  title,
  short,
  config,
  { engines = wantedEngines(), netns = false, files, port, quiet = false } = {},
) => {
  const summary = `test-output/${short}-${engines.join('-')}.json`;
  const wtr = [
    'node_modules/@web/test-runner/dist/bin.js',
    '--config',
    config,
    ...(files ? ['--files', ...files] : []),
    ...(port ? ['--port', String(port)] : []),
  ];
  const outcome = await run(
    title,
    process.execPath,
    netns ? ['scripts/netns.mjs', '--', process.execPath, ...wtr] : wtr,
    {
      needs: [BUILD],
      short,
      quiet,
      env: { RTC_TEST_SUMMARY: summary, RTC_BROWSERS: engines.join(',') },
    },
  );
  if (netns && skippedForNetns(outcome, title, short)) return;
  addJudgement(outcome, judgeBrowserSummary(readSummary(summary), engines, short));
};
if (only !== 'browser' && only !== 'fast') {
  // The accessibility test of every story (test/node/storybook.test.ts) visits this build.
  await run(
    'Storybook build (storybook-static/)',
    process.execPath,
    ['node_modules/storybook/dist/bin/dispatcher.js', 'build', '--quiet', '--output-dir', 'storybook-static'],
    { quiet: true, needs: [BUILD] },
  );
}
// WebKit's browser tests (no WebRTC there: the elements, layouts and audio levels, light on the CPU)
// run beside the node tests, on a port of their own, their output held back unless they fail:
// about a minute and a half less than one after the other. Chromium and Firefox run later, alone.
const browserEngines = wantedEngines().filter((e) => e !== 'webkit');
const webkitAlongside =
  only !== 'node' && only !== 'fast' && wantedEngines().includes('webkit')
    ? webTestRunner(
        'Browser tests, WebKit (web-test-runner, beside the node tests)',
        'browser',
        'web-test-runner.config.mjs',
        { engines: ['webkit'], port: await freePort(), quiet: true },
      )
    : undefined;
if (only !== 'browser' && only !== 'fast') {
  // The test files themselves (a folder would make node run its helpers too, as files of no test).
  const files = ['dist/dev-server/test', 'dist/test/node'].flatMap((d) =>
    existsSync(d)
      ? readdirSync(d)
          .filter((f) => f.endsWith('.test.js'))
          .map((f) => `${d}/${f}`)
      : [],
  );
  addJudgement(
    await run(
      'Node tests (server, CLI, demo, stories)',
      process.execPath,
      [
        '--test',
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        '--test-reporter=./scripts/node-summary-reporter.mjs',
        '--test-reporter-destination=test-output/node.json',
        // A hang is a failure, not a stalled CI: no test (or test file) here takes a tenth of this.
        '--test-timeout=180000',
        ...files,
      ],
      { needs: [BUILD], short: 'node' },
    ),
    judgeNodeSummary(readSummary('test-output/node.json')),
  );
}
await webkitAlongside;
// The SFU mode as a person meets it (test/sfu: `npm run start:sfu` driven by puppeteer), with a
// real Janus: node tests in the private network namespace, where Janus gathers ICE candidates.
if (only !== 'browser' && only !== 'fast')
  await nodeTestsInNetns(
    'SFU node tests (npm run start:sfu in a network namespace, real Janus)',
    'sfu-node',
    existsSync('dist/test/sfu')
      ? readdirSync('dist/test/sfu')
          .filter((f) => f.endsWith('.test.js'))
          .map((f) => `dist/test/sfu/${f}`)
      : [],
  );

if (only !== 'node')
  await webTestRunner(
    'Fast layer (web-test-runner: negotiation and signaling, no UI)',
    'fast',
    'web-test-runner.fast.config.mjs',
  );
if (only !== 'node' && only !== 'fast' && browserEngines.length)
  await webTestRunner('Browser tests (web-test-runner: Chromium, Firefox)', 'browser', 'web-test-runner.config.mjs', {
    engines: browserEngines,
  });
// The SFU mode against a real Janus, which gathers ICE candidates only off loopback: in a network
// namespace of its own (Janus on its veth end, 127.0.0.2). Chromium and Firefox (WebKitGTK has no
// RTCPeerConnection); Debian's janus package is needed.
if (only !== 'node' && only !== 'fast') {
  const engines = wantedEngines().filter((e) => e === 'chromium' || e === 'firefox');
  if (engines.length)
    await webTestRunner(
      'SFU browser tests (web-test-runner in a network namespace, real Janus)',
      'sfu',
      'web-test-runner.sfu.config.mjs',
      { engines, netns: true },
    );
}
// Calls on bad networks (test/impair: node tests driving Chromium and Firefox through a network
// of veth pairs shaped with tc and nftables, a private network namespace, as root): each engine
// runs part of the conditions (about 2 minutes in all; `npm run bench:impair` measures every one
// in both). A machine that cannot make the namespace skips the step visibly, as for the SFU.
if (only !== 'node' && only !== 'fast' && wantedEngines().some((e) => e === 'chromium' || e === 'firefox'))
  await nodeTestsInNetns(
    'Impaired network (test/impair: tc and nftables in a network namespace, Chromium and Firefox)',
    'impair',
    ['dist/test/impair/impairment.test.js'],
  );

// The summary: every skip with its reason (grouped by reason), each step, then the totals.
if (skips.length) {
  console.log(`\nSkipped (${skips.length}), by reason:`);
  const byReason = new Map();
  for (const skip of skips) {
    const key = `${skip.where}: ${skip.reason ?? 'NO REASON GIVEN'}`;
    byReason.set(key, [...(byReason.get(key) ?? []), skip]);
  }
  for (const [reason, list] of [...byReason].sort(([a], [b]) => a.localeCompare(b))) {
    console.log(`  ${reason} (${list.length})`);
    for (const skip of list) console.log(`    - ${skip.title}`);
  }
}
const sum = (key) => steps.reduce((total, step) => total + step[key], 0);
const stepsPassed = steps.filter((step) => step.ok === true).length;
const stepsFailed = steps.filter((step) => step.ok === false).length;
console.log('\nSteps:');
for (const step of steps) {
  const mark = step.ok === true ? '✔' : step.ok === false ? '✖' : '-';
  const state = step.ok === null ? 'not run' : step.ok ? 'passed' : 'failed';
  const tests =
    step.passed || step.failed || step.skipped
      ? `, tests: ${step.passed} passed, ${step.failed} failed, ${step.skipped} skipped`
      : '';
  console.log(`  ${mark} ${step.title}: ${state} (${step.seconds.toFixed(1)} s)${tests}`);
  for (const problem of step.problems) console.log(`      ✖ ${problem}`);
}
if (failures.length) {
  console.log(`\nFailed (${failures.length}):`);
  for (const f of failures) console.log(`  ✖ ${f.where}: ${f.title}\n      ${f.error}`);
}
const notRun = steps.length - stepsPassed - stepsFailed;
console.log(
  `steps: ${stepsPassed} passed, ${stepsFailed} failed${notRun ? `, ${notRun} not run` : ''}` +
    `\ntests: ${sum('passed')} passed, ${sum('failed')} failed, ${sum('skipped')} skipped`,
);
const seconds = ((Date.now() - started) / 1000).toFixed(0);
if (stepsFailed || notRun || sum('failed')) {
  console.error(`\n✖ npm test failed in ${seconds} s.`);
  process.exit(1);
}
console.log(`\n✔ All tests passed in ${seconds} s.`);
