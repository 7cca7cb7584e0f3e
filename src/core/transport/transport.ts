/**
 * The seam between a room and what carries its media: a `Room` keeps who is in the room and what
 * they share (the roster, local media, state, reconcile, events); a {@link RoomTransport} owns the
 * connections that move media and messages, and everything that is only true of them. The room
 * tells it who is there and who left, which local tracks to send, which messages to deliver, and
 * hands it the signals relayed to it; it reports each remote participant's media and connection.
 * The default (`autoTransport`) is the mesh (`transport/mesh/`), moving to an SFU when the
 * server routes the room's media there; `RoomOptions.transport` chooses another.
 */
import type { RtcError } from '../errors.js';
import type { LocalTracks, TrackRole } from '../local-tracks.js';
import type { Participant, ParticipantTransport } from '../participant.js';
import type { MediaRoute, RelayPayloads, RelayType, WelcomeData } from '../protocol.js';
import type { RoomOptions } from '../room-types.js';
import type { TypedEventTarget } from '../typed-event-target.js';

/**
 * One connection of a transport, as it is when `connections()` is called: which way media goes on
 * it, whose media it carries, its state and statistics. A participant's own `transport` (the
 * state and error its tile shows) is the read side of the connection that carries them.
 */
export interface TransportConnection extends ParticipantTransport {
  /** Unique among the transport's connections (the mesh: the participant's id). */
  readonly id: string;
  /**
   * `both`: it sends our media and receives theirs (a mesh link); `send`: it only sends ours (an
   * SFU's one sending connection, for everyone); `receive`: it only brings in others' media.
   */
  readonly direction: 'send' | 'receive' | 'both';
  /**
   * The ids of the remote participants it carries: whose media it brings in, or for a `send`
   * connection who gets ours through it (as far as the transport knows; it may be empty).
   */
  readonly participants: readonly string[];
}

/** What a room gives the transport it makes (see {@link TransportFactory}). */
export interface TransportContext {
  /** The room's options as given (`rtcConfiguration`, `codecs`, `degradationPreference`, …). */
  readonly options: Readonly<RoomOptions>;
  /**
   * This page's media, read only: `stream` (microphone and camera), `screen`, what to send per
   * role now (`sending`: null while muted or off) and what is still starting (`starting`: a camera
   * behind its permission prompt). Changes come as `setTrack` calls.
   */
  readonly media: Pick<LocalTracks, 'stream' | 'screen' | 'sending' | 'starting'>;
  /** Relays a signal to one participant through the signaling server (a type of {@link RoomTransport.relays}). */
  relay<T extends RelayType>(type: T, to: string, data: RelayPayloads[T]): void;
  /** How many people the room holds, us included (the roster: it may be ahead of the connections). */
  roomSize(): number;
  /**
   * Protocol 1.2: delivers `text` (a message's JSON, checked by the room) through the signaling
   * server to participant `to`, or to every participant that follows media routes; the room turns
   * what arrives that way into `message` events itself.
   */
  post(text: string, to?: string): void;
  /** Protocol 1.2: whether participant `id` takes part in the SFU when the room is on one (`PeerInfo.sfu`). */
  onSfu(id: string): boolean;
}

/** What a transport reports; the room turns each into its own events. */
export interface RoomTransportEventMap {
  /**
   * A remote participant's media changed: its streams or their tracks, or its connection's state
   * (the transport wrote them on the participant). The room fires `participant-updated`.
   */
  update: CustomEvent<{ participant: Participant }>;
  /** A message from `from` arrived (parsed JSON). The room fires `message`. */
  message: CustomEvent<{ from: Participant; data: unknown }>;
  /** A connection failed in a way it does not recover from by itself; the room goes on (a non-fatal `error`). */
  error: CustomEvent<{ error: RtcError }>;
  /**
   * How this page's media travels now, for a transport that moves between a mesh and an SFU
   * (`autoTransport`): the room's `media` follows it, and the room fires `media`.
   */
  media: CustomEvent<{ media: 'mesh' | 'sfu' }>;
}

/**
 * The one interface through which a `Room` moves media and messages. One per join: the room makes
 * it as the join starts (with the {@link TransportFactory} of `RoomOptions.transport`), and closes
 * it when it leaves or fails. A transport writes each remote participant's `stream`,
 * `screenStream` and `transport` (the connection's read side: state, stats, error) on the
 * participant, and fires `update` when they change.
 */
export interface RoomTransport
  extends Pick<TypedEventTarget<RoomTransportEventMap>, 'addEventListener' | 'removeEventListener'> {
  /**
   * The relayed signal types it uses (the mesh: `offer`, `answer`, `ice-candidate`; a transport
   * with its own channel: none). The room hands it those (`signal`) and drops the others.
   */
  readonly relays: readonly RelayType[];
  /**
   * Resolves once it can open connections (the mesh: once its DTLS certificate is made). The room
   * awaits it with the server's first `welcome`, so connections open as soon as that comes. Never rejects.
   */
  ready(): Promise<void>;
  /**
   * The server welcomed us: the first join, a resume (`resumed`: the same id, the others saw
   * nothing), or a fresh join after it forgot us. What it says holds from now (our id, its ICE
   * servers; an SFU's coordinates). `peers` are the participants it listed, already in the
   * roster. After a first or fresh join, connect to those without a connection (we are the
   * newcomer: the mesh offers to each); after a resume, those that came in the gap connect to us
   * (their offers were queued for us), and connections stalled meanwhile start again.
   */
  welcome(welcome: WelcomeData, peers: readonly Participant[], resumed: boolean): void;
  /** `participant` joined after us: open what it needs (the mesh opens nothing: the newcomer offers). */
  join(participant: Participant): void;
  /**
   * Closes what carries participant `id`'s media: they left, or (after a fresh join) their
   * connection must start over, which the next `welcome` opens anew.
   */
  drop(id: string): void;
  /** The participant known as `from` is now `to` (the same person after a fresh join): its connection follows. */
  adopt(from: string, to: string): void;
  /** A signal of one of its {@link relays} types that `from` relayed to us (applied in the order given). */
  signal<T extends RelayType>(from: Participant, type: T, data: RelayPayloads[T]): void;
  /**
   * Sends `track` as `role` to everyone from now on (null: send nothing, a muted microphone or a
   * camera that is off; a new device replaces the old). Resolves once every connection sends it.
   */
  setTrack(role: TrackRole, track: MediaStreamTrack | null): Promise<void>;
  /**
   * Delivers `text` (JSON, checked by the room) to participant `to`, or to everyone; the others get
   * a `message` event. Throws `unknown-peer` when it has no connection to `to`.
   */
  send(text: string, to?: string): void;
  /** The receiver of participant `id`'s microphone (for levels), or null when there is none yet. */
  audioReceiver(id: string): RTCRtpReceiver | null;
  /**
   * Its connections as they are now, new objects and arrays at each call, which it does not change
   * afterwards (the stats keep `participants` in their history; call again for later): the mesh
   * has one `both` connection per participant; an SFU one `send` connection for everyone and
   * `receive` ones carrying several participants each. The stats read them (`StatsSampler`).
   */
  connections(): readonly TransportConnection[];
  /**
   * Protocol 1.2: the room's media route changed (the server's `media` message; the first route
   * comes in `welcome.media`). A transport that only meshes ignores it.
   */
  route?(route: MediaRoute): void;
  /**
   * How large participant `id`'s camera is shown here now, in CSS pixels, the largest of its views
   * (null: no view shows it, or none is visible): an SFU picks the layer that fills it, and pauses
   * what nobody sees. Until the first call for anyone, everything is received.
   */
  view?(id: string, size: { width: number; height: number } | null): void;
  /** Closes every connection (remote tracks end) and forgets what it kept. */
  close(): void;
}

/**
 * Makes a room's transport at each join: `RoomOptions.transport` (and `<rtc-room>`'s
 * `transport` property). The default is `autoTransport()`: the mesh, moving to the SFU as routes say.
 */
export type TransportFactory = (context: TransportContext) => RoomTransport;
