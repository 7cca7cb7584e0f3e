// The fast layer (`npm run test:fast`, and a step of `npm test`): tests that run in seconds and
// catch protocol and negotiation bugs early, with real browser objects and real servers, no UI:
// perfect negotiation between two RTCPeerConnections in one page, and the signaling client against a
// real `ws` server the test stops and starts. Same browsers, plugins and flags as the main run.
// FAST_REPEAT=N runs every repeated case N times (each says how many in its title). Unset: 20 times,
// except the signaling client's killed-server and cut-connection cases outside Chromium, 3 times
// (the client is the same code in every engine, and each round of the first starts a server process).
// A value that is not a whole number above 0 stops the run.
import base from './web-test-runner.config.mjs';

const FAST_REPEAT = process.env.FAST_REPEAT?.trim() || null;
if (FAST_REPEAT !== null && !/^[1-9][0-9]*$/.test(FAST_REPEAT)) {
  throw new Error(
    `FAST_REPEAT must be a whole number above 0 (the rounds of each repeated case), not "${FAST_REPEAT}"`,
  );
}

/** `executeServerCommand('fast-repeat')` in a test (test/fast/repeat.ts): `{ repeat }`, FAST_REPEAT when set, else null. */
const repeat = {
  name: 'fast-repeat',
  executeCommand: ({ command }) =>
    command === 'fast-repeat' ? { repeat: FAST_REPEAT === null ? null : Number(FAST_REPEAT) } : undefined,
};

export default {
  ...base,
  files: ['dist/test/fast/**/*.test.js'],
  testFramework: { config: { timeout: 60_000 } },
  plugins: [...base.plugins, repeat],
};
