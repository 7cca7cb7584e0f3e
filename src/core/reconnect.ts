/**
 * When the signaling client tries again after its socket dropped: capped exponential backoff
 * with jitter, at once when the browser says it is back online or the page becomes visible
 * again, and at once when asked (`retryNow()`).
 */

/** The schedule's defaults: the first wait, and the longest one. */
export const RETRY_BASE_MS = 250;
export const RETRY_MAX_MS = 3_000;

/** Join failures worth another try after a drop (the others are final: a refusal, bad credentials). */
export const RETRIED: ReadonlySet<string> = new Set(['server-unreachable', 'rate-limited']);

/**
 * How long to wait before try number `attempt` (0 for the first): a random time between half and
 * all of `min(maxMs, baseMs × 2^attempt)`. With the defaults: 125–250 ms, 250–500 ms, 0.5–1 s,
 * 1–2 s, then 1.5–3 s for every later try. The randomness spreads the clients of a restarted
 * server over time instead of bringing them all back at once.
 */
export function retryDelay(
  attempt: number,
  baseMs = RETRY_BASE_MS,
  maxMs = RETRY_MAX_MS,
  random = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export interface RetryOptions {
  baseMs: number;
  maxMs: number;
  /** One try; resolves true when done (joined, or given up for good), false to try again later. */
  attempt: () => Promise<boolean>;
  /** The next try is scheduled at `at` (epoch ms); `attempt` counts from 0. */
  onWait: (at: number, attempt: number) => void;
}

/** Runs `attempt` on the backoff schedule until it says it is done, or until {@link stop}. */
export class Retry {
  #options: RetryOptions;
  #count = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #at: number | null = null;
  #busy = false;
  #stopped = false;
  #online = () => this.now();
  #visible = () => {
    if (document.visibilityState === 'visible') this.now();
  };

  constructor(options: RetryOptions) {
    this.#options = options;
    globalThis.addEventListener?.('online', this.#online);
    if (typeof document !== 'undefined') document.addEventListener('visibilitychange', this.#visible);
  }

  /** Schedules the first try. */
  start(): void {
    this.#wait();
  }

  /** When the next try starts (epoch ms), or null while one is under way (or after the end). */
  get nextAt(): number | null {
    return this.#at;
  }

  /** Tries at once, unless a try is under way. */
  now(): void {
    if (this.#stopped || this.#busy) return;
    clearTimeout(this.#timer);
    this.#at = null;
    this.#busy = true;
    this.#options.attempt().then(
      (done) => this.#after(done),
      () => this.#after(false),
    );
  }

  stop(): void {
    this.#stopped = true;
    this.#at = null;
    clearTimeout(this.#timer);
    globalThis.removeEventListener?.('online', this.#online);
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', this.#visible);
  }

  #after(done: boolean) {
    this.#busy = false;
    if (done) this.stop();
    else this.#wait();
  }

  #wait() {
    if (this.#stopped) return;
    const attempt = this.#count++;
    const delay = retryDelay(attempt, this.#options.baseMs, this.#options.maxMs);
    this.#at = Date.now() + delay;
    this.#timer = setTimeout(() => this.now(), delay);
    this.#options.onWait(this.#at, attempt);
  }
}
