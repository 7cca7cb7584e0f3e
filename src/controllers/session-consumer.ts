import { ContextConsumer, ContextEvent } from '@lit/context';
import type { ReactiveController, ReactiveElement } from 'lit';
import { sessionContext } from '../context/session-context.js';
import type { RoomEventMap, RoomSession } from '../core/room-types.js';

/** An element that can be pointed at a room: `for="<id of an rtc-room>"`, or `.session`. */
export interface SessionHost extends ReactiveElement {
  /** The id of an `<rtc-room>` elsewhere in the page. */
  for: string;
}

/**
 * Finds the session an element works with, in this order: a session set on the controller
 * (the element's own `session` property), the `<rtc-room>` named by the element's `for`
 * attribute, or the `<rtc-room>` it sits in (through `@lit/context`). Re-renders the host when the
 * session changes and on the session events it asks for.
 */
export class SessionConsumer implements ReactiveController {
  #host: SessionHost;
  #events: readonly (keyof RoomEventMap)[];
  #explicit: RoomSession | null = null;
  #fromContext: RoomSession | null = null;
  #fromFor: RoomSession | null = null;
  #forTarget: Element | null = null;
  #unsubscribeFor: (() => void) | undefined;
  #watched: RoomSession | null = null;
  #onEvent = () => this.#host.requestUpdate();
  /** Called after the session changed (the host may subscribe to participants). */
  #onChange: ((session: RoomSession | null) => void) | undefined;

  constructor(
    host: SessionHost,
    {
      events = [],
      onChange,
    }: { events?: readonly (keyof RoomEventMap)[]; onChange?: (session: RoomSession | null) => void } = {},
  ) {
    this.#host = host;
    this.#events = events;
    this.#onChange = onChange;
    host.addController(this);
    new ContextConsumer(host, {
      context: sessionContext,
      subscribe: true,
      callback: (session) => {
        this.#fromContext = session;
        this.#refresh();
      },
    });
  }

  /** The session in use (null when none is found, or the room has none yet). */
  get session(): RoomSession | null {
    return this.#explicit ?? (this.#host.for ? this.#fromFor : this.#fromContext);
  }

  /** A session given directly (the element's `session` property); null goes back to finding one. */
  set explicit(session: RoomSession | null) {
    this.#explicit = session;
    this.#refresh();
  }

  get explicit(): RoomSession | null {
    return this.#explicit;
  }

  hostConnected(): void {
    this.#resolveFor();
  }

  hostDisconnected(): void {
    this.#unsubscribeFor?.();
    this.#unsubscribeFor = undefined;
    this.#forTarget = null;
    this.#watch(null);
  }

  hostUpdate(): void {
    // `for` may have changed since the last look.
    const wanted = this.#host.for || null;
    if ((this.#forTarget?.id ?? null) !== wanted) this.#resolveFor();
  }

  #resolveFor() {
    this.#unsubscribeFor?.();
    this.#unsubscribeFor = undefined;
    this.#forTarget = null;
    this.#fromFor = null;
    const id = this.#host.for;
    if (id && this.#host.isConnected) {
      const target =
        (this.#host.getRootNode() as Document | ShadowRoot).getElementById?.(id) ?? document.getElementById(id);
      if (target) {
        this.#forTarget = target;
        // Ask the room element itself, as a child would: it answers with its session, now and on every change.
        target.dispatchEvent(
          new ContextEvent(
            sessionContext,
            this.#host,
            (session, unsubscribe) => {
              this.#unsubscribeFor = unsubscribe;
              this.#fromFor = session;
              this.#refresh();
            },
            true,
          ),
        );
        // Not upgraded yet: ask again once <rtc-room> is defined.
        if (!this.#unsubscribeFor && target.localName.includes('-')) {
          void customElements.whenDefined(target.localName).then(() => {
            if (this.#forTarget === target && !this.#unsubscribeFor) this.#resolveFor();
          });
        }
      }
    }
    this.#refresh();
  }

  #refresh() {
    const session = this.session;
    if (session === this.#watched) return;
    this.#watch(session);
    this.#onChange?.(session);
    this.#host.requestUpdate();
  }

  #watch(session: RoomSession | null) {
    for (const type of this.#events) this.#watched?.removeEventListener(type, this.#onEvent);
    this.#watched = this.#host.isConnected ? session : null;
    for (const type of this.#events) this.#watched?.addEventListener(type, this.#onEvent);
  }
}
