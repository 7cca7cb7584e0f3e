import type { RtcError } from '../../errors.js';

/** `RTCPeerConnectionIceErrorEvent`, as far as this reads it (Firefox ESR's may lack fields). */
interface IceErrorEvent extends Event {
  url?: string;
  errorCode?: number;
  errorText?: string;
}

/** ICE is up: `connected` or `completed`. */
const up = ({ iceConnectionState: ice }: RTCPeerConnection) => ice === 'connected' || ice === 'completed';
/** ICE lost its path (or never found one): `disconnected` or `failed`, not still checking a first one. */
const down = ({ iceConnectionState: ice }: RTCPeerConnection) => ice === 'disconnected' || ice === 'failed';

/**
 * Turns a peer connection's `icecandidateerror` events into `ice-server` errors, once per server
 * URL. A server that answers with an error (a TURN server refusing the credentials: 401, 403,
 * 437…; STUN codes are 300 to 699) is reported at once. "Unreachable" (701) is fired for every
 * local interface that cannot reach the server, often harmlessly (an IPv6 address trying an IPv4
 * server), so it is reported only if gathering then ends with no candidate from a server of
 * that type (no `srflx` for `stun:`, no `relay` for `turn:`, in the local description). Such a
 * gathering, with ICE down, restarts ICE again a little later (see the constructor).
 *
 * Loaded by `import()` at a connection's first `icecandidateerror` (peer-link.ts), which hands it
 * the events that came before it was there: most calls never have one.
 */
export class IceServerErrors {
  #seen = new Map<string, RtcError>();
  #unreachable = new Map<string, string>();
  /** Gatherings in a row that could not reach a server (see the constructor). */
  #tries = 0;
  #report: (message: string, url: string) => RtcError;
  /** The last error reported: a failed connection says it may be why. */
  last: RtcError | null = null;

  /**
   * Follows `pc`'s errors from now on, `early` (those that came before) first. `report` makes the
   * `ice-server` error of `message` (the kit's `RtcError`: this chunk has no class of its own) and
   * says it.
   */
  constructor(pc: RTCPeerConnection, report: (message: string, url: string) => RtcError, early: readonly Event[]) {
    this.#report = report;
    const gathered = () => {
      if (pc.iceGatheringState !== 'complete') return;
      const sdp = pc.localDescription?.sdp ?? '';
      let missing = false;
      for (const [url, message] of this.#unreachable)
        if (!sdp.includes(url.startsWith('stun') ? ' typ srflx' : ' typ relay')) {
          this.#emit(url, message);
          missing = true;
        }
      this.#unreachable.clear();
      // A gathering while the network was down (an ICE restart as a link dropped, ICE down): what
      // it found cannot carry the call once the network is back, and ICE would only fail on it
      // later (Firefox then fails DTLS too, and the link needs a new connection). Restart again a
      // little later, and again, waiting twice as long each time, until a gathering reaches the
      // server or ICE is up. (A restart asked for before the other side answered the last offer
      // waits for that answer: negotiation needs a stable state.)
      this.#tries = missing ? this.#tries + 1 : 0;
      if (missing && pc.remoteDescription && down(pc))
        setTimeout(() => pc.signalingState === 'closed' || up(pc) || pc.restartIce(), 1000 << Math.min(this.#tries, 5));
    };
    for (const event of early) this.#onError(event as IceErrorEvent);
    pc.addEventListener('icecandidateerror', (event) => this.#onError(event as IceErrorEvent));
    pc.addEventListener('icegatheringstatechange', gathered);
    gathered();
  }

  #onError({ url, errorCode, errorText }: IceErrorEvent) {
    if (!url) return;
    const code = errorCode ?? 0;
    const what = code === 701 ? 'could not be reached' : `refused us (${code}${errorText ? ` ${errorText}` : ''})`;
    const hint = code === 401 || code === 403 || code === 437 ? ': are its credentials right?' : '';
    const message = `The ICE server ${url} ${what}${hint}`;
    if (code === 701) this.#unreachable.set(url, message);
    else this.#emit(url, message);
  }

  /** Says an error once per server; the last error is the latest server's. */
  #emit(url: string, message: string) {
    this.last = this.#seen.get(url) ?? this.#report(message, url);
    this.#seen.set(url, this.last);
  }
}
