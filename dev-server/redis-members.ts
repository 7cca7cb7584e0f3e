/** What `RedisRooms` keeps of a room's members, and the messages on its Redis channels. */
import type { MediaMode, ParticipantState } from '../src/core/protocol.js';
import { EMPTY_STATE, type RoomPeer } from './rooms.js';

export interface Member {
  name: string;
  node: string;
  state: ParticipantState;
  /** The state's JSON text, as Redis holds it. */
  stateText: string;
  /**
   * The number of the event (or of the snapshot) this entry is from: an older snapshot, read
   * while newer events arrived, does not overwrite it.
   */
  seq: number;
  /** The media mode it joined with (1.2), absent for a 1.1 client. */
  media?: MediaMode;
}

/** The peer `id` as the directory tells the server about it. */
export function peerOf(id: string, member: Member): RoomPeer {
  const peer: RoomPeer = { id, name: member.name, state: member.state };
  if (member.media !== undefined) peer.media = member.media;
  return peer;
}

/** A stored media mode (`m` of a record or an event), if it is one. */
export function mediaOf(value: unknown): MediaMode | undefined {
  return value === 'auto' || value === 'mesh' || value === 'sfu' ? value : undefined;
}

/** The state held as `text` (`{}` when absent or unreadable: the store is trusted, not crashed on). */
export function parseState(text: unknown): ParticipantState {
  if (typeof text !== 'string' || text === '{}') return EMPTY_STATE;
  try {
    const state: unknown = JSON.parse(text);
    if (typeof state === 'object' && state !== null && !Array.isArray(state)) return state as ParticipantState;
  } catch {
    // Not JSON: no state.
  }
  return EMPTY_STATE;
}

export function memberOf(
  name: string,
  node: string,
  stateText: string | undefined,
  seq: number,
  media?: unknown,
): Member {
  const text = typeof stateText === 'string' ? stateText : '{}';
  const member: Member = { name, node, state: parseState(text), stateText: text, seq };
  const mode = mediaOf(media);
  if (mode !== undefined) member.media = mode;
  return member;
}

export interface CachedRoom {
  members: Map<string, Member>;
  /** The highest membership event number seen for this room. */
  seq: number;
  /** Local members, and joins and claims in flight: the cache is kept while this is positive. */
  refs: number;
}

/**
 * A membership event of room `r`, on the channel of each process with members there; `state` is
 * the state's JSON text.
 */
export type RoomEvent = { r: string } & (
  | { t: 'j'; id: string; name: string; state?: string; node: string; seq: number; m?: string }
  | { t: 'l'; id: string; seq: number }
  /** A peer registered again after Redis lost its data: news only to a process that lost it. */
  | { t: 'r'; id: string; name: string; state?: string; node: string; seq: number; m?: string }
  /** A peer changed its name or state (`update`): both as they are now. */
  | { t: 'u'; id: string; name: string; state: string; node: string; seq: number; m?: string }
  | { t: 'm'; id: string; node: string; from: string }
);

/**
 * Relayed frames for one process, as one message on its channel: `to NUL frame NUL to NUL frame
 * ...`. NUL cannot occur in either: ids are the server's (base64url), and a frame is JSON text the
 * server parsed (JSON allows no raw control character, in strings or between tokens). Neither is
 * escaped or parsed again on the way, unlike a JSON envelope around a 4 KB SDP.
 */
export function packFrames(parts: ReadonlyArray<string | Buffer>): string {
  return parts.join('\0');
}

/** Each `to` and frame of a {@link packFrames} message, the frame as its bytes (no copy). */
export function unpackFrames(message: Buffer, each: (to: string, frame: Buffer) => void): void {
  let start = 0;
  while (start < message.length) {
    const toEnd = message.indexOf(0, start);
    if (toEnd === -1) return;
    const frameEnd = message.indexOf(0, toEnd + 1);
    const end = frameEnd === -1 ? message.length : frameEnd;
    each(message.toString('latin1', start, toEnd), message.subarray(toEnd + 1, end));
    start = end + 1;
  }
}

/** The members of a room hash (`HGETALL` as a flat list), as of event number `seq`. */
export function parseMembers(flat: unknown, seq: number): Map<string, Member> {
  const members = new Map<string, Member>();
  if (!Array.isArray(flat)) return members;
  for (let i = 0; i + 1 < flat.length; i += 2) {
    try {
      const record = JSON.parse(String(flat[i + 1])) as { n?: unknown; node?: unknown; s?: unknown; m?: unknown };
      members.set(
        String(flat[i]),
        memberOf(
          typeof record.n === 'string' ? record.n : '',
          typeof record.node === 'string' ? record.node : '',
          typeof record.s === 'string' ? record.s : undefined,
          seq,
          record.m,
        ),
      );
    } catch {
      // A record this version cannot read: skip it.
    }
  }
  return members;
}
