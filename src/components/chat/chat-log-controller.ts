import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { type ChatEntry, type ChatLog, sharedChatLog } from '../../core/chat-log.js';
import type { RoomSession } from '../../core/room-types.js';
import { RtcUnreadChangeEvent } from '../../events/rtc-unread-change.js';

export interface ChatLogCallbacks {
  /** Whether the host shows the messages now (an open chat): they are read as they come. */
  showing?: () => boolean;
  /** A message came into the log (null: the log started again for a new call). */
  onMessage?: (entry: ChatEntry | null) => void;
}

/**
 * Follows the chat log of the host's session (`sharedChatLog`: one per session, whichever
 * element asks first) as one of its views while the host is connected. When the host's `unread`
 * changes (the log's, or another log's once the session changed), it fires `rtc-unread-change`
 * on the host and re-renders it. While `showing()`, the messages are read.
 */
export class ChatLogController implements ReactiveController {
  #host: ReactiveControllerHost & Element;
  #session: () => RoomSession | null;
  #callbacks: ChatLogCallbacks;
  #log: ChatLog | null = null;
  #removeView: (() => void) | undefined;
  #reported = 0;

  constructor(
    host: ReactiveControllerHost & Element,
    session: () => RoomSession | null,
    callbacks: ChatLogCallbacks = {},
  ) {
    this.#host = host;
    this.#session = session;
    this.#callbacks = callbacks;
    host.addController(this);
  }

  /** The log followed (null without a session). */
  get log(): ChatLog | null {
    return this.#log;
  }

  /** Messages from others nobody has seen. */
  get unread(): number {
    return this.#log?.unread ?? 0;
  }

  hostConnected(): void {
    this.#host.requestUpdate();
  }

  /** Before each render: the session may have changed, and `showing` too. */
  hostUpdate(): void {
    const session = this.#host.isConnected ? this.#session() : null;
    this.#follow(session && sharedChatLog(session));
    if (this.#showing()) this.#log?.read();
  }

  hostDisconnected(): void {
    // (No `rtc-unread-change` for that: nothing was read.)
    this.#follow(null, false);
  }

  #follow(log: ChatLog | null, report = true) {
    if (log === this.#log) return;
    this.#removeView?.();
    this.#log?.removeEventListener('message', this.#onMessage);
    this.#log?.removeEventListener('unread', this.#onUnread);
    this.#log = log;
    log?.addEventListener('message', this.#onMessage);
    log?.addEventListener('unread', this.#onUnread);
    this.#removeView = log?.addView(this.#showing);
    // A host that shows the messages reads them before it reports how many are unread.
    if (this.#showing()) log?.read();
    if (report) this.#onUnread();
  }

  #showing = () => !!this.#callbacks.showing?.();

  #onMessage = (event: CustomEvent<{ entry: ChatEntry | null }>) => this.#callbacks.onMessage?.(event.detail.entry);

  #onUnread = () => {
    const unread = this.unread;
    if (unread === this.#reported) return;
    this.#reported = unread;
    this.#host.dispatchEvent(new RtcUnreadChangeEvent(unread));
    this.#host.requestUpdate();
  };
}
