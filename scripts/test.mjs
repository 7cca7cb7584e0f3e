#!/usr/bin/env node
// `npm test`: lint, type check and build, node tests of the server, then browser tests in real
// headless Chromium and Firefox, and WebKitGTK under Xvfb. Stops with a clear message when a
// browser or server it needs is missing. `--only node` / `--only browser` runs one half;
// `--only fast` runs the fast layer alone (test/fast).
//
// A failing step does not stop the run: every step that can still run does (all but lint need
// the type check's build), and the end prints each step's outcome with its tests' counts, then
// the totals of steps and tests, passed and failed. The exit status is 1 if anything failed.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { ensureSystemPackages } from './system-packages.mjs';

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
async function run(title, command, args, { quiet = false, needs = [] } = {}) {
  const step = { title, ok: null, passed: 0, failed: 0, skipped: 0, seconds: 0 };
  steps.push(step);
  const blocker = steps.find((other) => needs.includes(other.title) && other.ok !== true);
  if (blocker) {
    console.log(`\n=== ${title} === not run: it needs "${blocker.title}", which failed`);
    return { ok: false, output: '', step };
  }
  console.log(`\n=== ${title} ===`);
  const stepStarted = Date.now();
  const child = spawn(command, args, { stdio: ['inherit', 'pipe', quiet ? 'pipe' : 'inherit'], env: process.env });
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
  if (!step.ok) {
    if (quiet) process.stderr.write(output);
    console.error(`\n✖ ${title} failed (exit ${code ?? signal}).`);
  } else if (quiet) console.log(`done in ${step.seconds.toFixed(1)} s`);
  return { ok: step.ok, output, step };
}

/**
 * Adds web-test-runner's totals to the step, prints them per engine. Only tests that need WebRTC
 * are skipped, and only where the browser has none (WebKitGTK as Debian builds it): a skip in
 * Chromium or Firefox means the feature check is wrong, and fails the step.
 */
function browserTotals({ output, step }) {
  if (step.ok === null) return;
  console.log('\nBrowser tests per engine:');
  for (const [label, engine] of [
    ['Chrome', 'Chromium'],
    ['Firefox', 'Firefox'],
    ['WebKit', 'WebKit'],
  ]) {
    // web-test-runner prints a progress line per browser; the last one of each holds its totals.
    const lines = [
      ...output.matchAll(
        new RegExp(`${label}:\\s*\\|[^\\n]*\\| (\\d+) passed, (\\d+) failed(?:, (\\d+) skipped)?`, 'g'),
      ),
    ];
    if (!lines.length) continue;
    const [, p, f, s = '0'] = lines.at(-1);
    step.passed += Number(p);
    step.failed += Number(f);
    step.skipped += Number(s);
    const why = Number(s) ? ' (they need RTCPeerConnection, which this browser does not have)' : '';
    console.log(`  ${engine}: ${p} passed, ${f} failed, ${s} skipped${why}`);
    if (engine !== 'WebKit' && Number(s) > 0) {
      console.error(
        `\n✖ ${engine} has WebRTC, yet skipped ${s} test(s): the feature check in test/browser/webrtc.ts is wrong.`,
      );
      step.ok = false;
    }
  }
}

/** The last number after `pattern` in `text`, or 0. */
function last(text, pattern) {
  const all = [...text.matchAll(pattern)];
  return all.length ? Number(all.at(-1)[1]) : 0;
}

const BUILD = 'Type check and build (tsc)';

// Run the tools' scripts with this node: npm may leave their bin links without the exec bit.
if (only !== 'fast')
  await run('Lint and format check (Biome)', process.execPath, ['node_modules/@biomejs/biome/bin/biome', 'check', '.']);
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

if (only !== 'browser' && only !== 'fast') {
  // The accessibility test of every story (test/node/storybook.test.ts) visits this build.
  await run(
    'Storybook build (storybook-static/)',
    process.execPath,
    ['node_modules/storybook/dist/bin/dispatcher.js', 'build', '--quiet', '--output-dir', 'storybook-static'],
    { quiet: true, needs: [BUILD] },
  );
  const dirs = ['dist/dev-server/test', 'dist/test/node'].filter(
    (d) => existsSync(d) && readdirSync(d).some((f) => f.endsWith('.test.js')),
  );
  const { output, step } = await run(
    'Node tests (server, CLI, demo, stories)',
    process.execPath,
    [
      '--test',
      '--test-reporter=spec',
      // A hang is a failure, not a stalled CI: no test (or test file) here takes a tenth of this.
      '--test-timeout=180000',
      ...dirs,
    ],
    { needs: [BUILD] },
  );
  step.passed += last(output, /ℹ pass (\d+)/g);
  step.failed += last(output, /ℹ fail (\d+)/g);
  step.skipped += last(output, /ℹ skipped (\d+)/g);
}
/** A web-test-runner step with `config`, its totals per engine added to the step. */
const webTestRunner = async (title, config) =>
  browserTotals(
    await run(title, process.execPath, ['node_modules/@web/test-runner/dist/bin.js', '--config', config], {
      needs: [BUILD],
    }),
  );
if (only !== 'node' && existsSync('dist/test/fast'))
  await webTestRunner(
    'Fast layer (web-test-runner: negotiation and signaling, no UI)',
    'web-test-runner.fast.config.mjs',
  );
if (only !== 'node' && only !== 'fast')
  await webTestRunner('Browser tests (web-test-runner: Chromium, Firefox, WebKit)', 'web-test-runner.config.mjs');

// The summary: each step, then the totals.
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
