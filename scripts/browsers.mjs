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

/**
 * Preferences for headless Firefox in tests: fake camera and microphone, no prompts, sound without a
 * gesture, loopback ICE, no calls home.
 */
export const FIREFOX_TEST_PREFS = {
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  // The test TURN server and its relay addresses are on loopback, which Firefox ignores by default.
  'media.peerconnection.ice.loopback': true,
  // Firefox delays a WebSocket connection to a host whose last ones failed (RFC 6455 §7.2.3, up
  // to a minute). Every room in a test page shares one Firefox, so a newcomer would inherit the
  // delay the others built up during an outage; a newcomer in a browser of their own does not.
  'network.websocket.delay-failed-reconnects': false,
  'media.autoplay.default': 0,
  'media.autoplay.block-webaudio': false,
  'network.captive-portal-service.enabled': false,
  'app.update.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
};

/** The engines the browser tests run in: `RTC_BROWSERS` (a comma-separated list), else all three. */
export function wantedEngines() {
  return (process.env.RTC_BROWSERS ?? 'chromium,firefox,webkit')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
}
