import { html, LitElement, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { LocalizeController } from '../../controllers/localize-controller.js';
import { SessionConsumer } from '../../controllers/session-consumer.js';
import type { Participant } from '../../core/participant.js';
import type { RoomSession } from '../../core/room-types.js';
import { RtcChatToggleEvent } from '../../events/rtc-chat-toggle.js';
import type { RtcUnreadChangeEvent } from '../../events/rtc-unread-change.js';
import { RtcSettingsToggleEvent } from '../../events/rtc-settings-toggle.js';
import { RtcPictureInPictureToggleEvent } from '../../events/rtc-picture-in-picture-toggle.js';
import { icon } from '../../styles/icons.js';
import { ChatLogController } from '../chat/chat-log-controller.js';
import { styles } from './controls.styles.js';
import { ariaShortcut, isApple, isTyping, type ShortcutAction, shortcutLabel, shortcutOf } from './shortcuts.js';
import { setStates } from '../custom-states.js';

/** The buttons, in their order on the bar (also the words `hide` takes). */
export type ControlsButton = 'microphone' | 'camera' | 'screen' | 'hand' | 'chat' | 'settings' | 'pip' | 'leave';
const BUTTONS: readonly ControlsButton[] = [
  'microphone',
  'camera',
  'screen',
  'hand',
  'chat',
  'settings',
  'pip',
  'leave',
];
const WITH_SHORTCUT = new Set<ControlsButton>(['microphone', 'camera', 'screen', 'hand', 'chat']);

/** True where the browser can share a screen (not on phones, nor outside secure contexts). */
export function canShareScreen(): boolean {
  return typeof navigator.mediaDevices?.getDisplayMedia === 'function';
}

/** True where the browser can show a call in picture-in-picture (a window of its own, or a video's). */
export function canPictureInPicture(): boolean {
  return 'documentPictureInPicture' in globalThis || !!document.pictureInPictureEnabled;
}

/**
 * Put it inside `<rtc-room>`, point it at one with `for="<room id>"`, or give it a session with
 * `.session`. The buttons follow your own participant's state (`state.audio`, `video`, `screen`,
 * `hand`) and ask the session to change it; when that fails (a camera refused, a screen share
 * declined) the session reports a non-fatal `error` (`<rtc-room>` shows it) and the button stays as
 * things really are. The screen share button only shows where the browser can share a screen.
 *
 * Chat and settings are panels whoever hosts them shows: their buttons toggle `chatOpen` and
 * `settingsOpen` and fire `rtc-chat-toggle` / `rtc-settings-toggle`; so does picture-in-picture
 * (`pictureInPicture`, `rtc-picture-in-picture-toggle`: `<rtc-room>` opens it), shown only where
 * the browser has it. The chat button shows how many
 * chat messages nobody has seen (the session's chat log, `sharedChatLog`: those that arrived while
 * no chat was open), and its name says it ("Chat, 3 unread messages").
 *
 * `hide="screen settings"` leaves out buttons (any of `microphone camera screen hand chat settings
 * pip leave`). Toggles carry `aria-pressed` (pressed: microphone or camera on, sharing, hand raised, panel
 * open) and keep their name; each button shows a tooltip on hover and keyboard focus (Escape
 * hides it).
 *
 * Keyboard shortcuts, anywhere in the page while the controls are in it, but never while typing in
 * a field (`no-shortcuts` turns them off): Ctrl+D (⌘D on Apple) microphone, Ctrl+E (⌘E) camera —
 * Google Meet's —, Ctrl+Alt+S (⌃⌘S) screen share, Ctrl+Alt+H (⌃⌘H) raise or lower your hand,
 * Ctrl+Alt+C (⌃⌘C) chat. A shortcut cancels the key's browser action (Ctrl+D would bookmark the page);
 * with several controls in a page, the first connected one handles it. Leaving and settings have no
 * shortcut: leaving by accident costs too much, settings are rare.
 *
 * @tagname rtc-controls
 * @summary The call's control bar: microphone, camera, screen share, raise hand, chat, settings and
 * leave, with tooltips and keyboard shortcuts.
 *
 * @csspart bar - The row of buttons (a labelled group).
 * @csspart button - Every button (also named by its own part below).
 * @csspart microphone - The microphone button.
 * @csspart camera - The camera button.
 * @csspart screen - The screen share button.
 * @csspart hand - The raise hand button.
 * @csspart chat - The chat button.
 * @csspart settings - The device settings button.
 * @csspart pip - The picture-in-picture button.
 * @csspart leave - The leave button.
 * @csspart badge - The unread count on the chat button.
 * @csspart tooltip - Each button's tooltip.
 *
 * @cssproperty [--rtc-controls-button-size=44px] - Width and height of a button.
 * @cssproperty [--rtc-controls-gap=var(--rtc-space-s, 8px)] - Space between buttons.
 * @cssproperty [--rtc-controls-background=var(--rtc-color-surface-raised)] - Behind the bar.
 * @cssproperty [--rtc-controls-radius=999px] - Corner radius of the bar and the buttons.
 * @cssproperty [--rtc-controls-button-background=translucent text colour] - A button at rest.
 * @cssproperty [--rtc-controls-button-color=var(--rtc-color-text)] - A button's icon.
 * @cssproperty [--rtc-controls-off-background=var(--rtc-color-danger)] - Microphone or camera off, and leave.
 * @cssproperty [--rtc-controls-off-color=white (light), near black (dark)] - Their icon.
 * @cssproperty [--rtc-controls-active-background=var(--rtc-color-accent)] - Sharing, hand raised, panel open.
 * @cssproperty [--rtc-controls-active-color=var(--rtc-color-on-accent)] - Their icon.
 *
 * @cssstate muted - Your microphone is off.
 * @cssstate camera-off - Your camera is off.
 * @cssstate sharing - You share your screen.
 * @cssstate hand-raised - Your hand is raised.
 * @cssstate unread - Chat messages wait unread.
 *
 * @event rtc-chat-toggle - The person opened or closed the chat; `event.open`. {@link RtcChatToggleEvent}
 * @event rtc-settings-toggle - The person opened or closed the settings; `event.open`. {@link RtcSettingsToggleEvent}
 * @event rtc-picture-in-picture-toggle - The person asked for picture-in-picture, or to close it; `event.open`. {@link RtcPictureInPictureToggleEvent}
 * @event rtc-unread-change - `event.unread` changed: a message arrived while no chat was open, or the chat opened. {@link RtcUnreadChangeEvent}
 */
export class RtcControls extends LitElement {
  static override styles = styles;

  /** The id of an `<rtc-room>` elsewhere in the page, when the controls are not inside it. */
  @property({ reflect: true }) for = '';

  /** The chat panel is open (set it when your page opens or closes it; the button toggles it). */
  @property({ type: Boolean, reflect: true, attribute: 'chat-open' }) chatOpen = false;

  /** The device settings panel is open. */
  @property({ type: Boolean, reflect: true, attribute: 'settings-open' }) settingsOpen = false;

  /** Picture-in-picture is open (the room sets it; the button toggles it). */
  @property({ type: Boolean, reflect: true, attribute: 'picture-in-picture' }) pictureInPicture = false;

  /** Buttons to leave out, separated by spaces: `microphone camera screen hand chat settings pip leave`. */
  @property({ reflect: true }) hide = '';

  /** Turns the keyboard shortcuts off. */
  @property({ type: Boolean, reflect: true, attribute: 'no-shortcuts' }) noShortcuts = false;

  #consumer = new SessionConsumer(this, { events: ['state', 'joined'] });
  #chat = new ChatLogController(this, () => this.session, {
    showing: () => this.chatOpen,
  });
  #strings = new LocalizeController(this);
  #internals = this.attachInternals();
  /** The participant whose state is shown. */
  #local: Participant | null = null;
  /** Actions under way (a second press waits for the first to settle). */
  #busy = new Set<ControlsButton>();
  #apple = false;
  /** Escape hid the tooltips; the next focus move brings them back. */
  #quiet = false;

  /** The session to use; wins over `for` and the enclosing room. */
  get session(): RoomSession | null {
    return this.#consumer.session;
  }

  set session(session: RoomSession | null) {
    this.#consumer.explicit = session;
  }

  /** Chat messages nobody has seen: that arrived while the chat was closed (back to 0 when it opens). */
  get unread(): number {
    return this.#chat.unread;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#apple = isApple();
    document.addEventListener('keydown', this.#onKeyDown);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('keydown', this.#onKeyDown);
    this.#followLocal(null);
  }

  protected override willUpdate(): void {
    this.#followLocal(this.isConnected ? (this.session?.local ?? null) : null);
  }

  protected override render() {
    const local = this.#local;
    const hidden = this.#hidden();
    const pressed: Record<ControlsButton, boolean | undefined> = {
      microphone: !!local?.audioEnabled,
      camera: !!local?.videoEnabled,
      screen: local?.state.screen === true,
      hand: !!local?.handRaised,
      chat: this.chatOpen,
      settings: this.settingsOpen,
      pip: this.pictureInPicture,
      leave: undefined,
    };
    const shown = BUTTONS.filter(
      (name) =>
        !hidden.has(name) && (name !== 'screen' || canShareScreen()) && (name !== 'pip' || canPictureInPicture()),
    );
    return html`<div part="bar" class=${this.#quiet ? 'quiet' : ''} role="group"
        aria-label=${this.#strings.term('controls.label')}
        @keydown=${this.#onBarKeyDown} @focusin=${this.#wake} @pointerleave=${this.#wake}>
      ${shown.map((name) => this.#button(name, pressed[name]))}
    </div>`;
  }

  protected override updated(): void {
    const local = this.#local;
    setStates(this.#internals, {
      muted: !!local && !local.audioEnabled,
      'camera-off': !!local && !local.videoEnabled,
      sharing: local?.state.screen === true,
      'hand-raised': !!local?.handRaised,
      unread: this.unread > 0,
    });
  }

  /** One button: `aria-pressed` for toggles, its shortcut, its tooltip, and the unread badge on chat. */
  #button(name: ControlsButton, pressed: boolean | undefined) {
    const t = this.#strings;
    const media = name === 'microphone' || name === 'camera';
    // Microphone or camera off (once joined), and leave: the warning colour. Other toggles on: the accent.
    const off = name === 'leave' || (media && !!this.#local && !pressed);
    const look = off ? 'off' : pressed && !media ? 'active' : '';
    const unread = name === 'chat' ? this.unread : 0;
    const title = t.term(`controls.${name}`);
    const action = WITH_SHORTCUT.has(name) && !this.noShortcuts ? (name as ShortcutAction) : null;
    const keys = { control: t.term('controls.key.control'), alt: t.term('controls.key.alt') };
    const tip = action
      ? t.term('controls.tooltip', { label: title, shortcut: shortcutLabel(action, this.#apple, keys) })
      : title;
    return html`<button part="button ${name}" class=${look} type="button" data-button=${name}
      aria-label=${unread ? t.plural('controls.chat.unread', unread) : title}
      aria-pressed=${pressed === undefined ? nothing : String(pressed)}
      aria-keyshortcuts=${action ? ariaShortcut(action, this.#apple) : nothing}
      aria-disabled=${this.#usable(name) ? nothing : 'true'}
      @click=${() => void this.#act(name)}>${icon(off && media ? `${name}-off` : name)}${
        unread ? html`<span part="badge" aria-hidden="true">${unread > 99 ? '99+' : unread}</span>` : nothing
      }<span part="tooltip" class="tooltip" aria-hidden="true">${tip}</span></button>`;
  }

  /** Does what button `name` does; a failure leaves the button as things are (the session reported it). */
  async #act(name: ControlsButton): Promise<void> {
    if (name === 'chat') {
      this.chatOpen = !this.chatOpen;
      this.dispatchEvent(new RtcChatToggleEvent(this.chatOpen));
      return;
    }
    if (name === 'settings') {
      this.settingsOpen = !this.settingsOpen;
      this.dispatchEvent(new RtcSettingsToggleEvent(this.settingsOpen));
      return;
    }
    if (name === 'pip') {
      // At once, in the click: opening the window needs its user activation.
      this.dispatchEvent(new RtcPictureInPictureToggleEvent(!this.pictureInPicture));
      return;
    }
    const session = this.session;
    if (!session || !this.#usable(name) || this.#busy.has(name)) return;
    const local = session.local;
    this.#busy.add(name);
    try {
      if (name === 'leave') session.leave();
      else if (name === 'microphone') await session.setMicrophoneEnabled(!local?.audioEnabled);
      else if (name === 'camera') await session.setCameraEnabled(!local?.videoEnabled);
      else if (name === 'hand') session.setState({ hand: !local?.handRaised });
      else if (local?.state.screen === true) session.stopScreenShare();
      else await session.startScreenShare();
    } catch {
      // The session reported it as a non-fatal `error` (the room shows it); the state is unchanged.
    } finally {
      this.#busy.delete(name);
      this.requestUpdate();
    }
  }

  /** Whether button `name` can act now: media and picture-in-picture buttons once joined, leave while in (or joining) a room. */
  #usable(name: ControlsButton): boolean {
    if (name === 'chat' || name === 'settings') return true;
    const session = this.session;
    if (name !== 'leave') return !!session?.local;
    const state = session?.state;
    return state === 'connecting' || state === 'connected' || state === 'reconnecting';
  }

  /** The buttons `hide` leaves out. */
  #hidden(): Set<string> {
    return new Set(this.hide.toLowerCase().split(/\s+/).filter(Boolean));
  }

  #onKeyDown = (event: KeyboardEvent) => {
    if (this.noShortcuts || event.defaultPrevented || isTyping(event)) return;
    const action = shortcutOf(event, this.#apple);
    if (!action) return;
    // Only for a button that is there and usable: otherwise the key keeps its usual meaning.
    const button = this.shadowRoot?.querySelector<HTMLButtonElement>(`[data-button=${action}]`);
    if (!button || button.ariaDisabled === 'true') return;
    event.preventDefault();
    void this.#act(action);
  };

  #onBarKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || this.#quiet) return;
    this.#quiet = true;
    this.requestUpdate();
  };

  #wake = () => {
    if (!this.#quiet) return;
    this.#quiet = false;
    this.requestUpdate();
  };

  /** Follows your own participant's state (a new one each time the session joins). */
  #followLocal(local: Participant | null) {
    if (local === this.#local) return;
    this.#local?.removeEventListener('state', this.#onLocalState);
    this.#local = local;
    this.#local?.addEventListener('state', this.#onLocalState);
  }

  #onLocalState = () => this.requestUpdate();
}
