/**
 * Putting a room back together after the signaling server forgot us (a restart, an outage longer
 * than its grace period), without tearing down calls that never stopped: the peer connections
 * carry the media peer to peer, so a fresh join maps the peers onto the participants and links
 * the room already has instead of removing and adding them again.
 *
 * Peers recognise each other through `key`, a random string each room puts in the state it
 * shares (protocol 1.1 `state`, no protocol change) and keeps for its whole session.
 */
import type { Mesh } from './transport/mesh/mesh-transport.js';
import { type Participant, updateParticipant } from './participant.js';
import type { PeerInfo, RelayPayloads, RelayType } from './protocol.js';

/** The state key holding the key a room chose for itself. */
export const KEY = 'key';

/** How long, after a fresh join, the participants the server did not list may take to come back. */
export const RECONCILE_MS = 10_000;

/** A new key: 96 random bits as hex (`crypto.getRandomValues` works outside secure contexts too). */
export function newKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The participant `peer` was before (same `key`, another id), now under its new id, with its link
 * moved along; undefined when nobody had that key.
 */
export function adopt(remote: Map<string, Participant>, mesh: Mesh | null, peer: PeerInfo): Participant | undefined {
  const key = peer.state?.[KEY];
  if (typeof key !== 'string') return undefined;
  const known = [...remote.values()].find((p) => p.state[KEY] === key);
  if (!known || remote.has(peer.id)) return undefined;
  remote.delete(known.id);
  mesh?.rekey(known.id, peer.id);
  updateParticipant(known, { id: peer.id });
  remote.set(peer.id, known);
  return known;
}

/** The `o=` session id of an SDP: the same for every offer of one peer connection. */
function sessionId(sdp: unknown): string | undefined {
  return typeof sdp === 'string' ? /^o=\S+ (\S+)/m.exec(sdp)?.[1] : undefined;
}

/**
 * True when `data` is an offer from another peer connection than the one `pc` talks to: the
 * other side started afresh (it had dropped us), so our old connection cannot take it.
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

/**
 * After a fresh join: the participants the server did not list must come back (a `peer-joined`
 * with their key) within {@link RECONCILE_MS}. Those that do not are removed then, unless their
 * link still works: those stay until it fails or closes (they are still in the call with us).
 */
export class Reconciler {
  #waiting = new Set<Participant>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #expired = false;
  #remove: (participant: Participant) => void;

  constructor(remove: (participant: Participant) => void) {
    this.#remove = remove;
  }

  expect(participants: Iterable<Participant>): void {
    this.stop();
    this.#waiting = new Set(participants);
    this.#expired = false;
    this.#timer = setTimeout(() => {
      this.#expired = true;
      for (const p of this.#waiting) this.check(p);
    }, RECONCILE_MS);
  }

  confirm(participant: Participant): void {
    this.#waiting.delete(participant);
  }

  /** Removes `participant` if it is past its time and its link does not work. */
  check(participant: Participant): void {
    if (!this.#expired || !this.#waiting.has(participant)) return;
    const state = participant.connectionState;
    if (state === 'connected' || state === 'connecting') return;
    this.#waiting.delete(participant);
    this.#remove(participant);
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#waiting.clear();
  }
}
