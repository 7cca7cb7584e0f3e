/**
 * A room session with fixed state, for stories: participants with canvas streams (their
 * initials on a coloured gradient), a state, an error, notices. `<rtc-room>` renders it as it
 * renders a live `Room` (`el.session = new StaticSession(…)`), with no server, camera or network.
 */
import type { RtcError } from '../../src/core/errors.js';
import { Participant } from '../../src/core/participant.js';
import type { RoomEventMap, RoomSession, RoomState } from '../../src/core/room.js';
import { TypedEventTarget } from '../../src/core/typed-event-target.js';
import { storyStream } from './canvas-stream.js';

/**
 * A remote participant whose peer connection is in a fixed state: the core reads a remote
 * participant's state from its peer link, which a story does not have.
 */
export class StoryParticipant extends Participant {
  readonly #connectionState: RTCPeerConnectionState;

  constructor(id: string, name: string, stream: MediaStream | null, connectionState: RTCPeerConnectionState) {
    super(id, name, false, stream);
    this.#connectionState = connectionState;
  }

  override get connectionState(): RTCPeerConnectionState {
    return this.#connectionState;
  }
}

/** Someone in a static room. */
export interface StaticPerson {
  name: string;
  /** Sends a picture (default true); false shows the placeholder with initials. */
  video?: boolean;
  /** A remote person's peer connection state (default `connected`). */
  connectionState?: RTCPeerConnectionState;
}

export interface StaticSessionOptions {
  /** The story's id: its streams are stopped when the story is left. */
  storyId: string;
  state: RoomState;
  /** The fatal error, in the `error` state. */
  error?: RtcError;
  /** You; absent before joining. */
  local?: StaticPerson;
  /** Everyone else. */
  remote?: StaticPerson[];
  /** Non-fatal problems (`media-denied`, `media-unavailable`) the room met while joining. */
  notices?: RtcError[];
  /** What you send: `video` and `audio` by default, fewer after a media problem. */
  localMedia?: { video: boolean; audio: boolean };
}

/** Hues spread around the colour wheel, so neighbouring tiles differ. */
const hue = (index: number) => (200 + index * 137.5) % 360;

export class StaticSession extends TypedEventTarget<RoomEventMap> implements RoomSession {
  readonly state: RoomState;
  readonly error: RtcError | null;
  readonly local: Participant | null;
  readonly participants: readonly Participant[];
  readonly remote: ReadonlyMap<string, Participant>;
  readonly localStream: MediaStream | null;
  readonly #notices: RtcError[];

  constructor(options: StaticSessionOptions) {
    super();
    this.state = options.state;
    this.error = options.error ?? null;
    this.#notices = options.notices ?? [];
    const { storyId } = options;
    const media = options.localMedia ?? { video: true, audio: true };
    const stream = (person: StaticPerson, index: number, key: string) =>
      storyStream(storyId, key, { name: person.name, hue: hue(index), video: person.video !== false });
    this.local = options.local
      ? new Participant('local', options.local.name, true, stream({ ...options.local, video: media.video }, 0, 'local'))
      : null;
    // What the page sends: the local picture, and a silent microphone track when it has one.
    this.localStream = options.local ? new MediaStream(this.local!.stream!.getTracks()) : null;
    if (this.localStream && media.audio) {
      const microphone = storyStream(storyId, 'microphone', { video: false, audio: true });
      for (const track of microphone.getAudioTracks()) this.localStream.addTrack(track);
    }
    const remote = (options.remote ?? []).map(
      (person, i) =>
        new StoryParticipant(
          `remote-${i}`,
          person.name,
          stream(person, i + 1, `remote-${i}`),
          person.connectionState ?? 'connected',
        ),
    );
    this.participants = [...(this.local ? [this.local] : []), ...remote];
    this.remote = new Map(remote.map((p) => [p.id, p]));
  }

  /** Static: there is nothing to join (the story sets the state). */
  join(): Promise<void> {
    return Promise.resolve();
  }

  /** Static: the story's streams are stopped when the story is left. */
  leave(): void {}

  /**
   * Listeners of `error` hear the notices at once (after the current task's microtasks), as an
   * element set to this session would have heard them while it was joining.
   */
  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void {
    super.addEventListener(type, listener, options);
    if (type !== 'error' || !listener) return;
    const signal = typeof options === 'object' ? options.signal : undefined;
    for (const error of this.#notices) {
      queueMicrotask(() => {
        if (signal?.aborted) return;
        const event = new CustomEvent('error', { detail: { error, fatal: false } });
        if (typeof listener === 'function') listener.call(this, event);
        else listener.handleEvent(event);
      });
    }
  }
}
