/**
 * Imported first by a test file, before anything of the kit loads: takes WebRTC out of the page,
 * as in a webview or a browser built or configured without it. In Debian's WebKitGTK there is
 * nothing to take out. Each test file runs in a page of its own, so no other file is affected.
 */
const scope = globalThis as unknown as Record<string, unknown>;

/** Whether this browser had `RTCPeerConnection` before this module removed it. */
export const hadPeerConnection = typeof scope.RTCPeerConnection === 'function';

for (const name of ['RTCPeerConnection', 'webkitRTCPeerConnection', 'mozRTCPeerConnection']) delete scope[name];
