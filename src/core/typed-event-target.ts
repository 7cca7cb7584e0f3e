/**
 * An `EventTarget` whose `addEventListener`/`removeEventListener` know the event map, so that
 * `room.addEventListener('participant-joined', e => e.detail.participant)` type-checks.
 */
export class TypedEventTarget<M extends { [K in keyof M]: Event }> extends EventTarget {
  override addEventListener<K extends keyof M & string>(
    type: K,
    listener: ((event: M[K]) => void) | { handleEvent(event: M[K]): void } | null,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void {
    super.addEventListener(type, listener, options);
  }

  override removeEventListener<K extends keyof M & string>(
    type: K,
    listener: ((event: M[K]) => void) | { handleEvent(event: M[K]): void } | null,
    options?: boolean | EventListenerOptions,
  ): void;
  override removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ): void;
  override removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ): void {
    super.removeEventListener(type, listener, options);
  }

  /** Dispatches a `CustomEvent` of `type` carrying `detail`. */
  protected emit<K extends keyof M & string>(type: K, detail: M[K] extends CustomEvent<infer D> ? D : never): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

/** Resolves with the first event of `type` on `target`, or rejects after `timeoutMs`. */
export function nextEvent<E extends Event = Event>(target: EventTarget, type: string, timeoutMs = 0): Promise<E> {
  return new Promise<E>((resolve, reject) => {
    const timer =
      timeoutMs > 0
        ? setTimeout(() => {
            target.removeEventListener(type, onEvent);
            reject(new Error(`no ${type} event within ${timeoutMs} ms`));
          }, timeoutMs)
        : undefined;
    function onEvent(event: Event) {
      clearTimeout(timer);
      resolve(event as E);
    }
    target.addEventListener(type, onEvent, { once: true });
  });
}
