/** What a browser needs to make calls, checked where the calls are made. */

/** The interfaces a call needs, besides `WebSocket`. */
const REQUIRED = ['RTCPeerConnection', 'MediaStream'] as const;

/**
 * The WebRTC interfaces this page lacks (none where calls work). Old webviews, locked-down
 * browsers and WebKit builds without WebRTC have no `RTCPeerConnection`; a `Room` in such a page
 * fails to join with `webrtc-unsupported` instead of throwing later.
 */
export function missingWebRTC(): string[] {
  const scope = globalThis as unknown as Record<string, unknown>;
  return REQUIRED.filter((name) => typeof scope[name] !== 'function');
}
