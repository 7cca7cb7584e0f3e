/**
 * Participant state (protocol 1.1): checking the `state` of a `join` and the `data` of an
 * `update`, and the frames that tell a room about a peer (`peer-joined`, `peer-updated`).
 * The state is opaque to the server: it checks only that it is a JSON object of at most
 * `MAX_STATE_BYTES` serialized, and keeps it whole.
 */
import {
  MAX_STATE_BYTES,
  checkState,
  isValidName,
  type ParticipantState,
  type PeerInfo,
} from '../src/core/protocol.js';
import type { PeerChange, RoomPeer } from './rooms.js';

/** A field that was refused: the error code and message of the reply. */
export interface FieldRefusal {
  ok: false;
  code: 'bad-message' | 'too-large';
  message: string;
}

/**
 * Checks a `state` field (of a `join` or an `update`): not an object is `bad-message`, over
 * 1 KiB serialized is `too-large`.
 */
export function checkStateField(state: unknown): { ok: true; state: ParticipantState } | FieldRefusal {
  const check = checkState(state);
  if (check === 'ok') return { ok: true, state: state as ParticipantState };
  if (check === 'too-large') {
    return { ok: false, code: 'too-large', message: `\`state\` is limited to ${MAX_STATE_BYTES} bytes serialized` };
  }
  return { ok: false, code: 'bad-message', message: '`state` must be a JSON object' };
}

/**
 * Checks the `data` of an `update`: an object whose `name` (optional) is valid display text and
 * whose `state` (optional) passes {@link checkStateField}. Other fields are ignored.
 */
export function checkUpdate(data: unknown): { ok: true; change: PeerChange } | FieldRefusal {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, code: 'bad-message', message: '`data` must be an object' };
  }
  const { name, state } = data as { name?: unknown; state?: unknown };
  if (name !== undefined && !isValidName(name)) {
    return { ok: false, code: 'bad-message', message: '`name` must be text of at most 64 characters' };
  }
  const change: PeerChange = {};
  if (name !== undefined) change.name = name;
  if (state !== undefined) {
    const checked = checkStateField(state);
    if (!checked.ok) return checked;
    change.state = checked.state;
  }
  return { ok: true, change };
}

/** The frame that tells a room that `peer` joined, or changed its name or state. */
export function peerFrame(type: 'peer-joined' | 'peer-updated', peer: PeerInfo, sfu = false): string {
  const data = sfu ? { name: peer.name, state: peer.state, sfu } : { name: peer.name, state: peer.state };
  return JSON.stringify({ type, from: peer.id, data });
}

/**
 * The `peers` of a welcome for peer `self`: each member but itself, as the protocol describes it;
 * with `onSfu` (a 1.2 client), `sfu: true` on those it says are on the SFU.
 */
export function peersFor(members: readonly RoomPeer[], self: string, onSfu?: (peer: RoomPeer) => boolean): PeerInfo[] {
  const peers: PeerInfo[] = [];
  for (const member of members) {
    if (member.id === self) continue;
    const peer: PeerInfo = { id: member.id, name: member.name, state: member.state };
    if (onSfu?.(member)) peer.sfu = true;
    peers.push(peer);
  }
  return peers;
}
