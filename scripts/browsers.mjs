// Where the test browsers are, and what to install when they are missing.
import { existsSync } from 'node:fs';

const CANDIDATES = {
  chromium: [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'],
  firefox: [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'],
  // WebKitGTK's WebDriver (it starts the browser) and the X server it runs in.
  webkitDriver: [process.env.WEBKIT_WEBDRIVER_PATH, '/usr/bin/WebKitWebDriver'],
  xvfb: [process.env.XVFB_PATH, '/usr/bin/Xvfb'],
};

/** Paths of the browsers (and of WebKit's driver and display server) found; undefined when missing. */
export function browserPaths() {
  const find = (list) => list.find((p) => p && existsSync(p));
  return Object.fromEntries(Object.entries(CANDIDATES).map(([name, list]) => [name, find(list)]));
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

/** The engines the browser tests run in: `RTC_BROWSERS` (a comma-separated list), else all three. */
export function wantedEngines() {
  return (process.env.RTC_BROWSERS ?? 'chromium,firefox,webkit')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
}
