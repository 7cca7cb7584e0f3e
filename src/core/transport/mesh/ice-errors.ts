import { RtcError } from '../../errors.js';

/** `RTCPeerConnectionIceErrorEvent`, as far as this reads it (Firefox ESR's may lack fields). */
interface IceErrorEvent extends Event {
  url?: string;
  errorCode?: number;
  errorText?: string;
}

/**
 * Turns a peer connection's `icecandidateerror` events into `ice-server` errors, once per server
 * URL. A server that answers with an error (a TURN server refusing the credentials: 401, 403,
 * 437…; STUN codes are 300 to 699) is reported at once. "Unreachable" (701) is fired for every
 * local interface that cannot reach the server, often harmlessly (an IPv6 address trying an IPv4
 * server), so it is reported only if gathering then ends with no candidate from a server of
 * that type (no `srflx` for `stun:`, no `relay` for `turn:`).
 */
export class IceServerErrors {
  #seen = new Set<string>();
  #unreachable = new Map<string, RtcError>();
  #gathered = new Set<string>();
  #report: (error: RtcError) => void;
  /** The last error reported: a failed connection says it may be why. */
  last: RtcError | null = null;

  constructor(pc: RTCPeerConnection, report: (error: RtcError) => void) {
    this.#report = report;
    pc.addEventListener('icecandidateerror', (event) => this.#onError(event as IceErrorEvent));
    pc.addEventListener('icecandidate', ({ candidate }) => {
      if (candidate?.type) this.#gathered.add(candidate.type);
    });
    pc.addEventListener('icegatheringstatechange', () => {
      if (pc.iceGatheringState !== 'complete') return;
      for (const [url, error] of this.#unreachable) {
        const type = url.startsWith('stun') ? 'srflx' : 'relay';
        if (!this.#gathered.has(type)) this.#emit(url, error);
      }
      this.#unreachable.clear();
      this.#gathered.clear();
    });
  }

  #onError({ url, errorCode, errorText }: IceErrorEvent) {
    if (!url) return;
    const code = errorCode ?? 0;
    const what = code === 701 ? 'could not be reached' : `refused us (${code}${errorText ? ` ${errorText}` : ''})`;
    const hint = code === 401 || code === 403 || code === 437 ? ': are its credentials right?' : '';
    const error = new RtcError('ice-server', `The ICE server ${url} ${what}${hint}`, { url });
    if (code === 701) this.#unreachable.set(url, error);
    else this.#emit(url, error);
  }

  #emit(url: string, error: RtcError) {
    this.last = error;
    if (this.#seen.has(url)) return;
    this.#seen.add(url);
    this.#report(error);
  }
}
