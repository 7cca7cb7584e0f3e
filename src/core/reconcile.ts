/**
 * Putting a room back together after the signaling server forgot us (a restart, an outage longer
 * than its grace period), without tearing down calls that never stopped: the peer connections
 * carry the media peer to peer, so a fresh join maps the peers onto the participants and
 * connections the room already has instead of removing and adding them again.
 *
 * Peers recognise each other through `key`, a random string each room puts in the state it
 * shares (protocol 1.1 `state`, no protocol change) and keeps for its whole session.
 */
import { type Participant, updateParticipant } from './participant.js';
import type { PeerInfo } from './protocol.js';
import type { RoomTransport } from './transport/transport.js';

/** The state key holding the key a room chose for itself. */
export const KEY = 'key';

/** How long, after a fresh join, the participants the server did not list may take to come back. */
export const RECONCILE_MS = 10_000;

/**
 * The participant `peer` was before (same `key`, another id), now under its new id, with its
 * connection moved along (the transport adopts it); undefined when nobody had that key.
 */
export function adopt(
  remote: Map<string, Participant>,
  transport: Pick<RoomTransport, 'adopt'> | null,
  peer: PeerInfo,
): Participant | undefined {
  const key = peer.state?.[KEY];
  if (typeof key !== 'string') return undefined;
  const known = [...remote.values()].find((p) => p.state[KEY] === key);
  if (!known || remote.has(peer.id)) return undefined;
  remote.delete(known.id);
  transport?.adopt(known.id, peer.id);
  updateParticipant(known, { id: peer.id });
  remote.set(peer.id, known);
  return known;
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
