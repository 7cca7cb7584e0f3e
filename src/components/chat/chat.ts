import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import { LocalizeController } from '../../controllers/localize-controller.js';
import { chatEn } from '../../i18n/chat.strings.js';
import { addEnglish } from '../../i18n/localize.js';
import { SessionConsumer } from '../../controllers/session-consumer.js';
import type { ChatEntry } from '../../core/chat-log.js';
import { chatText, MAX_CHAT_BYTES, utf8Length } from '../../core/chat-message.js';
import type { RoomSession } from '../../core/room-types.js';
import type { RtcUnreadChangeEvent } from '../../events/rtc-unread-change.js';
import { icon } from '../../styles/icons.js';
import { type ChatGroup, chatGroups } from './chat-groups.js';
import { linkPieces } from './links.js';
import { ChatLogController } from './chat-log-controller.js';
import { styles } from './chat.styles.js';
import { timeOfDay } from './time-format.js';
import { setStates } from '../custom-states.js';

// Its English strings come with it (the kit carries only what its first screen shows).
addEnglish(chatEn);

/** The counter shows once this few bytes are left. */
const WARN_REMAINING = 500;
/** Whether CSS sizes the empty field to its placeholder (`field-sizing: content`); elsewhere the element does. */
const FIELD_SIZING = typeof CSS !== 'undefined' && CSS.supports('field-sizing', 'content');
/** How close to the end (in pixels) still counts as reading the newest messages. */
const NEAR_END = 48;

/**
 * Messages travel through the session's `send()` as `{ type: 'chat', text, id, at }` (see
 * `isChatMessage`) and arrive through its `message` event; anything else is ignored. Names and
 * texts are shown as text, never as HTML; `http(s)` links become links that open in a new tab.
 * The history is the session's chat log (`sharedChatLog`, the newest 500 messages): what came
 * before the chat was shown is there, and it starts again when the session joins a new call.
 * Enter sends, Shift+Enter starts a new line; a message holds at most 4 KB of UTF-8 (the field
 * shows what is left near the limit and refuses more).
 *
 * Set `open` while the chat is visible: messages from others that arrive while no chat is open
 * (nor a control bar's `chatOpen`) count as `unread` (`rtc-unread-change`), the same for every
 * element of the session. Its strings come from the strings table (`setStrings`), in the language
 * of the closest `lang`; time stamps follow that language.
 *
 * @tagname rtc-chat
 * @summary Text chat with everyone in the call: the messages, and a field to write one.
 *
 * @csspart messages - The scrolling list of messages.
 * @csspart group - The messages one sender sent in a row (also `own-group` for yours).
 * @csspart header - A group's sender name and time.
 * @csspart name - The sender's name.
 * @csspart time - The time of a group's first message.
 * @csspart message - One message's bubble (also `own-message` for yours).
 * @csspart link - A web link in a message.
 * @csspart empty - What shows while there are no messages.
 * @csspart new-messages - The button that scrolls to messages that arrived while you read older ones.
 * @csspart form - The text field and the send button.
 * @csspart input - The text field.
 * @csspart send - The send button.
 * @csspart counter - How many bytes are left (near the limit), or by how much the text is over.
 * @csspart hint - Why you cannot send yet.
 * @csspart error - The note shown when a message could not be sent.
 *
 * @cssproperty [--rtc-chat-height=28rem] - The chat's height (or set `height` on the element).
 * @cssproperty [--rtc-chat-background=var(--rtc-color-surface-raised)] - Background.
 * @cssproperty [--rtc-chat-radius=var(--rtc-radius-l, 18px)] - Corner radius.
 * @cssproperty [--rtc-chat-bubble-background=a tint of the text colour] - Behind others' messages.
 * @cssproperty [--rtc-chat-bubble-color=var(--rtc-color-text)] - Others' message text.
 * @cssproperty [--rtc-chat-own-bubble-background=var(--rtc-color-accent)] - Behind your messages.
 * @cssproperty [--rtc-chat-own-bubble-color=var(--rtc-color-on-accent)] - Your message text.
 *
 * @cssstate empty - No messages yet.
 * @cssstate joined - In a call: messages can be sent.
 * @cssstate unread - Some messages arrived while no chat was `open`.
 * @cssstate too-long - The text in the field is over 4 KB.
 *
 * @event rtc-unread-change - `event.unread` changed: a message arrived while no chat was `open`, a
 * chat was opened, or a new call began. {@link RtcUnreadChangeEvent}
 */
export class RtcChat extends LitElement {
  static override styles = styles;

  /** The id of an `<rtc-room>` elsewhere in the page, when the chat is not inside it. */
  @property({ reflect: true }) for = '';

  /**
   * Set it while the chat is visible to the person. Messages from others that arrive while no chat
   * of the session is open count as `unread`; setting it brings `unread` back to 0.
   */
  @property({ type: Boolean, reflect: true }) open = false;

  @state() private draft = '';
  @state() private failed = false;
  /** Messages that arrived below while the person was reading older ones. */
  @state() private below = 0;

  @query('[part~=messages]') private list!: HTMLOListElement;
  @query('textarea') private field!: HTMLTextAreaElement;

  /** The newest messages from others, for the screen reader announcements. */
  #announced: { key: number; text: string }[] = [];
  #announcedKey = 0;
  /** True while the newest messages are in view: new ones scroll into view. */
  #pinned = true;
  #scrollToEnd = false;
  #resize: ResizeObserver | undefined;
  #internals = this.attachInternals();
  #strings = new LocalizeController(this);
  #consumer = new SessionConsumer(this, { events: ['state'], onChange: () => this.#restart() });
  #log = new ChatLogController(this, () => this.session, {
    onMessage: (entry) => (entry ? this.#onMessage(entry) : this.#restart()),
    showing: () => this.open,
  });

  /** The session to use; wins over `for` and the enclosing room. */
  get session(): RoomSession | null {
    return this.#consumer.session;
  }

  set session(session: RoomSession | null) {
    this.#consumer.explicit = session;
  }

  /** Messages from others that arrived while no chat was `open` (the session's chat log's count). */
  get unread(): number {
    return this.#log.unread;
  }

  /** The messages of this call, oldest first (at most the newest 500). */
  get messages(): readonly ChatEntry[] {
    return this.#log.log?.messages ?? [];
  }

  /** Focuses the text field. */
  override focus(options?: FocusOptions): void {
    if (this.field) this.field.focus(options);
    else super.focus(options);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.list) this.#observe();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize?.disconnect();
  }

  /** Another session, or a new call: the newest messages in view, nothing announced. */
  #restart() {
    this.#announced = [];
    this.#pinned = true;
    this.#scrollToEnd = true;
    this.below = 0;
    this.failed = false;
    this.requestUpdate();
  }

  #onMessage(entry: ChatEntry) {
    if (entry.local || this.#pinned) {
      this.#scrollToEnd = true;
      this.below = 0;
    } else this.below++;
    if (!entry.local) {
      const name = entry.name || this.#strings.term('room.guest');
      this.#announced = [
        ...this.#announced,
        { key: this.#announcedKey++, text: this.#strings.term('chat.announce', { name, text: entry.text }) },
      ].slice(-3);
    }
    this.requestUpdate();
  }

  get #joined(): boolean {
    const state = this.session?.state;
    return state === 'connected' || state === 'reconnecting';
  }

  protected override render() {
    const bytes = utf8Length(chatText(this.draft));
    const remaining = MAX_CHAT_BYTES - bytes;
    const tooLong = remaining < 0;
    const joined = this.#joined;
    const messages = this.messages;
    const empty = messages.length === 0;
    const t = this.#strings;
    const words = [t.lang, t.term('room.you'), t.term('room.guest')];
    const described = [
      'keys',
      remaining <= WARN_REMAINING ? 'counter' : '',
      joined ? '' : 'hint',
      this.failed ? 'error' : '',
    ];
    return html`
      <div class="area">
        <ol part="messages" tabindex=${empty ? -1 : 0} aria-label=${t.term('chat.messages')} ?hidden=${empty} @scroll=${this.#onScroll}>
          ${
            // Typing re-renders the form only; a new message renders its own group only. What a
            // group shows depends on its messages, the language and the names "You" and "Guest".
            guard([messages, ...words], () =>
              repeat(
                chatGroups(messages),
                (group) => group.first,
                (group) => guard([group.entries.length, ...words], () => this.#group(group)),
              ),
            )
          }
        </ol>
        ${empty ? html`<div part="empty">${icon('chat', '2rem')}<p class="title">${t.term('chat.empty')}</p><p>${t.term('chat.empty.hint')}</p></div>` : nothing}
        ${this.below ? html`<button part="new-messages" class="pill" type="button" @click=${this.#showNewest}>${t.plural('chat.new-messages', this.below)}</button>` : nothing}
      </div>
      <div class="visually-hidden" role="log" aria-live="polite" aria-relevant="additions">
        ${repeat(
          this.#announced,
          (a) => a.key,
          (a) => html`<p>${a.text}</p>`,
        )}
      </div>
      <form part="form" @submit=${this.#submit}>
        <textarea part="input" rows="1" aria-label=${t.term('chat.input')}
          placeholder=${t.term('chat.placeholder')} aria-invalid=${tooLong ? 'true' : 'false'}
          aria-describedby=${described.filter(Boolean).join(' ')}
          @input=${this.#onInput} @keydown=${this.#onKeyDown}></textarea>
        <button part="send" type="submit" aria-label=${t.term('chat.send')} title=${t.term('chat.send')}
          ?disabled=${!joined || bytes === 0 || tooLong}>${icon('send')}</button>
        <span id="keys" hidden>${t.term('chat.keys')}</span>
        ${
          remaining <= WARN_REMAINING
            ? html`<p part="counter" id="counter" class=${tooLong ? 'over' : ''}>${
                tooLong ? t.plural('chat.too-long', -remaining) : t.plural('chat.remaining', remaining)
              }</p>`
            : nothing
        }
        ${joined ? nothing : html`<p part="hint" id="hint">${t.term('chat.not-joined')}</p>`}
        ${this.failed ? html`<p part="error" id="error" role="alert">${t.term('chat.send-failed')}</p>` : nothing}
      </form>
    `;
  }

  #group({ first, entries }: ChatGroup) {
    const t = this.#strings;
    const name = first.local ? t.term('room.you') : first.name || t.term('room.guest');
    return html`<li part=${first.local ? 'group own-group' : 'group'} class=${first.local ? 'group own' : 'group'}>
      <div part="header"><bdi part="name">${name}</bdi>
        <time part="time" dir="auto" datetime=${new Date(first.received).toISOString()}>${timeOfDay(this.#strings.lang, first.received)}</time></div>
      ${repeat(
        entries,
        (entry) => entry,
        (entry) =>
          html`<p part=${first.local ? 'message own-message' : 'message'} dir="auto">${linkPieces(entry.text).map(
            (piece) =>
              piece.href
                ? html`<a part="link" href=${piece.href} target="_blank" rel="noopener noreferrer">${piece.text}</a>`
                : piece.text,
          )}</p>`,
      )}
    </li>`;
  }

  protected override firstUpdated(): void {
    // Shown again, or resized: keep the newest messages in view if they were.
    this.#resize = new ResizeObserver((entries) => {
      if (this.#pinned) this.#toEnd();
      // An empty field as tall as its placeholder where CSS cannot do it (no field-sizing): next frame.
      if (entries.some((entry) => entry.target === this.field)) requestAnimationFrame(() => this.#fitPlaceholder());
    });
    this.#observe();
  }

  protected override updated(changed: PropertyValues): void {
    if (this.#scrollToEnd) {
      this.#scrollToEnd = false;
      this.#toEnd();
    }
    // The first render's empty field has the stylesheet's size: measuring it would only force a
    // layout of the whole page while it is being built (a room renders its chat as it joins).
    if (changed.has('draft') && changed.get('draft') !== undefined) this.#grow();
    setStates(this.#internals, {
      empty: this.messages.length === 0,
      joined: this.#joined,
      unread: this.unread > 0,
      'too-long': utf8Length(chatText(this.draft)) > MAX_CHAT_BYTES,
    });
    this.#internals.role = 'region';
    this.#internals.ariaLabel = this.#strings.term('chat.label');
  }

  #toEnd() {
    this.list.scrollTop = this.list.scrollHeight;
    this.#pinned = true;
    this.below = 0;
  }

  #onScroll = () => {
    const list = this.list;
    this.#pinned = list.scrollHeight - list.scrollTop - list.clientHeight < NEAR_END;
    if (this.#pinned) this.below = 0;
  };

  #showNewest = () => {
    this.#toEnd();
    this.list.focus();
  };

  #observe() {
    this.#resize?.observe(this.list);
    if (!FIELD_SIZING) this.#resize?.observe(this.field);
  }

  #fitPlaceholder() {
    if (!this.draft && this.field.clientWidth) this.#grow();
  }

  /** The field grows with its text, up to a few lines (then it scrolls). */
  #grow() {
    const field = this.field;
    field.style.blockSize = 'auto';
    field.style.blockSize = `${field.scrollHeight + field.offsetHeight - field.clientHeight}px`;
  }

  #onInput = (event: InputEvent) => {
    this.draft = (event.target as HTMLTextAreaElement).value;
    this.failed = false;
  };

  #onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    this.#send();
  };

  #submit = (event: SubmitEvent) => {
    event.preventDefault();
    this.#send();
  };

  #send() {
    const log = this.#log.log;
    const text = chatText(this.draft);
    const bytes = utf8Length(text);
    if (!log || !this.#joined || bytes === 0 || bytes > MAX_CHAT_BYTES) return;
    try {
      log.send(text);
      this.field.value = '';
      this.draft = '';
      this.failed = false;
    } catch {
      // Not joined after all, or the channel refused it: keep the text, say so.
      this.failed = true;
    }
  }
}
