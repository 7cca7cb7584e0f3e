/**
 * Whether a peer connection needs negotiating, as the WebRTC specification checks it before it
 * fires `negotiationneeded` (its "check if negotiation is needed"), for the media a mesh sends.
 * werift fires the event for any change of a transceiver's direction or track, even one the
 * description just made already carries (the core sets the directions an answer needs while it
 * is made): an offer made for that is a needless renegotiation, which werift then also gets
 * wrong (it restarts ICE and fails). Data channels are left out: the core's is negotiated with
 * the first offer.
 */

type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

interface Transceiver {
  mid: string | null;
  direction: string;
  stopped?: boolean;
}

/** Each m-section's direction by its mid. */
function directions(sdp: string | undefined): Map<string, Direction> {
  const found = new Map<string, Direction>();
  for (const section of (sdp ?? '').split(/(?=^m=)/m).slice(1)) {
    const mid = /^a=mid:(\S+)/m.exec(section)?.[1];
    const direction = /^a=(sendrecv|sendonly|recvonly|inactive)\r?$/m.exec(section)?.[1] as Direction | undefined;
    if (mid !== undefined) found.set(mid, direction ?? 'sendrecv');
  }
  return found;
}

const sends = (d: string) => d === 'sendrecv' || d === 'sendonly';
const receives = (d: string) => d === 'sendrecv' || d === 'recvonly';
const direction = (send: boolean, receive: boolean): Direction =>
  send ? (receive ? 'sendrecv' : 'sendonly') : receive ? 'recvonly' : 'inactive';

/**
 * True when `transceivers` ask for something the last local description (`local`, an offer or an
 * answer to `remote`) does not say: a transceiver with no m-line yet, or another direction.
 */
export function negotiationNeeded(
  transceivers: readonly Transceiver[],
  local: { type: string; sdp: string } | null,
  remote: { type: string; sdp: string } | null,
): boolean {
  if (!local) return true;
  const ours = directions(local.sdp);
  const theirs = directions(remote?.sdp);
  for (const transceiver of transceivers) {
    if (transceiver.stopped) continue;
    if (transceiver.mid === null) return true;
    const said = ours.get(transceiver.mid);
    if (said === undefined) return true;
    const wanted = transceiver.direction;
    if (local.type === 'offer' && said !== wanted) return true;
    if (local.type === 'answer') {
      // What an answer can say: what we want, within what they offered.
      const offered = theirs.get(transceiver.mid) ?? 'sendrecv';
      if (said !== direction(sends(wanted) && receives(offered), receives(wanted) && sends(offered))) return true;
    }
  }
  return false;
}
