/**
 * A room session with fixed state, for stories: participants with canvas streams (their
 * initials on a coloured gradient, or a slide for a shared screen), a state, an error, notices.
 * `<rtc-room>` and the elements inside it render it as they render a live `Room`
 * (`el.session = new StorySession(…)`), with no server, camera or network.
 */
import type { ChatMessage } from '../../src/core/chat-message.js';
import type { RtcError } from '../../src/core/errors.js';
import type { Participant } from '../../src/core/participant.js';
import type { RoomState } from '../../src/core/room.js';
import { StaticSession, staticParticipant } from '../../test/browser/static-session.js';
import { storyStream } from './canvas-stream.js';

/** Someone in a static room. */
export interface StaticPerson {
  name: string;
  /** Sends a picture (default true); false shows the placeholder with initials (`state.video` false). */
  video?: boolean;
  /** A remote person's peer connection state (default `connected`). */
  connectionState?: RTCPeerConnectionState;
  /** Microphone off (`state.audio` false): the muted badge. */
  muted?: boolean;
  /** Hand raised (`state.hand`). */
  hand?: boolean;
  /** Speaking now: the ring around the tile. */
  speaking?: boolean;
  /** Shares a screen (`state.screen`, and a `screenStream` showing a slide). */
  screen?: boolean;
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
  /** The name of the loudest speaker (`layout="speaker"` shows them large). */
  activeSpeaker?: string;
  /** While `reconnecting`: how far away the next try to reach the server is, in ms (absent: a try is under way). */
  retryIn?: number;
  /** Chat messages said before the story opened, oldest first: `from` is a person's name (yours for your own). */
  chat?: { from: string; text: string }[];
}

/** Hues spread around the colour wheel, so neighbouring tiles differ. */
const hue = (index: number) => (200 + index * 137.5) % 360;

/**
 * A participant of story `storyId` as `person` describes them: their stream (`key`), shared
 * state, speaking, connection and shared screen. `index` picks the colour.
 */
export function storyParticipant(
  storyId: string,
  key: string,
  person: StaticPerson,
  { local = false, index = 0 }: { local?: boolean; index?: number } = {},
): Participant {
  const video = person.video !== false;
  const stream = storyStream(storyId, key, { name: person.name, hue: hue(index), video });
  const screenStream = person.screen ? storyStream(storyId, `${key}:screen`, { screen: true }) : null;
  return staticParticipant(key, person.name, local, stream, {
    state: { audio: !person.muted, video, screen: !!person.screen, hand: !!person.hand },
    speaking: !!person.speaking,
    screenStream,
    ...(!local && { connectionState: person.connectionState ?? 'connected' }),
  });
}

/**
 * A `StaticSession` (the one the tests use) made from a story's options, with streams that are
 * stopped when the story is left, and the media notices heard by whoever listens. Joining a
 * session that is `idle` (pressing Join in a lobby) connects it at once.
 */
export class StorySession extends StaticSession {
  readonly #notices: RtcError[];
  readonly #said: { from: string; text: string }[];
  #chats = 0;

  constructor(options: StaticSessionOptions) {
    const { storyId } = options;
    const media = options.localMedia ?? { video: true, audio: true };
    const local = options.local
      ? storyParticipant(
          storyId,
          'local',
          {
            ...options.local,
            video: media.video && options.local.video !== false,
            muted: !media.audio || options.local.muted,
          },
          { local: true },
        )
      : null;
    const localStream = local ? new MediaStream(local.stream!.getTracks()) : null;
    if (localStream && media.audio) {
      const microphone = storyStream(storyId, 'microphone', { video: false, voice: true });
      for (const track of microphone.getAudioTracks()) localStream.addTrack(track);
    }
    const remote = (options.remote ?? []).map((person, i) =>
      storyParticipant(storyId, `remote-${i}`, person, { index: i + 1 }),
    );
    super(options.state, [...(local ? [local] : []), ...remote], localStream);
    this.error = options.error ?? null;
    this.screenStream = local?.screenStream ?? null;
    this.activeSpeaker = this.participants.find((p) => p.name === options.activeSpeaker) ?? null;
    this.#notices = options.notices ?? [];
    this.#said = options.chat ?? [];
    this.retryIn = options.retryIn ?? null;
  }

  /** The participant called `name`. */
  person(name: string): Participant {
    const found = this.participants.find((p) => p.name === name);
    if (!found) throw new Error(`no one called ${name} in this story's session`);
    return found;
  }

  #message(text: string): ChatMessage {
    return { type: 'chat', text, id: `story-${++this.#chats}`, at: Date.now() };
  }

  override async join(): Promise<void> {
    await super.join();
    if (this.state === 'idle') this.moveTo('connected');
  }

  /**
   * Listeners of `error` hear the notices, and listeners of `message` the chat said before, at
   * once (after the current task's microtasks), as an element set to this session would have
   * heard them while the call went on.
   */
  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void {
    super.addEventListener(type, listener, options);
    if (!listener) return;
    const signal = typeof options === 'object' ? options.signal : undefined;
    const details =
      type === 'error'
        ? this.#notices.map((error) => ({ error, fatal: false }))
        : type === 'message'
          ? this.#said.map(({ from, text }) => ({ from: this.person(from), data: this.#message(text) }))
          : [];
    for (const detail of details) {
      queueMicrotask(() => {
        if (signal?.aborted) return;
        const event = new CustomEvent(type, { detail });
        if (typeof listener === 'function') listener.call(this, event);
        else listener.handleEvent(event);
      });
    }
  }
}
