import { randomId } from '../random-id.js';
import { SignalingClient } from '../signaling-client.js';
import { resolveSignalingUrl } from '../signaling-url.js';

/**
 * The ICE servers (TURN credentials included) the signaling server `server` hands a participant
 * in `welcome`: a join to a room of its own, `precall-<random>`, where nobody else is, left at once.
 * Rejects with the join's `RtcError` (`server-unreachable`, `unauthorized`, …).
 */
export async function iceServersFrom(server?: string, token?: string): Promise<RTCIceServer[]> {
  const client = new SignalingClient(resolveSignalingUrl(server));
  try {
    const welcome = await client.join({ room: `precall-${randomId().slice(0, 12)}`, ...(token ? { token } : {}) });
    return welcome.iceServers as RTCIceServer[];
  } finally {
    client.close();
  }
}
