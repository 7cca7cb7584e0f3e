import type { SignalingClient } from '../signaling-client.js';
import type { resolveSignalingUrl } from '../signaling-url.js';

/** What {@link iceServersWith} uses of the core, handed over (the element's chunk gets it from the kit). */
export interface SignalingParts {
  SignalingClient: typeof SignalingClient;
  resolveSignalingUrl: typeof resolveSignalingUrl;
}

/** `iceServersFrom` (ice-servers.ts) with the core's signaling handed over: it imports nothing of the core. */
export async function iceServersWith(
  { SignalingClient, resolveSignalingUrl }: SignalingParts,
  server?: string,
  token?: string,
): Promise<RTCIceServer[]> {
  const client = new SignalingClient(resolveSignalingUrl(server));
  const room = `precall-${Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) => b.toString(16).padStart(2, '0')).join('')}`;
  try {
    const welcome = await client.join({ room, ...(token ? { token } : {}) });
    return welcome.iceServers as RTCIceServer[];
  } finally {
    client.close();
  }
}
