// Where the test browsers are, and what to install when they are missing.
import { existsSync } from 'node:fs';

const CANDIDATES = {
  chromium: [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'],
  firefox: [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'],
};

/** Paths of the browsers found (undefined when missing). */
export function browserPaths() {
  const find = (list) => list.find((p) => p && existsSync(p));
  return { chromium: find(CANDIDATES.chromium), firefox: find(CANDIDATES.firefox) };
}

/** Flags for headless Chromium in tests: fake camera, microphone and screen, no prompts, no calls home. */
export const CHROMIUM_TEST_ARGS = [
  '--no-sandbox',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
