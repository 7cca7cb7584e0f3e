import { SignalingClient } from '../signaling-client.js';
import { resolveSignalingUrl } from '../signaling-url.js';
import { iceServersWith } from './ice-servers-with.js';

/**
 * The ICE servers (TURN credentials included) the signaling server `server` hands a participant
 * in `welcome`: a join to a room of its own, `precall-<random>`, where nobody else is, left at once.
 * Rejects with the join's `RtcError` (`server-unreachable`, `unauthorized`, …).
 */
export function iceServersFrom(server?: string, token?: string): Promise<RTCIceServer[]> {
  return iceServersWith({ SignalingClient, resolveSignalingUrl }, server, token);
}
