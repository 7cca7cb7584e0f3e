import { ContextProvider } from '@lit/context';
import type { PropertyValues, ReactiveController, ReactiveElement } from 'lit';
import { loadDevicePreferences } from '../components/device-picker/device-preferences.js';
import { sessionContext } from '../context/session-context.js';
import type { RtcError } from '../core/errors.js';
import type { DeviceKind } from '../core/local-tracks.js';
import type { MediaRequest } from '../core/media.js';
import { MEDIA_CODES } from '../core/media-errors.js';
import { Room } from '../core/room.js';
import type { RoomEventMap, RoomSession, RoomState } from '../core/room-types.js';
import type { TransportFactory } from '../core/transport/transport.js';
import { MEDIA_MODES, type MediaMode } from '../core/protocol.js';
import { RtcActiveSpeakerEvent } from '../events/rtc-active-speaker.js';
import { RtcErrorEvent } from '../events/rtc-error.js';
import { RtcJoinedEvent } from '../events/rtc-joined.js';
import { RtcLeftEvent } from '../events/rtc-left.js';
import { RtcPeerJoinedEvent } from '../events/rtc-peer-joined.js';
import { RtcPeerLeftEvent } from '../events/rtc-peer-left.js';
import { RtcStateChangeEvent } from '../events/rtc-state-change.js';
import { langOf, loadErrorTexts } from '../i18n/localize.js';

/** The element a {@link RoomController} runs a room for: its attributes say which room and how. */
export interface RoomHost extends ReactiveElement {
  room: string;
  name: string;
  server: string;
  token: string;
  media: MediaRequest | MediaStream | false | undefined;
  rtcConfiguration: RTCConfiguration | undefined;
  /** What carries the media (`RoomOptions.transport`; the mesh when undefined). */
  transport: TransportFactory | undefined;
  /** How the media should travel (`RoomOptions.mode`): `auto`, `mesh` or `sfu`. */
  mode: string;
  /** True while the element waits for the person to join (a lobby): it does not join by itself. */
  readonly waiting: boolean;
}

/** What the room should re-render for: the session's own list and lifecycle events. */
const RENDER_EVENTS: readonly (keyof RoomEventMap)[] = [
  'state',
  'joined',
  'participant-joined',
  'participant-left',
  'participant-updated',
  'active-speaker',
  'device',
  'retry',
];

/**
 * Runs a room for an element: creates and joins the core `Room` its attributes describe (again
 * when they change), leaves it when the element leaves the page, or shows a session the page
 * gives instead. Provides the session to the elements inside through `@lit/context`, turns its
 * events into `rtc-*` events on the element, and keeps the fatal error and the media notices.
 */
export class RoomController implements ReactiveController {
  #host: RoomHost;
  #provider: ContextProvider<typeof sessionContext>;
  #session: RoomSession | null = null;
  /** The `Room` this controller created and owns (null while it shows a page's session, or none). */
  #own: Room | null = null;
  #injected = false;
  /** What the own room was joined with, to tell a real change from a repeated one. */
  #joinedWith: { room: string; name: string; server: string; token: string } | null = null;
  #unbridge: AbortController | null = null;
  #error: RtcError | null = null;
  #notices: RtcError[] = [];
  #onEvent: (type: keyof RoomEventMap, event: Event) => void;
  #onChange: () => void;

  /**
   * `onEvent` sees every session event; `onChange` runs at once whenever the session or its state
   * changes (before the next render), e.g. to keep custom states exact.
   */
  constructor(
    host: RoomHost,
    {
      onEvent = () => undefined,
      onChange = () => undefined,
    }: { onEvent?: (type: keyof RoomEventMap, event: Event) => void; onChange?: () => void } = {},
  ) {
    this.#host = host;
    this.#onEvent = onEvent;
    this.#onChange = onChange;
    this.#provider = new ContextProvider(host, { context: sessionContext, initialValue: null });
    host.addController(this);
  }

  /** The session shown (the one this controller joined, or the page's). */
  get session(): RoomSession | null {
    return this.#session;
  }

  /** Shows the page's own session (never joined or left here); `null` goes back to joining `room`. */
  set session(session: RoomSession | null) {
    if (this.#injected && session === this.#session) return;
    this.#leaveOwn();
    this.#injected = session !== null;
    this.#show(session);
    if (!session && this.#host.isConnected && this.#host.hasUpdated && !this.#host.waiting) this.join();
  }

  get state(): RoomState {
    return this.#session?.state ?? (this.#error ? 'error' : 'idle');
  }

  /** The fatal error, while in the `error` state. */
  get error(): RtcError | null {
    return this.state === 'error' ? (this.#session?.error ?? this.#error) : null;
  }

  /** Non-fatal media problems of the current session (camera refused, busy or lost, microphone missing). */
  get notices(): readonly RtcError[] {
    return this.#notices;
  }

  /**
   * Tries the devices of a media notice again (opens the camera and/or microphone); the notice
   * goes, and a new one comes if it fails again.
   */
  async retryMedia(notice: RtcError): Promise<void> {
    const session = this.#session;
    this.#notices = this.#notices.filter((n) => n !== notice);
    this.#host.requestUpdate();
    if (!session) return;
    // A failure is an `error` event of the session: a new notice.
    if (notice.devices.includes('microphone')) await session.setMicrophoneEnabled(true).catch(() => undefined);
    if (notice.devices.includes('camera')) await session.setCameraEnabled(true).catch(() => undefined);
  }

  /** Joins (again), leaving the current room first; `devices` are opened first (a lobby's choice). */
  join(devices?: Partial<Record<DeviceKind, string>>): void {
    const host = this.#host;
    this.#error = null;
    // What a failing join or call would say, ready before it is needed: the page's language's
    // table (which carries its own), else the English error texts (a chunk of their own).
    loadErrorTexts(langOf(host)).catch(() => undefined);
    if (this.#injected) {
      this.#session?.join().catch(() => undefined);
      return;
    }
    this.#leaveOwn();
    if (!host.room) {
      host.requestUpdate();
      return;
    }
    const session = new Room({
      room: host.room,
      ...(host.name && { name: host.name }),
      ...(host.server && { server: host.server }),
      ...(host.token && { token: host.token }),
      ...(host.media !== undefined && { media: host.media }),
      ...(host.rtcConfiguration && { rtcConfiguration: host.rtcConfiguration }),
      ...(host.transport && { transport: host.transport }),
      mode: modeOf(host.mode),
      // The devices a picker remembered, unless the caller chose.
      devices: devices ?? loadDevicePreferences(),
    });
    this.#own = session;
    this.#joinedWith = { room: host.room, name: host.name, server: host.server, token: host.token };
    this.#show(session);
    // Failures arrive as `error` events (rtc-error) and the `error` state.
    session.join().catch(() => undefined);
  }

  /** Leaves the room, stopping every track and closing every connection it opened. */
  leave(): void {
    if (this.#injected) this.#session?.leave();
    else this.#leaveOwn();
  }

  /** Called by the host's `willUpdate`: a new room, server or token means joining again; a new name, a rename. */
  hostChanged(changed: PropertyValues): void {
    const host = this.#host;
    if (this.#injected || !host.isConnected || host.waiting) return;
    const own = this.#own;
    const joined = this.#joinedWith;
    const moved =
      !own || !joined || joined.room !== host.room || joined.server !== host.server || joined.token !== host.token;
    if (moved) {
      if (changed.has('room') || changed.has('server') || changed.has('token') || changed.has('name')) this.join();
    } else if (joined.name !== host.name) {
      if (own.state === 'connected' && host.name) {
        // A rename needs no new join: everyone sees the new name through the session.
        own.setName(host.name);
        this.#joinedWith = { ...joined, name: host.name };
      } else {
        this.join();
      }
    } else if (changed.has('media') && host.media instanceof MediaStream) {
      void own.setLocalStream(host.media);
    }
  }

  hostConnected(): void {
    // Re-added to the page after a removal: join again (the first join happens in hostChanged()).
    const host = this.#host;
    if (host.hasUpdated && !this.#injected && !host.waiting) this.join();
  }

  hostDisconnected(): void {
    this.#leaveOwn();
    this.#error = null;
  }

  #leaveOwn(alreadyLeft = false) {
    const own = this.#own;
    if (!own) return;
    this.#own = null;
    const wasIn = alreadyLeft || (own.state !== 'idle' && own.state !== 'closed');
    own.leave();
    this.#show(null);
    if (wasIn) this.#host.dispatchEvent(new RtcLeftEvent());
  }

  #show(session: RoomSession | null) {
    this.#unbridge?.abort();
    this.#unbridge = null;
    this.#notices = [];
    this.#session = session;
    this.#provider.setValue(session);
    if (session) this.#bridge(session);
    this.#onChange();
    this.#host.requestUpdate();
  }

  #bridge(session: RoomSession) {
    const host = this.#host;
    this.#unbridge = new AbortController();
    const options = { signal: this.#unbridge.signal };
    const on = <K extends keyof RoomEventMap>(type: K, handle: (event: RoomEventMap[K]) => void) =>
      session.addEventListener(
        type,
        (event) => {
          handle(event);
          this.#onEvent(type, event);
          this.#onChange();
          if (RENDER_EVENTS.includes(type)) host.requestUpdate();
        },
        options,
      );
    on('state', (e) => {
      if (e.detail.error) this.#error = e.detail.error;
      host.dispatchEvent(new RtcStateChangeEvent(e.detail.state));
      // Left from inside (the controls' Leave button calls the session's leave()): as leave() does.
      if (e.detail.state === 'closed' && session === this.#own) queueMicrotask(() => this.#leaveOwn(true));
    });
    on('joined', (e) => host.dispatchEvent(new RtcJoinedEvent(e.detail.participant)));
    on('participant-joined', (e) => {
      if (!e.detail.participant.local) host.dispatchEvent(new RtcPeerJoinedEvent(e.detail.participant));
    });
    on('participant-left', (e) => host.dispatchEvent(new RtcPeerLeftEvent(e.detail.participant)));
    on('participant-updated', () => undefined);
    on('device', () => undefined);
    on('retry', () => undefined);
    on('active-speaker', (e) => host.dispatchEvent(new RtcActiveSpeakerEvent(e.detail.participant)));
    on('error', (e) => {
      const { error, fatal } = e.detail;
      if (fatal) this.#error = error;
      else if (MEDIA_CODES.includes(error.code)) {
        this.#notices = [...this.#notices, error];
        host.requestUpdate();
      }
      host.dispatchEvent(new RtcErrorEvent(error, fatal));
    });
  }
}

/** `mode` when it is one, else `auto` (with a warning naming what it should be). */
function modeOf(mode: string): MediaMode {
  if (MEDIA_MODES.includes(mode as MediaMode)) return mode as MediaMode;
  console.warn(`<rtc-room> mode="${mode}" is not auto, mesh or sfu; using auto.`);
  return 'auto';
}
