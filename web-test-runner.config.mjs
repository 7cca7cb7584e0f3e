// Browser tests: real headless Chromium and Firefox ESR with fake camera and microphone, and
// WebKitGTK with mock ones in a private Xvfb display (scripts/webkit.mjs), talking to the real
// signaling server (attached to the test runner's own HTTP server at /signal).
// Tests are written in TypeScript and compiled by `tsc` to dist/ first (npm test does that).
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { puppeteerLauncher } from '@web/test-runner-puppeteer';
import { signalingPlugin } from './dist/dev-server/plugin.js';
import { browserPaths, CHROMIUM_TEST_ARGS, FIREFOX_TEST_PREFS, wantedEngines } from './scripts/browsers.mjs';
import { webkitLauncher } from './scripts/webkit.mjs';
import { serversPlugin } from './dist/test/plugins/servers-plugin.js';
import { engineSummaryReporter } from './dist/test/plugins/summary-reporter.js';

const paths = browserPaths();

/** Headless Chromium for the tests, with `extraArgs` (the SFU tests' loopback ICE). */
export const chromiumLauncher = (extraArgs = []) =>
  chromeLauncher({
    launchOptions: {
      executablePath: paths.chromium,
      headless: true,
      // Two fake cameras (one by default): the test of a camera that ends falls back to the other.
      args: [
        ...CHROMIUM_TEST_ARGS.map((a) => (a === '--use-fake-device-for-media-stream' ? `${a}=device-count=2` : a)),
        '--autoplay-policy=no-user-gesture-required',
        ...extraArgs,
      ],
    },
  });

/** Headless Firefox ESR for the tests, with `extraPrefs`. */
export const firefoxLauncher = (extraPrefs = {}) =>
  puppeteerLauncher({
    launchOptions: {
      browser: 'firefox',
      executablePath: paths.firefox,
      headless: true,
      extraPrefsFirefox: {
        ...FIREFOX_TEST_PREFS,
        ...extraPrefs,
      },
    },
  });

// RTC_BROWSERS=chromium (or firefox, webkit, or a comma-separated list) runs only those engines.
const wanted = wantedEngines();
const browsers = [
  ...(wanted.includes('chromium') ? [chromiumLauncher()] : []),
  ...(wanted.includes('firefox') ? [firefoxLauncher()] : []),
  ...(wanted.includes('webkit') ? [webkitLauncher()] : []),
];

export default {
  rootDir: '.',
  // The SFU tests run in a network namespace with Janus (web-test-runner.sfu.config.mjs).
  files: ['dist/src/**/*.test.js', 'dist/test/browser/**/*.test.js', '!dist/test/browser/sfu/**'],
  nodeResolve: { exportConditions: ['development'] },
  browsers,
  // The machine has two cores and WebRTC is heavy: one browser, one test file at a time.
  concurrency: 1,
  concurrentBrowsers: 1,
  browserStartTimeout: 120_000,
  testsStartTimeout: 120_000,
  testsFinishTimeout: 600_000,
  testFramework: { config: { timeout: 90_000 } },
  // Lit's one-line notice that it runs its development build (on purpose: its warnings fail tests).
  filterBrowserLogs: ({ args }) => !String(args[0]).startsWith('Lit is in dev mode'),
  plugins: [signalingPlugin({ logLevel: 'warn' }), serversPlugin()],
  // What each engine ran, skipped (with the reason) and failed, as JSON for npm test's summary
  // (RTC_TEST_SUMMARY names the file; scripts/test.mjs sets it).
  reporters: [defaultReporter(), engineSummaryReporter()],
};
