/** The types of a room: its options, states, events, and the session interface the elements render from. */
import type { TrackProcessor } from './processor-types.js';
import type { RtcError } from './errors.js';
import type { JsonValue, MediaMode, MeetingClientMessage, MeetingServerMessage, MeetingState } from './protocol.js';
import type { DeviceKind } from './local-tracks.js';
import type { MediaRequest } from './media.js';
import type { Participant } from './participant.js';
import type { SignalingClientOptions } from './signaling-client.js';
import type { TransportConnection, TransportFactory } from './transport/transport.js';
import type { TypedEventTarget } from './typed-event-target.js';

export interface RoomOptions {
  /** Room name: 1 to 64 characters of `A-Z a-z 0-9 . _ -`. */
  room: string;
  /** Display name (plain text, at most 64 characters). */
  name?: string;
  /** Signaling server: `ws(s)://`, `http(s)://` or relative URL. Default: same-origin `/signal`. */
  server?: string;
  /** A JWT, when the server requires one. */
  token?: string;
  /**
   * Local media: what to ask `getUserMedia` for (default camera and microphone, falling back to
   * whatever is there), a `MediaStream` of your own (the room will not stop its tracks), or
   * `false` to only receive.
   */
  media?: MediaRequest | MediaStream | false;
  /** Devices to use from the start (e.g. the ones a picker remembered). */
  devices?: Partial<Record<DeviceKind, string>>;
  /** Merged with the server's `iceServers`; its other fields are used as they are. */
  rtcConfiguration?: RTCConfiguration;
  /** Passed to the {@link SignalingClient}. */
  signaling?: SignalingClientOptions;
  /** Preferred codecs, as MIME types, best first (`['video/VP9', 'video/VP8']`): `setCodecPreferences`. */
  codecs?: string[];
  /** What the camera gives up first when it must (`'maintain-framerate'`, `'maintain-resolution'`, `'balanced'`). */
  degradationPreference?: RTCDegradationPreference;
  /**
   * What carries the media and messages: called at each join for that join's transport (see
   * `RoomTransport`). Default `autoTransport()`: one peer connection to each participant (the
   * mesh), moving to the SFU when the server routes the room's media there (see `mode`).
   */
  transport?: TransportFactory;
  /**
   * Protocol 1.2: how this participant's media should travel, told to the server at each join
   * (`JoinData.media`): `auto` (the server moves the room to its SFU as it grows), `sfu` (through
   * the SFU at once), `mesh` (never through it). Default `auto`; a server without an SFU (or a
   * 1.1 one) keeps every room a mesh.
   */
  mode?: MediaMode;
}

/** Keys to change in the shared state; `undefined` removes a key. */
export type StatePatch = { [key: string]: JsonValue | undefined };

/** Where a {@link Room} stands. `error` is final until `join()` is called again. */
export type RoomState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed' | 'error';

type ParticipantEvent = CustomEvent<{ participant: Participant }>;

export interface RoomEventMap {
  state: CustomEvent<{ state: RoomState; error?: RtcError }>;
  /** Joined: the local participant has its id (our media may still be starting; `join()` resolves once it is settled). */
  joined: ParticipantEvent;
  'participant-joined': ParticipantEvent;
  'participant-left': ParticipantEvent;
  /** A participant's stream, tracks, name, state or connection state changed. */
  'participant-updated': ParticipantEvent;
  /** A message sent with `send()` arrived from `from`. */
  message: CustomEvent<{ from: Participant; data: unknown }>;
  /** The loudest speaker changed (null when nobody has spoken yet). */
  'active-speaker': CustomEvent<{ participant: Participant | null }>;
  /** A device was chosen (`audiooutput` included: every view of the room should play through it). */
  device: CustomEvent<{ kind: DeviceKind; deviceId: string }>;
  /** Something went wrong; `fatal` errors also move the room to `error`. */
  error: CustomEvent<{ error: RtcError; fatal: boolean }>;
  /** While `reconnecting`: the next try to reach the signaling server starts at `at` (epoch ms). */
  retry: CustomEvent<{ at: number; attempt: number }>;
  /** `media` changed: this page's media moved to the SFU (`sfu`), or back to the mesh (`mesh`, also as it leaves). */
  media: CustomEvent<{ media: 'mesh' | 'sfu' }>;
  /**
   * 1.2: a meeting message from the server (`meeting` state, a host's `ask`, a `reaction`,
   * `waiting`), as it came. `Meeting` (`rtc-elements/meeting`) reads these for you.
   */
  meeting: CustomEvent<MeetingServerMessage>;
}

/**
 * What `<rtc-room>` renders from and the elements inside it read: a {@link Room}, or any object
 * that behaves like one (a story's fixed session, a test's, another transport's).
 */
export interface RoomSession extends Pick<TypedEventTarget<RoomEventMap>, 'addEventListener' | 'removeEventListener'> {
  readonly state: RoomState;
  /** The error that moved the session to `error`, while it is there. */
  readonly error: RtcError | null;
  /** This page's participant, once joined. */
  readonly local: Participant | null;
  /** Remote participants by id. */
  readonly remote: ReadonlyMap<string, Participant>;
  /** Everyone, the local participant first. */
  readonly participants: readonly Participant[];
  /** What this page sends, once media is settled. */
  readonly localStream: MediaStream | null;
  /** The screen this page shares, while it shares one. */
  readonly screenStream: MediaStream | null;
  /** The loudest participant who spoke last. */
  readonly activeSpeaker: Participant | null;
  join(): Promise<void>;
  leave(): void;
  /** Microphone on or off (off: no audio packets leave). */
  setMicrophoneEnabled(on: boolean): Promise<void>;
  /** Camera on or off (off: the camera is released). */
  setCameraEnabled(on: boolean): Promise<void>;
  startScreenShare(): Promise<void>;
  stopScreenShare(): void;
  /** Another camera, microphone (a `replaceTrack`, no renegotiation) or speaker. */
  switchDevice(kind: DeviceKind, deviceId: string): Promise<void>;
  /** The device chosen for `kind`, if any. */
  device(kind: DeviceKind): string | undefined;
  /** A new display name for everyone, without re-joining. */
  setName(name: string): void;
  /** Merges `patch` into the state you share (`{ hand: true }`). */
  setState(patch: StatePatch): void;
  /** Sends any JSON value to everyone or to one participant (`message` events there). */
  send(data: unknown, options?: { to?: string }): void;
  /** While `reconnecting`: when the next try to reach the server starts (epoch ms), null while one is under way. */
  readonly nextRetryAt?: number | null;
  /** While `reconnecting`: tries to reach the server at once. */
  retryNow?(): void;
  /**
   * The connections that carry the media, as they are now (`RoomTransport.connections()`); the
   * stats read them. Without it, each remote participant counts as one two-way connection
   * (`participant.getStats()`).
   */
  connections?(): readonly TransportConnection[];
  /** How its media travels now (`Room.media`); a mesh without it. */
  readonly media?: 'mesh' | 'sfu';
  /** `viewer` shows `participant`'s camera at `size` CSS pixels, or no longer (null): see `Room.setView`. */
  setView?(participant: Participant, viewer: object, size: { width: number; height: number } | null): void;
  /** The camera or microphone processed before it is shown and sent (`Room.setProcessor`); without it, none. */
  setProcessor?(kind: 'audio' | 'video', processor: TrackProcessor | null): Promise<void>;
  /** 1.2: the room's meeting state as the server last sent it (see `Room.meeting`). */
  readonly meeting?: MeetingState;
  /** 1.2: sends a meeting message (see `Room.meet`). */
  meet?(message: MeetingClientMessage): void;
}
