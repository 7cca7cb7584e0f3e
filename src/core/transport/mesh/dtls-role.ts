/**
 * An answer that keeps this side's DTLS role. After a first call, either side may offer (a new
 * track, an ICE restart from the side that answered first); Firefox answers such an offer with
 * `a=setup:active` whatever its role was, which flips the DTLS roles and forces a new DTLS
 * handshake that can fail (the connection goes `failed` while ICE is `connected`). Chromium keeps
 * its role by itself; this makes every answer do so.
 */
export async function answerKeepingRole(pc: RTCPeerConnection): Promise<RTCSessionDescriptionInit> {
  // The last negotiated descriptions: they change only once this answer is applied.
  const local = pc.currentLocalDescription;
  const remote = pc.currentRemoteDescription;
  const answer = await pc.createAnswer();
  const role =
    local?.type === 'answer' ? setup(local) : local?.type === 'offer' ? opposite[setup(remote) ?? ''] : undefined;
  if (!role || !answer.sdp || (role !== 'active' && role !== 'passive')) return answer;
  return { type: 'answer', sdp: answer.sdp.replace(/a=setup:(active|passive)/g, `a=setup:${role}`) };
}

const opposite: Record<string, string> = { active: 'passive', passive: 'active' };

function setup(description: RTCSessionDescription | null): string | undefined {
  return /a=setup:(\w+)/.exec(description?.sdp ?? '')?.[1];
}
