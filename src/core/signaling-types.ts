/** The public types of {@link SignalingClient}: its options, `join` and `update` parameters, and events. */
import type { RtcError } from './errors.js';
import type { ParticipantState, PeerInfo, RelayedMessage, UpdateData, WelcomeData } from './protocol.js';
import type { SignalingClient } from './signaling-client.js';

/** Where a {@link SignalingClient} stands. */
export type SignalingState = 'idle' | 'connecting' | 'joined' | 'reconnecting' | 'closed';

export interface SignalingClientOptions {
  /**
   * How long to keep trying to resume after the socket drops, in ms. Default 15000, the
   * server's default grace period: after it the server has told the room we left.
   */
  reconnectWindowMs?: number;
  /** How long to wait for the socket to open and `welcome` to arrive, in ms. Default 10000. */
  joinTimeoutMs?: number;
  /** Most relayed messages held while reconnecting; older ones beyond it are dropped. Default 512. */
  maxQueuedMessages?: number;
  /** A `WebSocket` constructor, for runtimes without a global one (e.g. `ws` in Node 20). */
  WebSocket?: typeof WebSocket;
}

export type JoinParams = {
  room: string;
  name?: string;
  token?: string;
  /** The initial participant state: a JSON object of at most 1 KiB serialized. */
  state?: ParticipantState;
};

/** What {@link SignalingClient.update} changes: the display name, the state (replaced whole), or both. */
export type UpdateParams = UpdateData;

export interface SignalingClientEventMap {
  /**
   * Joined, or re-joined after a drop; `resumed` is true when the server kept our id. Every peer
   * in `welcome.peers` has a `state` (`{}` when it set none, or from a version 1 server).
   */
  welcome: CustomEvent<{ welcome: WelcomeData; resumed: boolean }>;
  'peer-joined': CustomEvent<PeerInfo>;
  /** A peer changed its name or state; both are given as they are now (the state whole). */
  'peer-updated': CustomEvent<PeerInfo>;
  'peer-left': CustomEvent<{ id: string }>;
  /** An `offer`, `answer` or `ice-candidate` relayed from another peer. */
  signal: CustomEvent<RelayedMessage>;
  /** The server refused a message (an `error` reply), or sent something that is not protocol v1.x. */
  'server-error': CustomEvent<{ error: RtcError; ref?: string }>;
  state: CustomEvent<{ state: SignalingState }>;
  /** The client is closed for good; `error` says why when it was not our own `close()`. */
  closed: CustomEvent<{ error?: RtcError }>;
}
