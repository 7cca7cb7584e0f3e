/**
 * Protocol 1.2's meeting additions (`protocol.ts` re-exports them): hosts and their actions, the
 * waiting room, the order of raised hands, and reactions. A server sends these messages only to a
 * client that joined with `media`: a 1.1 client never gets one (it may still wait in a waiting
 * room: it just gets its `welcome` later).
 */

// ---- Codes ---------------------------------------------------------------------------------

/**
 * The meeting's error codes (`ErrorCode` includes them): a host action from a peer that is not a
 * host; a join to a locked room; a join with a token a host removed from the room a while ago.
 */
export const MEETING_ERROR_CODES = ['not-host', 'locked', 'banned'] as const;
export type MeetingErrorCode = (typeof MEETING_ERROR_CODES)[number];

/** The meeting's WebSocket close codes (final: a client does not reconnect after them). */
export const MEETING_CLOSE_CODES = {
  /** A host removed this participant (its token may not rejoin for a while). */
  removed: 4403,
  /** A host did not let this participant in from the waiting room. */
  denied: 4405,
  /** A host ended the call for everyone. */
  ended: 4410,
} as const;

// ---- Reactions -----------------------------------------------------------------------------

/** The reactions a client may send: a small fixed set (anything else is `bad-message`). */
export const REACTIONS = ['👍', '👏', '❤️', '😂', '😮', '🎉'] as const;
export type Reaction = (typeof REACTIONS)[number];

/** A reaction, sent to every other 1.2 peer of the room (rate-limited per participant). */
export interface ReactionRequest {
  type: 'reaction';
  data: { emoji: Reaction };
}

/** A reaction from peer `from`. */
export interface ReactionMessage {
  type: 'reaction';
  from: string;
  data: { emoji: Reaction };
}

// ---- Hosts ---------------------------------------------------------------------------------

/**
 * What a host may do. `mute`, `camera-off`, `lower-hand` and `remove` name a peer (`to`); `admit`
 * and `deny` name a knock (`to`, a {@link Knock}'s id); the others name nobody.
 */
export const HOST_ACTIONS = [
  'mute',
  'camera-off',
  'lower-hand',
  'lower-hands',
  'next-hand',
  'remove',
  'lock',
  'unlock',
  'end',
  'admit',
  'deny',
  'admit-all',
  'deny-all',
] as const;
export type HostAction = (typeof HOST_ACTIONS)[number];

/** A host action (from a peer that is not a host: `error` `not-host`). */
export interface HostRequest {
  type: 'host';
  data: { action: HostAction; to?: string };
}

/** What a host asks of one participant: its client does it (nobody is ever unmuted remotely). */
export type Ask = 'mute' | 'camera-off' | 'lower-hand';

/** Host `from` asks this participant to mute, turn its camera off, or lower its hand. */
export interface AskMessage {
  type: 'ask';
  from: string;
  data: { action: Ask };
}

// ---- The room's meeting state ---------------------------------------------------------------

/** Someone in the waiting room, as hosts see them. */
export interface Knock {
  /** The knock's own id (not a peer id: the person is not in the room yet). */
  id: string;
  name: string;
}

/** The room's meeting state, sent whole when it changes. */
export interface MeetingState {
  /** The peers that are hosts (this participant included, when it is one). */
  hosts: string[];
  /** True while the room takes no new joins. */
  locked: boolean;
  /** Raised hands, first raised first (from each peer's `state.hand`). */
  hands: string[];
  /** To hosts only: who waits to be let in, first come first. */
  knocks?: Knock[];
}

export interface MeetingMessage {
  type: 'meeting';
  data: MeetingState;
}

/**
 * Instead of `welcome`: this room requires admission and a host has to let this participant in.
 * Its `welcome` follows when a host admits it; a denied one is closed with `denied` (4405).
 */
export interface WaitingMessage {
  type: 'waiting';
  data: { room: string };
}

export type MeetingServerMessage = ReactionMessage | AskMessage | MeetingMessage | WaitingMessage;
export type MeetingClientMessage = ReactionRequest | HostRequest;
