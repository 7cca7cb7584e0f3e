/**
 * The signaling protocol, version 1: the one module that both the browser core and the
 * signaling server (`dev-server/`) import. The contract is `docs/protocol.md`.
 *
 * Every message is one JSON object per WebSocket text frame, with a string `type`.
 * `from` is set by the server only; `to` is set by a client that addresses one peer.
 */

/** The protocol version this module describes. */
export const PROTOCOL_VERSION = 1;

/** Default WebSocket path of the signaling endpoint. */
export const DEFAULT_SIGNAL_PATH = '/signal';

/** A room name: 1 to 64 characters of `A-Z a-z 0-9 . _ -`. */
export const ROOM_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** The longest display name, in characters (code points). */
export const MAX_NAME_LENGTH = 64;

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

/** Every error code a server may send in an `error` message. */
export const ERROR_CODES = [
  'bad-json',
  'bad-message',
  'unknown-type',
  'not-joined',
  'already-joined',
  'unknown-peer',
  'room-full',
  'unauthorized',
  'rate-limited',
  'too-large',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** WebSocket close codes the server uses. */
export const CLOSE_CODES = {
  /** Normal closure (server shutdown after telling the peers, or a clean client close). */
  normal: 1000,
  /** The server is going away (graceful shutdown). */
  goingAway: 1001,
  /** Sustained abuse: many refused messages in a short time, or a slow reader. */
  policyViolation: 1008,
  /** A frame over the size limit. */
  tooLarge: 1009,
  /**
   * The cluster removed this peer while its process stalled or was cut off from Redis (it was
   * presumed dead): the old id is gone; reconnect and join again (a resume gets a new id).
   */
  serviceRestart: 1012,
  /** Server at its connection limit. */
  tryAgainLater: 1013,
  /** Failed authentication. */
  unauthorized: 4401,
  /** The session was resumed on another connection: this socket no longer holds it (do not resume). */
  replaced: 4409,
} as const;

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
  state?: Record<string, unknown>;
}

// ---- Client to server ----------------------------------------------------------------------

export interface JoinData {
  room: string;
  name?: string;
  /** An HS256 JWT, when the server requires auth. */
  token?: string;
  /** The opaque resume token from an earlier `welcome`, to keep the same id after a drop. */
  resume?: string;
}

export interface JoinMessage {
  type: 'join';
  data: JoinData;
}

export interface LeaveMessage {
  type: 'leave';
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

/** The messages relayed between peers, and their payloads. */
export interface RelayPayloads {
  offer: SessionDescription;
  answer: SessionDescription;
  'ice-candidate': IceCandidate | null;
}
export type RelayType = keyof RelayPayloads;
export const RELAY_TYPES: readonly RelayType[] = ['offer', 'answer', 'ice-candidate'];

export function isRelayType(type: unknown): type is RelayType {
  return type === 'offer' || type === 'answer' || type === 'ice-candidate';
}

/** A relayed message as a client sends it. */
export type RelayRequest = {
  [T in RelayType]: { type: T; to: string; data: RelayPayloads[T] };
}[RelayType];

export type ClientMessage = JoinMessage | LeaveMessage | RelayRequest;
export type ClientMessageType = ClientMessage['type'];
export const CLIENT_MESSAGE_TYPES: readonly ClientMessageType[] = ['join', 'leave', ...RELAY_TYPES];

// ---- Server to client ----------------------------------------------------------------------

export interface WelcomeData {
  /** This connection's peer id (unguessable, at least 96 random bits). */
  id: string;
  room: string;
  /** The peers already in the room. */
  peers: PeerInfo[];
  /** STUN/TURN servers to use (may be empty); TURN credentials are ephemeral. */
  iceServers: IceServer[];
  /** Opaque token to `join` with after a dropped socket, within the grace period. */
  resume: string;
}

export interface WelcomeMessage {
  type: 'welcome';
  data: WelcomeData;
}

export interface PeerJoinedMessage {
  type: 'peer-joined';
  from: string;
  data: { name: string };
}

export interface PeerLeftMessage {
  type: 'peer-left';
  from: string;
}

/** A relayed message as a client receives it. */
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

export type ServerMessage = WelcomeMessage | PeerJoinedMessage | PeerLeftMessage | RelayedMessage | ErrorMessage;
export type ServerMessageType = ServerMessage['type'];
