import type { ReactiveController, ReactiveElement } from 'lit';

/** A kind of public event, by its class, and how to make the copy the host fires. */
export interface Forwarded {
  readonly type: string;
  /** The copy, or null when `event` is not of this kind (a native `change` among device changes). */
  readonly copy: (event: Event) => Event | null;
}

/** `kind` (an `rtc-*` event class) is forwarded as the copy `copy` makes: `forwarded(RtcPinChangeEvent, (e) => new RtcPinChangeEvent(e.participant, e.pinned))`. */
export function forwarded<E extends Event>(
  kind: { readonly type: string; new (...args: never[]): E },
  copy: (event: E) => E,
): Forwarded {
  return { type: kind.type, copy: (event) => (event instanceof kind ? copy(event) : null) };
}

/** Fires on `host` a copy of each event of `kinds` a part in its shadow root fires (see {@link ForwardController}). */
export function forwardEvents(host: ReactiveElement, kinds: readonly Forwarded[]): void {
  host.addController(new ForwardController(host, kinds));
}

/**
 * Makes the public events of the kit elements an element renders in its shadow root reach the
 * element itself, where the page listens (STYLE.md, Events: a page hears what it placed). Every
 * `rtc-*` event is `composed: false`, so it stops at the shadow root; there this controller fires
 * a copy of it (same class, same fields, also bubbling and not composed) on the host, once.
 * Events of elements the page slotted in are left alone: they reach the host by themselves.
 */
export class ForwardController implements ReactiveController {
  #host: ReactiveElement;
  #kinds: readonly Forwarded[];

  constructor(host: ReactiveElement, kinds: readonly Forwarded[]) {
    this.#host = host;
    this.#kinds = kinds;
  }

  hostConnected(): void {
    for (const type of this.#types()) this.#host.renderRoot.addEventListener(type, this.#forward);
  }

  hostDisconnected(): void {
    for (const type of this.#types()) this.#host.renderRoot.removeEventListener(type, this.#forward);
  }

  #types() {
    return new Set(this.#kinds.map((kind) => kind.type));
  }

  #forward = (event: Event) => {
    const root = this.#host.renderRoot;
    // Seen from the shadow root, a part's event comes from a node of this shadow tree; a slotted
    // element's from the page's tree (and it bubbles on to the host by itself).
    if ((event.target as Node).getRootNode() !== root) return;
    for (const kind of this.#kinds) {
      const copy = kind.type === event.type ? kind.copy(event) : null;
      if (copy) {
        this.#host.dispatchEvent(copy);
        return;
      }
    }
  };
}
