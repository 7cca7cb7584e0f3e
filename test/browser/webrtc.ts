/**
 * Tests that need a peer connection, declared with these instead of `it` / `describe`, run only
 * where the page has WebRTC, by the same check `Room.join()` makes. Elsewhere (Debian's WebKitGTK
 * is built without WebRTC) they are reported as skipped: `npm test` prints how many per engine,
 * and fails if Chromium or Firefox skip any, since both have WebRTC.
 */
import { missingWebRTC } from '../../src/core/support.js';

const hasWebRTC = () => missingWebRTC().length === 0;

/** `it`, for a test that needs `RTCPeerConnection`: skipped where the browser has none. */
export function itWithWebRTC(title: string, fn: Mocha.AsyncFunc): Mocha.Test {
  return hasWebRTC() ? it(title, fn) : it.skip(title, fn);
}

/** `describe`, for a suite whose every test needs `RTCPeerConnection`: skipped where the browser has none. */
export function describeWithWebRTC(title: string, fn: (this: Mocha.Suite) => void): void {
  if (hasWebRTC()) describe(title, fn);
  else describe.skip(title, fn);
}
