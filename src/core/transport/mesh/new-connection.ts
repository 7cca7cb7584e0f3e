import type { RelayPayloads, RelayType } from '../../protocol.js';

/** The `o=` session id of an SDP: the same for every offer of one peer connection. */
export function sessionId(sdp: unknown): string | undefined {
  return typeof sdp === 'string' ? /^o=\S+ (\S+)/m.exec(sdp)?.[1] : undefined;
}

/**
 * True when `data` is an offer from another peer connection than the one `pc` talks to: the
 * other side started afresh (it had dropped us, e.g. after a fresh join, or its connection failed
 * DTLS under a connected ICE: peer-link.ts), so our old connection cannot take it.
 */
export function fromNewConnection<T extends RelayType>(
  pc: RTCPeerConnection,
  type: T,
  data: RelayPayloads[T],
): boolean {
  if (type !== 'offer' || !pc.remoteDescription) return false;
  const theirs = sessionId((data as { sdp?: unknown } | null)?.sdp);
  return theirs !== undefined && theirs !== sessionId(pc.remoteDescription.sdp);
}
