/**
 * The signaling protocol, version 1.2: the one module that both the browser core and the
 * signaling server (`dev-server/`) import. The contract is `docs/protocol.md`.
 *
 * Every message is one JSON object per WebSocket text frame, with a string `type`.
 * `from` is set by the server only; `to` is set by a client that addresses one peer.
 * Version 1.1 adds participant state (`update`, `peer-updated`, `state` in `join`, `welcome` and
 * `peer-joined`) and relays any JSON value as `data`; a version 1 client works unchanged.
 * Version 1.2 adds media routes (`media` in `join` and `welcome`, the `media` message: a room's
 * media through an SFU) and `message` (application data through the server); a server sends them
 * only to a client that joined with `media`, so a 1.1 client sees 1.1 and calls in a mesh.
 */

import type { ErrorCode } from './protocol-codes.js';
import type { DataMessage, MediaMessage, MediaMode, MediaRoute, ReceivedDataMessage } from './protocol-media.js';
import type { MeetingClientMessage, MeetingServerMessage } from './protocol-meeting.js';

export * from './protocol-codes.js';
export * from './protocol-media.js';
// Types only: the values (the reaction set, the host actions) stay out of the core's bundle;
// import them from protocol-meeting.js.
export type * from './protocol-meeting.js';

/** The protocol's major version: what a version 1 client understands (`/healthz` `protocol`). */
export const PROTOCOL_VERSION = 1;

/** The full protocol version this module describes (`/healthz` `protocolVersion`). */
export const PROTOCOL_REVISION = '1.2';

/** Default WebSocket path of the signaling endpoint. */
export const DEFAULT_SIGNAL_PATH = '/signal';

/** A room name: 1 to 64 characters of `A-Z a-z 0-9 . _ -`. */
export const ROOM_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** The longest display name, in characters (code points). */
export const MAX_NAME_LENGTH = 64;

/**
 * The most a message given to `Room.send()` may take, as JSON (UTF-8 bytes), whatever carries it:
 * a mesh's data channel or the server's relay.
 */
export const MAX_MESSAGE_BYTES = 16 * 1024;

/** True when `room` is a valid room name. */
export function isValidRoom(room: unknown): room is string {
  return typeof room === 'string' && ROOM_PATTERN.test(room);
}

/** Control characters are not display text. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/** True when `name` is valid display text: a string of at most 64 characters, no control characters. */
export function isValidName(name: unknown): name is string {
  return typeof name === 'string' && [...name].length <= MAX_NAME_LENGTH && !CONTROL_CHARACTERS.test(name);
}

/** Any JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * A participant's state: a JSON object of at most {@link MAX_STATE_BYTES} bytes serialized,
 * opaque to the server and replaced whole by each `update`. The keys the kit's own clients use
 * are in {@link KitState}; clients ignore keys they do not know.
 */
export type ParticipantState = { [key: string]: JsonValue };

/** The state keys the kit's own clients use (each optional; absent means "not said"). */
export interface KitState {
  /** The microphone is on (sending audio). */
  audio?: boolean;
  /** The camera is on (sending video). */
  video?: boolean;
  /** A screen is being shared. */
  screen?: boolean;
  /** The hand is raised. */
  hand?: boolean;
  /**
   * A random string the room chose for itself, the same for its whole session: after a fresh join
   * (the server forgot everyone) the others recognise the person under their new id by it.
   */
  key?: string;
}

/**
 * The largest participant state: 1 KiB, that is 1024 bytes of UTF-8 of its compact JSON text
 * (`JSON.stringify(state)`, no whitespace), however the client spaced the text it sent.
 */
export const MAX_STATE_BYTES = 1024;

/** Why a value is not a valid participant state, or `ok`. */
export type StateCheck = 'ok' | 'not-object' | 'not-json' | 'too-large';

/**
 * Checks a participant state: `not-object` unless it is a plain object (not an array, not null),
 * `not-json` when something inside is not JSON (undefined, a function, a non-finite number, a
 * class instance such as a `Date`), `too-large` past {@link MAX_STATE_BYTES} (a cyclic object
 * is too large). Never throws; the walk stops as soon as the state is known to be too large, so
 * its depth stays bounded whatever it is given.
 */
export function checkState(value: unknown): StateCheck {
  try {
    if (!isPlainObject(value)) return 'not-object';
    // A lower bound of the serialized size while walking, then the exact size of the text.
    const budget = { bytes: 0 };
    const walked = walkJson(value, budget);
    if (walked !== 'ok') return walked;
    return utf8Length(JSON.stringify(value)) > MAX_STATE_BYTES ? 'too-large' : 'ok';
  } catch {
    // A getter or a proxy that throws: not plain data.
    return 'not-json';
  }
}

/** True when `value` is a valid participant state (see {@link checkState}). */
export function isValidState(value: unknown): value is ParticipantState {
  return checkState(value) === 'ok';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Checks that `value` is JSON, adding at least its serialized size to `budget.bytes`;
 * `too-large` as soon as the count passes the limit (each level adds bytes, so a deep or cyclic
 * value stops early).
 */
function walkJson(value: unknown, budget: { bytes: number }): Exclude<StateCheck, 'not-object'> {
  switch (typeof value) {
    case 'string':
      // Quotes, and at least one byte per UTF-16 unit.
      budget.bytes += value.length + 2;
      break;
    case 'number':
      if (!Number.isFinite(value)) return 'not-json';
      budget.bytes += 1;
      break;
    case 'boolean':
      budget.bytes += 4;
      break;
    case 'object': {
      budget.bytes += 2;
      if (value === null) {
        budget.bytes += 2;
        break;
      }
      if (budget.bytes > MAX_STATE_BYTES) return 'too-large';
      if (Array.isArray(value)) {
        for (const item of value) {
          const result = walkJson(item, budget);
          if (result !== 'ok') return result;
        }
      } else if (isPlainObject(value)) {
        for (const key of Object.keys(value)) {
          // Quotes and colon; commas are not counted (a lower bound).
          budget.bytes += key.length + 3;
          const result = walkJson(value[key], budget);
          if (result !== 'ok') return result;
        }
      } else {
        return 'not-json';
      }
      break;
    }
    default:
      return 'not-json';
  }
  return budget.bytes > MAX_STATE_BYTES ? 'too-large' : 'ok';
}

const encoder = new TextEncoder();

/** UTF-8 length of `text` (lone surrogates count as U+FFFD; JSON text has none). */
function utf8Length(text: string): number {
  // Mostly ASCII: count without encoding when every unit is one byte.
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) {
      ascii = false;
      break;
    }
  }
  return ascii ? text.length : encoder.encode(text).length;
}

/** An ICE server as `RTCIceServer` describes it (kept structural so Node can use it too). */
export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/** A participant as the server describes it. */
export interface PeerInfo {
  id: string;
  name: string;
  /** Its current state (`{}` when it never set one). */
  state: ParticipantState;
  /**
   * 1.2, to a client that joined with `media`: true when this peer's media goes through the SFU
   * whenever the room is on one (it joined with `media` `auto` or `sfu`); absent: it meshes only.
   */
  sfu?: true;
}

// ---- Client to server ----------------------------------------------------------------------

export interface JoinData {
  room: string;
  name?: string;
  /** An HS256 JWT, when the server requires auth. */
  token?: string;
  /** The opaque resume token from an earlier `welcome`, to keep the same id after a drop. */
  resume?: string;
  /** The initial participant state (as in `update`); ignored when the join resumes a session. */
  state?: ParticipantState;
  /**
   * 1.2: the client follows media routes, and how it would like its media carried. Absent: a 1.1
   * client (a mesh only). `auto`: the server decides (an SFU once the room grows past its
   * threshold); `sfu`: through the SFU at once, when the server has one; `mesh`: never through it.
   */
  media?: MediaMode;
}

export interface JoinMessage {
  type: 'join';
  data: JoinData;
}

export interface LeaveMessage {
  type: 'leave';
}

/** A change of display name and/or a new participant state (replaced whole); at least one is usual. */
export interface UpdateData {
  name?: string;
  state?: ParticipantState;
}

export interface UpdateMessage {
  type: 'update';
  data: UpdateData;
}

/** Session description, as `RTCSessionDescriptionInit` (opaque to the server). */
export interface SessionDescription {
  type: 'offer' | 'answer' | 'pranswer' | 'rollback';
  sdp?: string;
}

/** ICE candidate, as `RTCIceCandidateInit`; `null` means end-of-candidates. */
export interface IceCandidate {
  candidate?: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
  usernameFragment?: string | null;
}

/**
 * The messages relayed between peers, and the payloads the kit's own clients put in them. The
 * server relays any JSON value as `data` (`null` included) as it is: a receiver must check what
 * it gets (the kit's `PeerLink` does).
 */
export interface RelayPayloads {
  offer: SessionDescription;
  answer: SessionDescription;
  'ice-candidate': IceCandidate | null;
}
export type RelayType = keyof RelayPayloads;
export const RELAY_TYPES: readonly RelayType[] = ['offer', 'answer', 'ice-candidate'];

export function isRelayType(type: unknown): type is RelayType {
  return RELAY_TYPES.includes(type as RelayType);
}

/** A relayed message as a client sends it: `data` is any JSON value. */
export interface RelayRequest {
  type: RelayType;
  to: string;
  data: JsonValue | RelayPayloads[RelayType];
}

export type ClientMessage =
  | JoinMessage
  | LeaveMessage
  | UpdateMessage
  | RelayRequest
  | DataMessage
  | MeetingClientMessage;
export type ClientMessageType = ClientMessage['type'];
export const CLIENT_MESSAGE_TYPES: readonly ClientMessageType[] = [
  'join',
  'leave',
  'update',
  ...RELAY_TYPES,
  'message',
  'host',
  'reaction',
];

// ---- Server to client ----------------------------------------------------------------------

export interface WelcomeData {
  /** This connection's peer id (unguessable, at least 96 random bits). */
  id: string;
  room: string;
  /** The peers already in the room, each with its current state. */
  peers: PeerInfo[];
  /** STUN/TURN servers to use (may be empty); TURN credentials are ephemeral. */
  iceServers: IceServer[];
  /** Opaque token to `join` with after a dropped socket, within the grace period. */
  resume: string;
  /** 1.2, to a client that joined with `media`: how the room's media travels now. */
  media?: MediaRoute;
}

export interface WelcomeMessage {
  type: 'welcome';
  data: WelcomeData;
}

/** A peer's name and state, as `peer-joined` and `peer-updated` carry them. */
export interface PeerData {
  name: string;
  state: ParticipantState;
  /** 1.2, as in {@link PeerInfo}: sent with `peer-joined` to clients that joined with `media`. */
  sfu?: true;
}

export interface PeerJoinedMessage {
  type: 'peer-joined';
  from: string;
  data: PeerData;
}

/** A peer changed its name or state (sent to the others, never echoed to the sender). */
export interface PeerUpdatedMessage {
  type: 'peer-updated';
  from: string;
  data: PeerData;
}

export interface PeerLeftMessage {
  type: 'peer-left';
  from: string;
}

/**
 * A relayed message as a client receives it, typed with the kit's payloads; a peer that is not the
 * kit may have sent any JSON value, so check `data` before use.
 */
export type RelayedMessage = {
  [T in RelayType]: { type: T; from: string; data: RelayPayloads[T] };
}[RelayType];

export interface ErrorData {
  code: ErrorCode;
  message: string;
  /** The `type` of the refused message, when it had one. */
  ref?: string;
}

export interface ErrorMessage {
  type: 'error';
  data: ErrorData;
}

export type ServerMessage =
  | WelcomeMessage
  | PeerJoinedMessage
  | PeerUpdatedMessage
  | PeerLeftMessage
  | RelayedMessage
  | ReceivedDataMessage
  | MediaMessage
  | MeetingServerMessage
  | ErrorMessage;
export type ServerMessageType = ServerMessage['type'];
