/**
 * Tests that need a peer connection, declared with these instead of `it` / `describe`, run only
 * where the page has WebRTC, by the same check `Room.join()` makes. Elsewhere (Debian's WebKitGTK
 * is built without WebRTC) they are reported as skipped with that reason (test/browser/skip.ts):
 * `npm test` lists them, and fails if Chromium or Firefox skip any for it, since both have WebRTC.
 */
import { missingWebRTC } from '../../src/core/support.js';
import { skipMark } from './skip.js';

const hasWebRTC = () => missingWebRTC().length === 0;

/** The reason every such skip gives; the summary fails a run where Chromium or Firefox gives it. */
export const NO_WEBRTC = 'needs RTCPeerConnection, which this browser lacks';

/** `it`, for a test that needs `RTCPeerConnection`: skipped where the browser has none. */
export function itWithWebRTC(title: string, fn: Mocha.AsyncFunc): Mocha.Test {
  return hasWebRTC() ? it(title, fn) : it.skip(`${title}${skipMark(NO_WEBRTC)}`, fn);
}

/** `describe`, for a suite whose every test needs `RTCPeerConnection`: skipped where the browser has none. */
export function describeWithWebRTC(title: string, fn: (this: Mocha.Suite) => void): void {
  if (hasWebRTC()) describe(title, fn);
  else describe.skip(`${title}${skipMark(NO_WEBRTC)}`, fn);
}
