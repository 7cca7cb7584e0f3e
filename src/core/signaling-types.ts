/** The public types of {@link SignalingClient}: its options, `join` and `update` parameters, and events. */
import type { RtcError } from './errors.js';
import type {
  MediaMode,
  MediaRoute,
  MeetingServerMessage,
  ParticipantState,
  PeerInfo,
  RelayedMessage,
  UpdateData,
  WelcomeData,
} from './protocol.js';
import type { SignalingClient } from './signaling-client.js';

/** Where a {@link SignalingClient} stands. */
export type SignalingState = 'idle' | 'connecting' | 'joined' | 'reconnecting' | 'closed';

export interface SignalingClientOptions {
  /**
   * How long to keep trying after the socket drops, in ms, before giving up with
   * `connection-lost`. Default: no limit (the client tries until it is back, or until `close()`).
   */
  reconnectWindowMs?: number;
  /**
   * The backoff after a drop: try `n` waits a random time between half and all of
   * `min(retryMaxMs, retryBaseMs × 2^n)`. Defaults 250 and 3000: 125–250 ms, 250–500 ms,
   * 0.5–1 s, 1–2 s, then 1.5–3 s. The `online` event, the page becoming visible and
   * `retryNow()` try at once.
   */
  retryBaseMs?: number;
  retryMaxMs?: number;
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
  /** 1.2: follow media routes, with this preference (see `JoinData.media`). */
  media?: MediaMode;
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
  /** 1.2: application data a peer sent through the server (`message`); `data` is any JSON value, unchecked. */
  data: CustomEvent<{ from: string; data: unknown }>;
  /** 1.2: a meeting message (host, waiting room, hands, reactions), or a type from a later version: unchecked. */
  meeting: CustomEvent<MeetingServerMessage>;
  /** 1.2: the room's media route changed (a `media` message). */
  media: CustomEvent<{ route: MediaRoute }>;
  /** The server refused a message (an `error` reply), or sent something that is not protocol v1.x. */
  'server-error': CustomEvent<{ error: RtcError; ref?: string }>;
  state: CustomEvent<{ state: SignalingState }>;
  /** While `reconnecting`: the next try starts at `at` (epoch ms); `attempt` counts from 0. */
  retry: CustomEvent<{ at: number; attempt: number }>;
  /** The client is closed for good; `error` says why when it was not our own `close()`. */
  closed: CustomEvent<{ error?: RtcError }>;
}
