/**
 * A room session with fixed state, for stories: participants with canvas streams (their
 * initials on a coloured gradient), a state, an error, notices. `<rtc-room>` renders it as it
 * renders a live `Room` (`el.session = new StaticSession(…)`), with no server, camera or network.
 */
import type { RtcError } from '../../src/core/errors.js';
import type { RoomState } from '../../src/core/room.js';
import { StaticSession, staticParticipant } from '../../test/browser/static-session.js';
import { storyStream } from './canvas-stream.js';

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

/**
 * A `StaticSession` (the one the tests use) made from a story's options, with streams that are
 * stopped when the story is left, and the media notices heard by whoever listens.
 */
export class StorySession extends StaticSession {
  readonly #notices: RtcError[];

  constructor(options: StaticSessionOptions) {
    const { storyId } = options;
    const media = options.localMedia ?? { video: true, audio: true };
    const stream = (person: StaticPerson, index: number, key: string) =>
      storyStream(storyId, key, { name: person.name, hue: hue(index), video: person.video !== false });
    const local = options.local
      ? staticParticipant(
          'local',
          options.local.name,
          true,
          stream({ ...options.local, video: media.video }, 0, 'local'),
        )
      : null;
    const localStream = local ? new MediaStream(local.stream!.getTracks()) : null;
    if (localStream && media.audio) {
      const microphone = storyStream(storyId, 'microphone', { video: false, audio: true });
      for (const track of microphone.getAudioTracks()) localStream.addTrack(track);
    }
    const remote = (options.remote ?? []).map((person, i) =>
      staticParticipant(`remote-${i}`, person.name, false, stream(person, i + 1, `remote-${i}`), {
        connectionState: person.connectionState ?? 'connected',
      }),
    );
    super(options.state, [...(local ? [local] : []), ...remote], localStream);
    this.error = options.error ?? null;
    this.#notices = options.notices ?? [];
  }

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
