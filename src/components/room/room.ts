import { ContextProvider } from '@lit/context';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { roomContext } from '../../context/room-context.js';
import { RoomController } from '../../controllers/room-controller.js';
import type { RtcError } from '../../core/errors.js';
import type { MediaRequest } from '../../core/media.js';
import type { Participant } from '../../core/participant.js';
import { Room, type RoomState } from '../../core/room.js';
import { RtcErrorEvent } from '../../events/rtc-error.js';
import { RtcJoinedEvent } from '../../events/rtc-joined.js';
import { RtcLeftEvent } from '../../events/rtc-left.js';
import { RtcPeerJoinedEvent } from '../../events/rtc-peer-joined.js';
import { RtcPeerLeftEvent } from '../../events/rtc-peer-left.js';
import { RtcStateChangeEvent } from '../../events/rtc-state-change.js';
import { styles } from './room.styles.js';

const STATUS_TEXT: Record<RoomState, string> = {
  idle: 'Not in a room',
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  closed: 'Left the room',
  error: 'Not connected',
};

/**
 * @tagname rtc-room
 * @summary A whole video room: joins `room` on the signaling server when it is in the page,
 * shows everyone in a responsive grid (you first, mirrored), and leaves, releasing every camera,
 * microphone and connection, when it is removed.
 *
 * Provides its core `Room` to the elements inside it through `@lit/context` (`roomContext`).
 *
 * @slot - Extra content under the grid (controls, pickers), which can use the room's context.
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
 * @csspart retry - The "Try again" button in the error box.
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
 * @cssstate error - Could not join or lost the room; see the `rtc-error` event.
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
  #provider = new ContextProvider(this, { context: roomContext, initialValue: null });
  #internals = this.attachInternals();
  #error: RtcError | null = null;
  /** Non-fatal media problems of the current session (camera refused, microphone missing). */
  #notices: RtcError[] = [];

  /** The core `Room` behind this element (null when not in a room). */
  get session(): Room | null {
    return this.#controller.room;
  }

  /** Where the element stands: `idle`, `connecting`, `connected`, `reconnecting`, `error` or `closed`. */
  get state(): RoomState {
    return this.session?.state ?? (this.#error ? 'error' : 'idle');
  }

  /** The last fatal error, while in the `error` state. */
  get error(): RtcError | null {
    return this.state === 'error' ? this.#error : null;
  }

  /** Joins (again): leaves the current room first. Called for you when the element is connected. */
  join(): void {
    this.leave();
    if (this.#error) {
      this.#error = null;
      this.requestUpdate();
    }
    this.#notices = [];
    if (!this.room) return;
    const session = new Room({
      room: this.room,
      ...(this.name && { name: this.name }),
      ...(this.server && { server: this.server }),
      ...(this.token && { token: this.token }),
      ...(this.media !== undefined && { media: this.media }),
      ...(this.rtcConfiguration && { rtcConfiguration: this.rtcConfiguration }),
    });
    this.#bridge(session);
    this.#controller.room = session;
    this.#provider.setValue(session);
    // Failures arrive as `error` events (rtc-error) and the `error` state.
    session.join().catch(() => undefined);
  }

  /** Leaves the room, stopping every track and closing every connection it opened. */
  leave(): void {
    const session = this.session;
    if (!session) return;
    const wasIn = session.state !== 'idle' && session.state !== 'closed';
    session.leave();
    this.#controller.room = null;
    this.#provider.setValue(null);
    this.#syncStates();
    if (wasIn) this.dispatchEvent(new RtcLeftEvent());
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Re-added to the page after a removal: join again (the first join happens in updated()).
    if (this.hasUpdated) this.join();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.leave();
    this.#error = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('room') || changed.has('name') || changed.has('server') || changed.has('token')) {
      if (this.isConnected) this.join();
    } else if (changed.has('media') && this.media instanceof MediaStream) {
      void this.session?.setLocalStream(this.media);
    }
  }

  protected override updated(): void {
    this.#syncStates();
  }

  /** Custom states follow the room's state at once, not only after the next render. */
  #syncStates() {
    const current = this.state;
    for (const state of Object.keys(STATUS_TEXT)) this.#setState(state, state === current);
  }

  #bridge(session: Room) {
    session.addEventListener('state', (e) => {
      if (session !== this.session) return;
      if (e.detail.error) this.#error = e.detail.error;
      this.#syncStates();
      this.dispatchEvent(new RtcStateChangeEvent(e.detail.state));
    });
    session.addEventListener('joined', (e) => {
      if (session === this.session) this.dispatchEvent(new RtcJoinedEvent(e.detail.participant));
    });
    session.addEventListener('participant-joined', (e) => {
      if (session === this.session && !e.detail.participant.local) {
        this.dispatchEvent(new RtcPeerJoinedEvent(e.detail.participant));
      }
    });
    session.addEventListener('participant-left', (e) => {
      if (session === this.session) this.dispatchEvent(new RtcPeerLeftEvent(e.detail.participant));
    });
    session.addEventListener('error', (e) => {
      if (session !== this.session) return;
      if (e.detail.fatal) this.#error = e.detail.error;
      else if (e.detail.error.code === 'media-denied' || e.detail.error.code === 'media-unavailable') {
        this.#notices = [...this.#notices, e.detail.error];
        this.requestUpdate();
      }
      this.dispatchEvent(new RtcErrorEvent(e.detail.error, e.detail.fatal));
    });
  }

  protected override render() {
    const session = this.session;
    const state = this.state;
    const participants = session?.participants ?? [];
    const columns = participants.length <= 1 ? 1 : participants.length <= 4 ? 2 : participants.length <= 9 ? 3 : 4;
    const count = participants.length;
    const status =
      state === 'connected'
        ? `${STATUS_TEXT.connected} · ${count} ${count === 1 ? 'person' : 'people'}`
        : STATUS_TEXT[state];
    return html`
      <section part="base" aria-label=${this.room ? `Video room ${this.room}` : 'Video room'}>
        <div part="header">
          <slot name="start"></slot>
          <span part="status" role="status">${status}</span>
          <span class="spacer"></span>
          <slot name="end"></slot>
        </div>
        ${
          state === 'error' && this.#error
            ? html`<div part="error" role="alert">
              <strong>${errorTitle(this.#error)}</strong>
              <span>${this.#error.message}</span>
              <button part="retry" class="pill" type="button" @click=${() => this.join()}>Try again</button>
            </div>`
            : nothing
        }
        ${
          this.#notices.length && state !== 'error'
            ? html`<div part="notice" role="status">${this.#notices.map((n) => html`<span>${n.message}.</span> `)}${mediaHint(this.session)}</div>`
            : nothing
        }
        <div part="grid" style="--_columns: ${columns}; --_narrow-columns: ${count > 2 ? 2 : 1}">
          ${repeat(
            participants,
            (p) => p.id,
            (p) => this.#tile(p),
          )}
          ${
            state === 'connected' && count === 1
              ? html`<p part="empty">Waiting for others to join “${this.room}”…</p>`
              : nothing
          }
        </div>
        <slot></slot>
      </section>
    `;
  }

  #tile(participant: Participant) {
    const name = participant.name || (participant.local ? 'You' : 'Guest');
    const label = participant.local ? `${name} (you)` : name;
    const linkState = participant.connectionState;
    const pending = !participant.local && linkState !== 'connected';
    return html`
      <div class="tile" part="tile ${participant.local ? 'local' : 'remote'}" data-participant=${participant.id}
        data-connection-state=${linkState}>
        <rtc-video part="video" .participant=${participant} .stream=${participant.stream} name=${label}
          ?muted=${participant.local} ?mirrored=${participant.local}></rtc-video>
        ${
          pending
            ? html`<span part="tile-status">${linkState === 'failed' ? 'Connection failed' : linkState === 'disconnected' ? 'Reconnecting…' : 'Connecting…'}</span>`
            : nothing
        }
      </div>
    `;
  }

  #setState(name: string, on: boolean) {
    const states = this.#internals.states;
    if (!states) return;
    if (on) states.add(name);
    else states.delete(name);
  }
}

/** What the participant is left with after a media problem, in words. */
function mediaHint(session: Room | null): string {
  const kinds = session?.localStream?.getTracks().map((t) => t.kind) ?? [];
  if (kinds.includes('audio') && !kinds.includes('video')) return 'You joined with your microphone only.';
  if (kinds.includes('video') && !kinds.includes('audio')) return 'You joined with your camera only.';
  if (!kinds.length) return 'You joined without camera or microphone: you can watch and listen.';
  return '';
}

function errorTitle(error: RtcError): string {
  switch (error.code) {
    case 'invalid-room':
      return 'Invalid room name.';
    case 'invalid-name':
      return 'Invalid name.';
    case 'invalid-server':
    case 'server-unreachable':
      return 'Cannot reach the server.';
    case 'connection-lost':
      return 'Connection lost.';
    case 'room-full':
      return 'The room is full.';
    case 'unauthorized':
      return 'Not allowed in.';
    default:
      return 'Something went wrong.';
  }
}
