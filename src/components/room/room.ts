import { ContextProvider } from '@lit/context';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { roomContext } from '../../context/room-context.js';
import { LocalizeController } from '../../controllers/localize-controller.js';
import { RoomController } from '../../controllers/room-controller.js';
import type { RtcError } from '../../core/errors.js';
import type { MediaRequest } from '../../core/media.js';
import type { Participant } from '../../core/participant.js';
import { Room, type RoomSession, type RoomState } from '../../core/room.js';
import { RtcErrorEvent } from '../../events/rtc-error.js';
import { RtcJoinedEvent } from '../../events/rtc-joined.js';
import { RtcLeftEvent } from '../../events/rtc-left.js';
import { RtcPeerJoinedEvent } from '../../events/rtc-peer-joined.js';
import { RtcPeerLeftEvent } from '../../events/rtc-peer-left.js';
import { RtcStateChangeEvent } from '../../events/rtc-state-change.js';
import type { TextKey } from '../../i18n/localize.js';
import { styles } from './room.styles.js';

const STATES: readonly RoomState[] = ['idle', 'connecting', 'connected', 'reconnecting', 'closed', 'error'];
/** Error codes with a title of their own in the strings table (`error.<code>`). */
const TITLED = [
  'invalid-room',
  'invalid-name',
  'server-unreachable',
  'connection-lost',
  'room-full',
  'unauthorized',
  'webrtc-unsupported',
];
/** Fatal errors that trying again cannot fix: no "Try again" button. */
const FINAL = ['webrtc-unsupported'];

/**
 * Provides its session (a core `Room`) to the elements inside it through `@lit/context`
 * (`roomContext`). A page can instead hand it a session of its own through `session`: the element
 * then renders that session and never joins or leaves it by itself.
 *
 * Every string comes from the strings table (`setStrings`), in the language of the closest
 * `lang` attribute; the layout follows `dir`.
 *
 * @tagname rtc-room
 * @summary A whole video room: joins `room` on the signaling server when it is in the page,
 * shows everyone in a responsive grid (you first, mirrored), and leaves, releasing every camera,
 * microphone and connection, when it is removed.
 *
 * @slot - Extra content under the grid (controls, pickers), which can use the room's context.
 * Shown in every state: a page can put its own camera preview (`<rtc-video>`) there, and it still
 * shows in a browser that cannot make calls.
 * @slot start - Before the status line.
 * @slot end - After the status line.
 *
 * @csspart base - The wrapper.
 * @csspart header - The row with the status and the `start`/`end` slots.
 * @csspart status - The connection status text.
 * @csspart grid - The grid of tiles.
 * @csspart tile - Each participant's tile (also `tile local` or `tile remote`).
 * @csspart video - The `<rtc-video>` in each tile.
 * @csspart tile-status - A tile's "Connecting…" badge while its peer connection is not up.
 * @csspart notice - The note shown when the camera or microphone could not be used (the room goes on).
 * @csspart error - The error message box.
 * @csspart retry - The "Try again" button in the error box (absent when trying again cannot help,
 * as in a browser without WebRTC).
 * @csspart empty - The text shown while you are alone.
 *
 * @cssproperty [--rtc-room-gap=var(--rtc-space-s, 8px)] - Space between tiles.
 * @cssproperty [--rtc-room-padding=var(--rtc-space-m, 12px)] - Space around the grid.
 * @cssproperty [--rtc-room-background=var(--rtc-color-surface)] - Background.
 * @cssproperty [--rtc-room-radius=var(--rtc-radius-l, 18px)] - Corner radius.
 *
 * @cssstate idle - No `room` set yet.
 * @cssstate connecting - Getting media and joining.
 * @cssstate connected - In the room.
 * @cssstate reconnecting - The signaling connection dropped; resuming.
 * @cssstate error - Could not join or lost the room; see the `rtc-error` event. In a browser that
 * cannot make calls (no WebRTC) the error box says so, with the reason (code `webrtc-unsupported`).
 * @cssstate closed - Left the room.
 *
 * @event rtc-joined - Joined; `event.participant` is you. {@link RtcJoinedEvent}
 * @event rtc-left - Left the room. {@link RtcLeftEvent}
 * @event rtc-peer-joined - Someone joined; `event.participant`. {@link RtcPeerJoinedEvent}
 * @event rtc-peer-left - Someone left; `event.participant`. {@link RtcPeerLeftEvent}
 * @event rtc-error - Something went wrong; `event.code`, `event.fatal`. {@link RtcErrorEvent}
 * @event rtc-state-change - `event.state` changed. {@link RtcStateChangeEvent}
 */
export class RtcRoom extends LitElement {
  static override styles = styles;

  /** Room to join: 1 to 64 characters of `A-Z a-z 0-9 . _ -`. Changing it moves to that room. */
  @property({ reflect: true }) room = '';

  /** Your display name, shown to the others (as text, never HTML). */
  @property() name = '';

  /** Signaling server URL (`wss://…`, `https://…` or relative). Default: this origin's `/signal`. */
  @property() server = '';

  /** A JWT for servers that require one. */
  @property() token = '';

  /**
   * Local media: `getUserMedia` constraints (default camera and microphone, falling back to
   * what exists), a `MediaStream` of your own, or `false` to only watch.
   */
  @property({ attribute: false }) media: MediaRequest | MediaStream | false | undefined = undefined;

  /** Extra `RTCPeerConnection` configuration; its `iceServers` are merged with the server's. */
  @property({ attribute: false }) rtcConfiguration: RTCConfiguration | undefined = undefined;

  #controller = new RoomController(this);
  #strings = new LocalizeController(this);
  #provider = new ContextProvider(this, { context: roomContext, initialValue: null });
  #internals = this.attachInternals();
  /** The `Room` this element created and owns (null while it shows a page's session, or none). */
  #own: Room | null = null;
  /** True while the page's own session is shown (set through `session`). */
  #injected = false;
  /** Stops listening to the session shown before. */
  #unbridge: AbortController | null = null;
  #error: RtcError | null = null;
  /** Non-fatal media problems of the current session (camera refused, microphone missing). */
  #notices: RtcError[] = [];

  /**
   * The session shown: the core `Room` this element joined, or one the page set. Setting it
   * shows that session (its state, participants, errors) and provides it to the elements inside;
   * the element never joins or leaves a session it was given. Setting `null` goes back to joining
   * `room` itself.
   */
  get session(): RoomSession | null {
    return this.#controller.room;
  }

  set session(session: RoomSession | null) {
    if (this.#injected && session === this.session) return;
    this.#leaveOwn();
    this.#injected = session !== null;
    this.#show(session);
    if (!session && this.isConnected && this.hasUpdated) this.join();
  }

  /** Where the element stands: `idle`, `connecting`, `connected`, `reconnecting`, `error` or `closed`. */
  get state(): RoomState {
    return this.session?.state ?? (this.#error ? 'error' : 'idle');
  }

  /** The last fatal error, while in the `error` state. */
  get error(): RtcError | null {
    return this.state === 'error' ? (this.session?.error ?? this.#error) : null;
  }

  /** Joins (again): leaves the current room first. Called for you when the element is connected. */
  join(): void {
    if (this.#injected) {
      this.#error = null;
      this.session?.join().catch(() => undefined);
      return;
    }
    this.#leaveOwn();
    this.#error = null;
    if (!this.room) {
      this.requestUpdate();
      return;
    }
    const session = new Room({
      room: this.room,
      ...(this.name && { name: this.name }),
      ...(this.server && { server: this.server }),
      ...(this.token && { token: this.token }),
      ...(this.media !== undefined && { media: this.media }),
      ...(this.rtcConfiguration && { rtcConfiguration: this.rtcConfiguration }),
    });
    this.#own = session;
    this.#show(session);
    // Failures arrive as `error` events (rtc-error) and the `error` state.
    session.join().catch(() => undefined);
  }

  /** Leaves the room, stopping every track and closing every connection it opened. */
  leave(): void {
    if (this.#injected) this.session?.leave();
    else this.#leaveOwn();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Re-added to the page after a removal: join again (the first join happens in willUpdate()).
    if (this.hasUpdated && !this.#injected) this.join();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#leaveOwn();
    this.#error = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (this.#injected) return;
    if (changed.has('room') || changed.has('name') || changed.has('server') || changed.has('token')) {
      if (this.isConnected) this.join();
    } else if (changed.has('media') && typeof MediaStream === 'function' && this.media instanceof MediaStream) {
      void this.#own?.setLocalStream(this.media);
    }
  }

  protected override updated(): void {
    this.#syncStates();
  }

  /** Leaves and forgets the `Room` this element created, if any. */
  #leaveOwn() {
    const own = this.#own;
    if (!own) return;
    this.#own = null;
    const wasIn = own.state !== 'idle' && own.state !== 'closed';
    own.leave();
    this.#show(null);
    if (wasIn) this.dispatchEvent(new RtcLeftEvent());
  }

  /** Renders `session`, provides it to the elements inside, and turns its events into rtc-* events. */
  #show(session: RoomSession | null) {
    this.#unbridge?.abort();
    this.#unbridge = null;
    this.#notices = [];
    this.#controller.room = session;
    this.#provider.setValue(session);
    if (session) this.#bridge(session);
    this.#syncStates();
  }

  /** Custom states follow the room's state at once, not only after the next render. */
  #syncStates() {
    const current = this.state;
    const states = this.#internals.states;
    for (const state of STATES) {
      if (state === current) states?.add(state);
      else states?.delete(state);
    }
  }

  #bridge(session: RoomSession) {
    this.#unbridge = new AbortController();
    const options = { signal: this.#unbridge.signal };
    session.addEventListener(
      'state',
      (e) => {
        if (e.detail.error) this.#error = e.detail.error;
        this.#syncStates();
        this.dispatchEvent(new RtcStateChangeEvent(e.detail.state));
      },
      options,
    );
    session.addEventListener('joined', (e) => this.dispatchEvent(new RtcJoinedEvent(e.detail.participant)), options);
    session.addEventListener(
      'participant-joined',
      (e) => {
        if (!e.detail.participant.local) this.dispatchEvent(new RtcPeerJoinedEvent(e.detail.participant));
      },
      options,
    );
    session.addEventListener(
      'participant-left',
      (e) => this.dispatchEvent(new RtcPeerLeftEvent(e.detail.participant)),
      options,
    );
    session.addEventListener(
      'error',
      (e) => {
        const { error, fatal } = e.detail;
        if (fatal) this.#error = error;
        else if (error.code === 'media-denied' || error.code === 'media-unavailable') {
          this.#notices = [...this.#notices, error];
          this.requestUpdate();
        }
        this.dispatchEvent(new RtcErrorEvent(error, fatal));
      },
      options,
    );
  }

  protected override render() {
    const t = this.#strings;
    const state = this.state;
    const error = this.error;
    const participants = this.session?.participants ?? [];
    const count = participants.length;
    const columns = count <= 1 ? 1 : count <= 4 ? 2 : count <= 9 ? 3 : 4;
    const status =
      state === 'connected'
        ? `${t.term('room.status.connected')} · ${t.plural('room.people', count)}`
        : t.term(`room.status.${state}`);
    return html`
      <section part="base" aria-label=${this.room ? t.term('room.label.named', { room: this.room }) : t.term('room.label')}>
        <div part="header">
          <slot name="start"></slot>
          <span part="status" role="status">${status}</span>
          <span class="spacer"></span>
          <slot name="end"></slot>
        </div>
        ${
          error
            ? html`<div part="error" role="alert">
              <strong>${t.term(TITLED.includes(error.code) ? (`error.${error.code}` as TextKey) : 'error.other')}</strong>
              <span>${error.message}</span>
              ${
                FINAL.includes(error.code)
                  ? nothing
                  : html`<button part="retry" class="pill" type="button" @click=${() => this.join()}>${t.term('room.retry')}</button>`
              }
            </div>`
            : nothing
        }
        ${
          this.#notices.length && state !== 'error'
            ? html`<div part="notice" role="status">${this.#notices.map((n) => html`<span>${t.term(noticeKey(n))}</span> `)}${this.#mediaHint()}</div>`
            : nothing
        }
        <div part="grid" style="--_columns: ${columns}; --_narrow-columns: ${count > 2 ? 2 : 1}">
          ${repeat(
            participants,
            (p) => p.id,
            (p) => this.#tile(p),
          )}
          ${state === 'connected' && count === 1 ? html`<p part="empty">${t.term('room.waiting', { room: this.room })}</p>` : nothing}
        </div>
        <slot></slot>
      </section>
    `;
  }

  #tile(participant: Participant) {
    const t = this.#strings;
    const name = participant.name || t.term(participant.local ? 'room.you' : 'room.guest');
    const label = participant.local ? t.term('room.you.label', { name }) : name;
    const linkState = participant.connectionState;
    const pending = !participant.local && linkState !== 'connected';
    const badge =
      linkState === 'failed' ? 'tile.failed' : linkState === 'disconnected' ? 'tile.reconnecting' : 'tile.connecting';
    return html`
      <div class="tile" part="tile ${participant.local ? 'local' : 'remote'}" data-participant=${participant.id}
        data-connection-state=${linkState}>
        <rtc-video part="video" .participant=${participant} .stream=${participant.stream} name=${label}
          ?muted=${participant.local} ?mirrored=${participant.local}></rtc-video>
        ${pending ? html`<span part="tile-status">${t.term(badge)}</span>` : nothing}
      </div>
    `;
  }

  /** What you are left with after a media problem, in words. */
  #mediaHint(): string {
    const kinds = this.session?.localStream?.getTracks().map((t) => t.kind) ?? [];
    if (kinds.includes('audio') && !kinds.includes('video')) return this.#strings.term('notice.microphone-only');
    if (kinds.includes('video') && !kinds.includes('audio')) return this.#strings.term('notice.camera-only');
    if (!kinds.length) return this.#strings.term('notice.receive-only');
    return '';
  }
}

/** The strings-table key of a media problem: which devices, refused or failed. */
function noticeKey(error: RtcError): TextKey {
  const { devices } = error;
  if (!devices.length) return 'notice.insecure';
  const which = devices.length > 1 ? 'both' : devices[0]!;
  return error.code === 'media-denied' ? `notice.denied.${which}` : `notice.unavailable.${which}`;
}
