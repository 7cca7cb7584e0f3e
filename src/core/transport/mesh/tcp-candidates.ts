/**
 * Remote ICE candidates that cannot pair with any of ours are not applied until one of ours can
 * use them. ICE pairs a remote `tcptype active` candidate only with a local `tcptype passive` one;
 * Chromium gathers no passive TCP candidates (it does not listen), so every active TCP candidate
 * a peer sends it is dead weight, and applying one is not free: `addIceCandidate` waits on the
 * browser's WebRTC threads while they carry every other link's media. In a join of 8 in one page
 * those waits held the page's main thread for most of a minute.
 */
export class TcpCandidates {
  #localPassive = false;
  #held: RTCIceCandidateInit[] = [];
  #apply: (candidate: RTCIceCandidateInit) => void;

  /** `apply` adds a held candidate once one of ours can pair with it. */
  constructor(apply: (candidate: RTCIceCandidateInit) => void) {
    this.#apply = apply;
  }

  /** A candidate of ours was gathered: a passive TCP one releases what was held. */
  local(candidate: RTCIceCandidate | null): void {
    if (this.#localPassive || !candidate || tcpType(candidate.candidate) !== 'passive') return;
    this.#localPassive = true;
    for (const held of this.#held.splice(0)) this.#apply(held);
  }

  /** True when the remote `candidate` is held (it cannot pair with ours yet): do not apply it now. */
  hold(candidate: RTCIceCandidateInit | null | undefined): boolean {
    if (this.#localPassive || !candidate?.candidate || tcpType(candidate.candidate) !== 'active') return false;
    // A bounded list: a peer that sends thousands only loses the ones it could never use anyway.
    if (this.#held.length < 64) this.#held.push(candidate);
    return true;
  }
}

/** The `tcptype` of a TCP candidate line (`active`, `passive`, `so`), or undefined for UDP. */
export function tcpType(candidate: string): string | undefined {
  const fields = candidate.split(' ');
  if (fields[2]?.toLowerCase() !== 'tcp') return undefined;
  const i = fields.indexOf('tcptype');
  return i === -1 ? undefined : fields[i + 1];
}
