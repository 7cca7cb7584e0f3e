// The fast layer (`npm run test:fast`, and a step of `npm test`): tests that run in seconds and
// catch protocol and negotiation bugs early, with real browser objects and real servers, no UI:
// perfect negotiation between two RTCPeerConnections in one page, and the signaling client against a
// real `ws` server the test stops and starts. Same browsers, plugins and flags as the main run.
// FAST_REPEAT=N runs the repeated cases N times (default 20).
import base from './web-test-runner.config.mjs';

/** `executeServerCommand('fast-repeat')` in a test: `{ repeat }`, `FAST_REPEAT` when set (a number), else null. */
const repeat = {
  name: 'fast-repeat',
  executeCommand: ({ command }) =>
    command === 'fast-repeat' ? { repeat: Number(process.env.FAST_REPEAT) || null } : undefined,
};

export default {
  ...base,
  files: ['dist/test/fast/**/*.test.js'],
  testFramework: { config: { timeout: 60_000 } },
  plugins: [...base.plugins, repeat],
};
