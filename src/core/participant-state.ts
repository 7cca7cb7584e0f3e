/**
 * Participant state on the client side (protocol 1.1): checking a name and state before they are
 * sent, and keeping the latest of them so that the server always ends up with it, whatever
 * happens to the socket.
 */
import { RtcError } from './errors.js';
import {
  MAX_STATE_BYTES,
  checkState,
  isValidName,
  type ParticipantState,
  type UpdateData,
  type WelcomeData,
} from './protocol.js';

/** Throws `invalid-name` unless `name` is absent or valid display text. */
export function assertName(name: unknown): void {
  if (name !== undefined && !isValidName(name)) {
    throw new RtcError('invalid-name', 'Name must be at most 64 characters of display text');
  }
}

/** Throws `invalid-state` unless `state` is absent or a JSON object of at most 1 KiB serialized. */
export function assertState(state: unknown): void {
  if (state === undefined) return;
  const check = checkState(state);
  if (check === 'ok') return;
  const why =
    check === 'too-large'
      ? `is over ${MAX_STATE_BYTES} bytes serialized`
      : check === 'not-object'
        ? 'is not a plain object'
        : 'holds something that is not JSON';
  throw new RtcError('invalid-state', `The participant state ${why}`);
}

/** A copy of a valid state: what the caller changes in its object later is not what it sent. */
export function copyState(state: ParticipantState): ParticipantState {
  return JSON.parse(JSON.stringify(state)) as ParticipantState;
}

/** A state from the server: a plain object, else `{}` (a version 1 server sends none). */
export function stateOf(state: unknown): ParticipantState {
  return typeof state === 'object' && state !== null && !Array.isArray(state) ? (state as ParticipantState) : {};
}

/** `welcome` with a `state` on every peer. */
export function withPeerStates(welcome: WelcomeData): WelcomeData {
  if (typeof welcome !== 'object' || welcome === null) return welcome;
  const peers = Array.isArray(welcome.peers) ? welcome.peers : [];
  return { ...welcome, peers: peers.map((peer) => ({ ...peer, state: stateOf(peer.state) })) };
}

/**
 * Our own name and state: the latest given to `join` or `update` (what a fresh join carries),
 * and what the server may not have yet. Only the latest is kept, never a backlog of updates.
 */
export class OwnState {
  name: string | undefined;
  state: ParticipantState | undefined;
  /** Which of the two `update` has changed since `join`. */
  #changed = { name: false, state: false };
  /** Counts updates; `#joinedAt` is the count when the last `join` frame left. */
  #count = 0;
  #joinedAt = 0;

  constructor(name: string | undefined, state: ParticipantState | undefined) {
    this.name = name;
    this.state = state === undefined ? undefined : copyState(state);
  }

  /** Records a checked update; returns the `update` data to send, or null when it changes nothing. */
  record(change: UpdateData): UpdateData | null {
    if (change.name === undefined && change.state === undefined) return null;
    const data: UpdateData = {};
    if (change.name !== undefined) {
      this.name = data.name = change.name;
      this.#changed.name = true;
    }
    if (change.state !== undefined) {
      this.state = data.state = copyState(change.state);
      this.#changed.state = true;
    }
    this.#count += 1;
    return data;
  }

  /** A `join` frame leaves now, carrying the current name and state. */
  joinSent(): void {
    this.#joinedAt = this.#count;
  }

  /**
   * What to send after a welcome. After a resume, the fields `update` changed (the server kept
   * the session as it was, and an update written into the dying socket may be lost); after a
   * fresh join, the same only if `update` was called after the join frame left.
   */
  afterWelcome(resumed: boolean): UpdateData | null {
    return resumed || this.#count > this.#joinedAt ? this.latest() : null;
  }

  /** The latest of the fields `update` changed, or null when it changed none. */
  latest(): UpdateData | null {
    const data: UpdateData = {};
    if (this.#changed.name && this.name !== undefined) data.name = this.name;
    if (this.#changed.state && this.state !== undefined) data.state = this.state;
    return data.name === undefined && data.state === undefined ? null : data;
  }
}
