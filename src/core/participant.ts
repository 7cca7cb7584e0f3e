import type { RtcError } from './errors.js';
import type { ParticipantState } from './protocol.js';
import { TypedEventTarget } from './typed-event-target.js';

/** A participant's state as the room shares it: a JSON object (`audio`, `video`, `screen`, `hand`, …). */
export type ParticipantStateRecord = Readonly<ParticipantState>;

/**
 * What carries a remote participant's media: in a mesh, one peer connection; through an SFU,
 * a share of one. The core's transports implement it; nothing else depends on which one it is.
 */
export interface ParticipantTransport {
  readonly connectionState: RTCPeerConnectionState;
  /** The `RTCPeerConnection` behind it, when there is exactly one for this participant. */
  readonly peerConnection: RTCPeerConnection | null;
  /** Statistics of this participant's media. */
  getStats(): Promise<RTCStatsReport>;
  /** Why the connection failed, when the transport knows (e.g. `ice-server`: a TURN server refused us). */
  readonly error?: RtcError | null;
}

type ChangeEvent = CustomEvent<{ participant: Participant }>;

export interface ParticipantEventMap {
  /** `id` changed: the server gave this participant a new one (a fresh join after an outage). */
  id: ChangeEvent;
  /** `name` changed. */
  name: ChangeEvent;
  /** `state` changed (mute, camera, screen share, raised hand, or a key of the page's own). */
  state: ChangeEvent;
  /** `stream` or `screenStream`, or their tracks, changed. */
  stream: ChangeEvent;
  /** `connectionState` changed. */
  connection: ChangeEvent;
  /** `audioLevel` changed (about ten times a second while it moves). */
  'audio-level': ChangeEvent;
  /** `speaking` changed. */
  speaking: ChangeEvent;
}

/** What a session or transport may change on a participant; see {@link updateParticipant}. */
export interface ParticipantPatch {
  /** A new id: the same person, joined afresh after the signaling server forgot them. */
  id?: string;
  name?: string;
  state?: ParticipantStateRecord;
  stream?: MediaStream | null;
  screenStream?: MediaStream | null;
  transport?: ParticipantTransport | null;
  audioLevel?: number;
  speaking?: boolean;
}

let apply: (participant: Participant, patch: ParticipantPatch) => void;
let touch: (participant: Participant, type: 'stream' | 'connection') => void;

/**
 * A person in the room: the local one, or a remote one. Every field is read-only; each change
 * fires its own event on the participant (`name`, `state`, `stream`, `connection`,
 * `audio-level`, `speaking`), so a view can re-render just that person's tile.
 */
export class Participant extends TypedEventTarget<ParticipantEventMap> {
  #id: string;
  #name: string;
  #state: ParticipantStateRecord = {};
  #stream: MediaStream | null;
  #screenStream: MediaStream | null = null;
  #transport: ParticipantTransport | null = null;
  #audioLevel = 0;
  #speaking = false;

  static {
    apply = (participant, patch) => participant.#apply(patch);
    touch = (participant, type) => participant.emit(type, { participant });
  }

  constructor(
    id: string,
    name: string,
    /** True for the participant on this page. */
    readonly local: boolean,
    stream: MediaStream | null = null,
  ) {
    super();
    this.#id = id;
    this.#name = name;
    this.#stream = stream;
  }

  /**
   * The id the signaling server gave this participant. It changes (an `id` event) only when the
   * server forgot everyone (a restart) and the room joined afresh: the person, their tile and
   * their connection stay the same.
   */
  get id(): string {
    return this.#id;
  }

  /** Display name: plain text, never HTML. May be empty. */
  get name(): string {
    return this.#name;
  }

  /** The state this participant shares: `audio`, `video`, `screen`, `hand` (booleans), and any key of the page's. */
  get state(): ParticipantStateRecord {
    return this.#state;
  }

  /** Camera and microphone (for the local participant: what we send), or null before any arrives. */
  get stream(): MediaStream | null {
    return this.#stream;
  }

  /** The screen this participant shares, while `state.screen` is true. */
  get screenStream(): MediaStream | null {
    return this.#screenStream;
  }

  /** `connected` for the local participant; the transport's state for a remote one. */
  get connectionState(): RTCPeerConnectionState {
    if (this.local) return 'connected';
    return this.#transport?.connectionState ?? 'new';
  }

  /** Why the connection to this participant failed, when known (e.g. `ice-server`); null otherwise. */
  get connectionError(): RtcError | null {
    return this.local ? null : (this.#transport?.error ?? null);
  }

  /** The peer connection to this participant in a mesh (null for the local one, and under other transports). */
  get peerConnection(): RTCPeerConnection | null {
    return this.#transport?.peerConnection ?? null;
  }

  /** Statistics of this participant's media (empty for the local one before any link exists). */
  async getStats(): Promise<RTCStatsReport | null> {
    return (await this.#transport?.getStats()) ?? null;
  }

  /** Microphone on: `state.audio`, which the room keeps for you. True unless said otherwise. */
  get audioEnabled(): boolean {
    return this.#state.audio !== false;
  }

  /** Camera on: `state.video`. True unless said otherwise. */
  get videoEnabled(): boolean {
    return this.#state.video !== false;
  }

  /** Hand raised: `state.hand`. */
  get handRaised(): boolean {
    return this.#state.hand === true;
  }

  /** How loud this participant is now, 0 to 1. */
  get audioLevel(): number {
    return this.#audioLevel;
  }

  /** True while this participant speaks (the level stayed up for a moment). */
  get speaking(): boolean {
    return this.#speaking;
  }

  #apply(patch: ParticipantPatch) {
    const changed = new Set<keyof ParticipantEventMap>();
    if (patch.id !== undefined && patch.id !== this.#id) {
      this.#id = patch.id;
      changed.add('id');
    }
    if (patch.name !== undefined && patch.name !== this.#name) {
      this.#name = patch.name;
      changed.add('name');
    }
    if (patch.state !== undefined && patch.state !== this.#state) {
      this.#state = Object.freeze({ ...patch.state });
      changed.add('state');
    }
    if (patch.stream !== undefined && patch.stream !== this.#stream) {
      this.#stream = patch.stream;
      changed.add('stream');
    }
    if (patch.screenStream !== undefined && patch.screenStream !== this.#screenStream) {
      this.#screenStream = patch.screenStream;
      changed.add('stream');
    }
    if (patch.transport !== undefined && patch.transport !== this.#transport) {
      this.#transport = patch.transport;
      changed.add('connection');
    }
    if (patch.audioLevel !== undefined && patch.audioLevel !== this.#audioLevel) {
      this.#audioLevel = patch.audioLevel;
      changed.add('audio-level');
    }
    if (patch.speaking !== undefined && patch.speaking !== this.#speaking) {
      this.#speaking = patch.speaking;
      changed.add('speaking');
    }
    for (const type of changed) this.emit(type, { participant: this });
  }
}

/**
 * Changes a participant and fires the matching events (`name`, `state`, `stream`, …), once each.
 * For whoever writes a `RoomSession` or a `RoomTransport` (the core's `Room` and mesh, a static
 * session of a story or a test, an SFU's transport): they own their participants and keep them
 * current with it. Elements and pages never call it: to them a participant's fields are
 * read-only, and a change comes from the session (`setName`, `setState`, …).
 */
export function updateParticipant(participant: Participant, patch: ParticipantPatch): void {
  apply(participant, patch);
}

/**
 * Fires `type` on a participant whose transport or stream changed in place (a track added to its
 * stream, its connection's state): for session and transport authors, as {@link updateParticipant}.
 */
export function touchParticipant(participant: Participant, type: 'stream' | 'connection'): void {
  touch(participant, type);
}
