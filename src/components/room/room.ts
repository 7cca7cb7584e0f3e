import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { LocalizeController } from '../../controllers/localize-controller.js';
import { forwardEvents } from '../../controllers/forward-controller.js';
import { RoomController } from '../../controllers/room-controller.js';
import type { RtcError } from '../../core/errors.js';
import type { MediaRequest } from '../../core/media.js';
import type { RoomSession, RoomState } from '../../core/room-types.js';
import { missingWebRTC } from '../../core/support.js';
import type { RtcPinChangeEvent } from '../../events/rtc-pin-change.js';
import type { TransportFactory } from '../../core/transport/transport.js';
import type { MediaMode } from '../../core/protocol.js';
import { Announcer } from './announcer.js';
import { ErrorTexts } from './error-texts.js';
import { FORWARDED } from './forwarded-events.js';
import { lobby } from './lobby.js';
import { MeetingView } from './meeting-view.js';
import { errorBox, notices } from './notices.js';
import { PanelFocus } from './panel-focus.js';
import { focusPanel, loadPanel } from './panel-parts.js';
import { openPip } from './picture-in-picture.js';
import type { PipView } from './pip-window.js';
import { ReconnectLine } from './reconnecting.js';
import { focusTile, type Tile, tilesOf } from './tiles.js';
import { controlBar, panel, stage, stageObserver } from './stage.js';
import { styles } from './room.styles.js';
import { roomStates } from './tiles.js';

/**
 * Provides its session (a core `Room`) to the elements inside it through `@lit/context`
 * (`sessionContext`). A page can instead hand it a session of its own through `session`: the element
 * then renders that session and never joins or leaves it by itself.
 *
 * The stage fills the room's height (`--rtc-room-min-height` when the page sets none): a grid of
 * tiles as large as they fit, or, while someone shares a screen, a tile is pinned, or
 * `layout="speaker"`, one large tile with the others in a strip. A polite live region announces
 * joins, leaves, microphones turned off and on, raised hands and errors. The side panel (chat or
 * settings) takes the focus when it opens; Escape or its close button closes it and gives the
 * focus back to the button that opened it.
 *
 * Every string comes from the strings table (`setStrings`), in the language of the closest
 * `lang` attribute; the layout follows `dir`.
 *
 * The public events of the elements it renders (the tiles, the control bar, the chat, the device
 * pickers, the stats) reach the room too: it fires a copy of each on itself, once (the events are
 * not `composed`, so they would stop at its shadow root). The README's table lists every event a
 * page hears on the room.
 *
 * @tagname rtc-room
 * @summary A whole video room: joins `room` on the signaling server when it is in the page,
 * shows everyone as tiles (you first, mirrored), and leaves, releasing every camera, microphone
 * and connection, when it is removed.
 *
 * @slot - Extra content under the stage, which can use the room's context.
 * @slot start - Before the status line.
 * @slot end - After the status line.
 * @slot controls - The control bar: by default an `<rtc-controls>` (none with `no-controls`).
 * @slot lobby - What the lobby shows above the name field: by default an `<rtc-device-picker>`.
 *
 * @csspart base - The wrapper.
 * @csspart header - The row with the status and the `start`/`end` slots.
 * @csspart status - The connection status text.
 * @csspart stage - Where the tiles are.
 * @csspart grid - The tiles in a grid (or the strip beside the large tile).
 * @csspart main - The large tile's place (speaker, pinned or screen layout).
 * @csspart tile - Each tile, an `<rtc-participant>` (also `tile local` or `tile remote`, and `tile screen`).
 * @csspart notice - The note shown when the camera or microphone could not be used or stopped (the room goes on).
 * @csspart notice-retry - The note's "Try again" button, which opens that camera or microphone again.
 * @csspart reconnecting - While the signaling connection is restored (the call goes on): when the
 *   next try starts, and the `retry-now` button ("Retry now").
 * @csspart error - The error message box.
 * @csspart retry - The "Try again" button in the error box (absent when trying again cannot help,
 *   as in a browser without WebRTC).
 * @csspart empty - The text shown while you are alone.
 * @csspart lobby - The lobby: preview, name and Join button (with `lobby`).
 * @csspart picker - The lobby's `<rtc-device-picker>`.
 * @csspart join - The lobby's Join button.
 * @csspart check-toggle - The lobby's "Check your setup" button, which shows the pre-call check.
 * @csspart precall - The lobby's `<rtc-precall-check>` (loaded and started when it is first shown).
 * @csspart controls - The `<rtc-controls>` bar under the stage.
 * @csspart panel - The side panel with the chat or the device settings.
 * @csspart panel-header - The panel's title and close button.
 * @csspart close - The panel's close button.
 * @csspart chat - The `<rtc-chat>` in the panel.
 * @csspart settings - The `<rtc-device-picker>` in the panel.
 * @csspart stats - The `<rtc-stats>` (detailed) under the settings: the call's numbers and quality.
 * @csspart meeting - Protocol 1.2's meeting under the stage (with a server that has one): `waiting` (a
 *   waiting room holds you), `asked` (what a host did to you), `reactions` (its `react` buttons),
 *   `hands` (raised hands in order; hosts' `lower`, `next-hand`, `lower-hands`) and, for hosts,
 *   `host`: `lock`, `end`, `knocks` (`admit`, `deny`, `admit-all`, `deny-all`) and `people` (`mute`,
 *   `camera-off`, `remove`). On tiles: `hand-position` (a hand's place), `reaction`, and for hosts `host-menu`.
 *
 * @cssproperty [--rtc-room-gap=var(--rtc-space-s, 8px)] - Space between tiles.
 * @cssproperty [--rtc-room-padding=var(--rtc-space-m, 12px)] - Space around the stage.
 * @cssproperty [--rtc-room-background=var(--rtc-color-surface)] - Background.
 * @cssproperty [--rtc-room-radius=var(--rtc-radius-l, 18px)] - Corner radius.
 * @cssproperty [--rtc-room-min-height=420px] - The room's height when the page gives it none.
 *
 * @cssstate idle - No `room` set yet.
 * @cssstate connecting - Getting media and joining.
 * @cssstate connected - In the room.
 * @cssstate reconnecting - The signaling connection dropped; resuming.
 * @cssstate error - Could not join or lost the room; see the `rtc-error` event. In a browser that
 * cannot make calls (no WebRTC) the error box says so, with the reason (code `webrtc-unsupported`).
 * @cssstate closed - Left the room.
 * @cssstate lobby - Waiting in the lobby for the person to join.
 * @cssstate focus - One tile is large (a screen, a pinned tile, or the speaker).
 *
 * @event rtc-joined - Joined; `event.participant` is you. {@link RtcJoinedEvent}
 * @event rtc-left - Left the room. {@link RtcLeftEvent}
 * @event rtc-peer-joined - Someone joined; `event.participant`. {@link RtcPeerJoinedEvent}
 * @event rtc-peer-left - Someone left; `event.participant`. {@link RtcPeerLeftEvent}
 * @event rtc-error - Something went wrong; `event.code`, `event.fatal`: the session's errors, and
 *   the parts' own (not fatal: a speaker a tile cannot play through, a failed preview). {@link RtcErrorEvent}
 * @event rtc-state-change - `event.state` changed. {@link RtcStateChangeEvent}
 * @event rtc-active-speaker - The loudest speaker changed; `event.participant`. {@link RtcActiveSpeakerEvent}
 * @event rtc-quality-change - A tile's connection quality changed (`event.participant`), or, with the
 *   settings open, the stats' (your uplink: `event.participant` null). {@link RtcQualityChangeEvent}
 * @event rtc-pin-change - A tile's pin button was pressed; `event.participant`, `event.pinned`. {@link RtcPinChangeEvent}
 * @event rtc-chat-toggle - The control bar opened or closed the chat; `event.open`. {@link RtcChatToggleEvent}
 * @event rtc-settings-toggle - The control bar opened or closed the settings; `event.open`. {@link RtcSettingsToggleEvent}
 * @event rtc-picture-in-picture-toggle - The control bar's picture-in-picture button was pressed (the room opens or closes it); `event.open`. {@link RtcPictureInPictureToggleEvent}
 * @event rtc-unread-change - The number of chat messages not seen changed; `event.unread`. {@link RtcUnreadChangeEvent}
 * @event change - A device was chosen in the lobby or the settings; `event.kind`, `event.deviceId` (a
 *   native `change` of the room's own fields is not one). {@link RtcDeviceChangeEvent}
 * @event rtc-precall-complete - The lobby's pre-call check ended; `event.results` (the event is composed: the
 *   check's own, not a copy). {@link RtcPrecallCompleteEvent}
 * @event rtc-device-lost - The device in use went away, seen by the lobby's or the settings' picker;
 *   `event.kind`, `event.device`, `event.fallback`. {@link RtcDeviceLostEvent}
 */
export class RtcRoom extends LitElement {
  static override styles = styles;

  /** Room to join: 1 to 64 characters of `A-Z a-z 0-9 . _ -`. Changing it moves to that room. */
  @property({ reflect: true }) room = '';

  /** Your display name, shown to the others (as text, never HTML). Changing it renames you in the call. */
  @property() name = '';

  /** Signaling server URL (`wss://…`, `https://…` or relative). Default: this origin's `/signal`. */
  @property() server = '';

  /** A JWT for servers that require one. */
  @property() token = '';

  /** `grid` (everyone the same size) or `speaker` (the active speaker large). A shared screen or a pinned tile is always large. */
  @property({ reflect: true }) layout: 'grid' | 'speaker' = 'grid';

  /**
   * Show a lobby first (preview, devices, name, Join button), as call products do; join only when
   * the person asks. A browser that cannot make calls gets no lobby: the room says so at once.
   */
  @property({ type: Boolean, reflect: true }) lobby = false;

  /** No control bar (the page puts its own in the `controls` slot, or none). */
  @property({ type: Boolean, reflect: true, attribute: 'no-controls' }) noControls = false;

  /**
   * Local media: `getUserMedia` constraints (default camera and microphone, falling back to
   * what exists), a `MediaStream` of your own, or `false` to only watch. A new `MediaStream` is
   * sent at once; new constraints or `false` take effect at the next join.
   */
  @property({ attribute: false }) media: MediaRequest | MediaStream | false | undefined = undefined;

  /** Extra `RTCPeerConnection` configuration, merged with the server's `iceServers`; a new one takes effect at the next join. */
  @property({ attribute: false }) rtcConfiguration: RTCConfiguration | undefined = undefined;

  /** What carries the media and messages (`RoomOptions.transport`): the mesh when unset; a new one takes effect at the next join. */
  @property({ attribute: false }) transport: TransportFactory | undefined = undefined;

  /**
   * How the media travels (`RoomOptions.mode`): `auto` (a mesh that moves to the server's SFU as
   * the room grows), `mesh` (never through the SFU) or `sfu` (through it at once, when the server
   * has one). Another value warns in the console and means `auto`. A new one takes effect at the next join.
   */
  @property() mode: MediaMode = 'auto';

  @state() private pinned: string | null = null;
  /** The side panel that is open: the chat, the device settings, or none. */
  @state() private panel: 'chat' | 'settings' | null = null;
  @state() private inLobby = true;
  @state() private checking = false;
  @state() private pip: PipView | null = null;
  /** @internal The stage's size, which stageObserver keeps. */
  @state() stageSize = { width: 0, height: 0, gap: 8 };

  #internals = this.attachInternals();
  #strings = new LocalizeController(this);
  #errorTexts = new ErrorTexts(this, this.#strings);
  /** What had the focus when the open panel opened (the button that opened it): it gets it back. */
  #focus = new PanelFocus();
  #announcer = new Announcer(this, this.#strings);
  #meeting = new MeetingView(this, this.#strings, (text) => this.#announcer.say(text));
  #reconnect = new ReconnectLine(this, this.#strings);
  #controller = new RoomController(this, {
    onEvent: (type, event) => this.#announcer.handle(type, event),
    onChange: () => {
      this.#syncStates();
      this.#announcer.know(this.session?.participants ?? []);
    },
  });
  #resize = stageObserver(this);
  // The tiles are laid out in a layer over the stage, so their size never feeds back into the stage's.

  constructor() {
    super();
    forwardEvents(this, FORWARDED);
  }

  /** True while the lobby waits for the person to press Join (never where calls cannot be made). */
  get waiting(): boolean {
    return this.lobby && this.inLobby && missingWebRTC().length === 0;
  }

  /**
   * The session shown: the core `Room` this element joined, or one the page set. Setting it
   * shows that session (its state, participants, errors) and provides it to the elements inside;
   * the element never joins or leaves a session it was given. Setting `null` goes back to joining
   * `room` itself.
   */
  get session(): RoomSession | null {
    return this.#controller.session;
  }

  set session(session: RoomSession | null) {
    this.#controller.session = session;
  }

  /** Where the element stands: `idle`, `connecting`, `connected`, `reconnecting`, `error` or `closed`. */
  get state(): RoomState {
    return this.#controller.state;
  }

  /** The last fatal error, while in the `error` state. */
  get error(): RtcError | null {
    return this.#controller.error;
  }

  /** Joins (again): leaves the current room first. Called for you when the element is connected (or Join is pressed in the lobby). */
  join(): void {
    this.inLobby = false;
    this.#controller.join();
  }

  /** Leaves the room, stopping every track and closing every connection it opened. */
  leave(): void {
    this.#controller.leave();
  }

  /**
   * Shows the call in picture-in-picture (the control bar's button does this): a window of its own
   * where the browser has Document Picture-in-Picture (a shared screen, else the active speaker,
   * with microphone, camera and leave buttons), else the browser's video picture-in-picture of
   * that person. Call it from a click (the browser requires one); rejects when the browser refuses.
   * The room itself is left as it is. The window's code is a chunk loaded at the first call.
   */
  async enterPictureInPicture(): Promise<void> {
    if (this.session && !this.pip) await openPip(this.session, this, this.#strings, (view) => (this.pip = view));
  }

  /** Closes the picture-in-picture. */
  exitPictureInPicture(): void {
    this.pip?.close();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.#controller.hostChanged(changed);
  }

  protected override firstUpdated(): void {
    this.#resize.observe(this.renderRoot.querySelector('[part=stage]')!);
  }

  protected override updated(): void {
    this.#syncStates();
  }

  /** Custom states follow the room at once, not only after the next render. */
  #syncStates() {
    roomStates(this.#internals, this.state, this.waiting, !!this.#focusTile());
  }

  protected override render() {
    const t = this.#strings;
    const state = this.state;
    const error = this.error;
    const count = this.session?.participants.length ?? 0;
    this.#meeting.watch(this.session);
    const status =
      state === 'connected'
        ? `${t.term('room.status.connected')} · ${t.plural('room.people', count)}`
        : t.term(`room.status.${state}`);
    return html`
      <section part="base" aria-label=${this.room ? t.term('room.label.named', { room: this.room }) : t.term('room.label')}>
        <div part="header">
          <slot name="start"></slot>
          <span part="status">${status}</span>
          <span class="spacer"></span>
          <slot name="end"></slot>
        </div>
        ${error ? (this.#errorTexts.ready() ? errorBox(t, error, () => this.join()) : nothing) : this.#reconnect.render()}
        ${this.state === 'error' ? nothing : notices(this.#controller, this.session, this.#strings)}
        <div class="body">
          <div part="stage">${this.waiting ? this.#lobby() : html`<div class="layer">${this.#stage(state === 'connected' && count === 1)}</div>`}</div>
          ${this.#panel()}
        </div>
        ${this.#meeting.region()}
        ${this.waiting || !this.session || this.state === 'error' ? nothing : this.#controls()}
        <slot></slot>
        <div class="visually-hidden" role="status" aria-live="polite">${this.#announcer.text}</div>
      </section>
    `;
  }

  protected override getUpdateComplete(): Promise<boolean> {
    const done = super.getUpdateComplete();
    return this.#errorTexts.loading ? this.#errorTexts.after(done, () => super.getUpdateComplete()) : done;
  }

  #controls() {
    return controlBar({
      hidden: this.noControls,
      panel: this.panel,
      pip: !!this.pip,
      toggle: (panel, open) => void this.#open(panel, open),
      // A refusal (no user activation) leaves the button as it is.
      togglePip: (open) => (open ? this.enterPictureInPicture().catch(() => undefined) : this.exitPictureInPicture()),
    });
  }

  /** The open panel; the chat's history and unread count are the session's chat log (`sharedChatLog`). */
  #panel() {
    if (this.waiting || !this.session || this.noControls) return nothing;
    const t = this.#strings;
    return panel({
      panel: this.panel,
      title: this.panel === 'settings' ? t.term('room.settings') : t.term('room.chat'),
      closeLabel: t.term('room.close-panel'),
      close: () => void this.#open(this.panel, false, true),
      keydown: this.#panelKey,
    });
  }

  /** Opens or closes `panel`; closed from inside it (Escape, its close button), the focus goes back to its opener. */
  async #open(panel: 'chat' | 'settings' | null, open: boolean, giveBack = false) {
    const closing = !open && !!panel && this.panel === panel;
    const before = open ? this.#focus.opening() : null;
    this.panel = open ? panel : closing ? null : this.panel;
    // The panel shows at once, its content as soon as its chunk is in (the first time it opens).
    if (open && panel) void loadPanel(panel);
    if (!open && !giveBack) return;
    await this.updateComplete;
    if (closing) this.#focus.giveBack(this.renderRoot, panel);
    else if (open && panel) await focusPanel(this.renderRoot, panel, () => this.panel === panel, before);
  }

  #panelKey = (event: KeyboardEvent) => {
    // A part that handles Escape itself (the stats' detail view) says so with preventDefault().
    if (event.key === 'Escape' && !event.defaultPrevented) void this.#open(this.panel, false, true);
  };

  #joinAs = (name: string) => {
    this.name = name;
    this.join();
  };

  #lobby() {
    const { checking: open, server, token } = this;
    const toggle = () => (this.checking = !this.checking);
    return lobby(this.#strings, this.name, this.#joinAs, { open, toggle, server, token });
  }

  #stage(alone: boolean) {
    return stage({
      tiles: tilesOf(this.session),
      focus: this.#focusTile(),
      size: this.stageSize,
      empty: alone ? this.#strings.term('room.waiting', { room: this.room }) : null,
      tile: (tile) => this.#tile(tile),
    });
  }

  #focusTile(): Tile | null {
    return focusTile(tilesOf(this.session), this.pinned, this.layout, this.session?.activeSpeaker);
  }

  #tile({ key, participant, screen }: Tile) {
    const kind = participant.local ? 'local' : 'remote';
    return html`<rtc-participant class="tile" part="tile ${kind}${screen ? ' screen' : ''}" data-participant=${participant.id}
      data-connection-state=${participant.connectionState} .participant=${participant} ?screen=${screen}
      .sinkId=${this.session?.device('audiooutput') ?? ''}
      ?pinned=${this.pinned === key} @rtc-pin-change=${(e: RtcPinChangeEvent) => this.#pin(key, e.pinned)}
      >${this.#meeting.badges(participant, screen)}</rtc-participant>`;
  }

  #pin = (key: string, pinned: boolean) => (this.pinned = pinned ? key : this.pinned === key ? null : this.pinned);
}
