/**
 * When the signaling client tries again after its socket dropped: capped exponential backoff
 * with jitter, at once when the browser says it is back online or the page becomes visible
 * again, and at once when asked (`retryNow()`). Loaded by `import()` as the client is first
 * welcomed (signaling-client.ts), not with the first screen: only a dropped socket runs it.
 */
import type { RtcError } from './errors.js';
import type { WelcomeData } from './protocol.js';

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
  baseMs?: number;
  maxMs?: number;
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

/** What {@link reconnect} needs of the signaling client whose socket dropped. */
export interface Rejoin {
  /** How long to keep trying, in ms, and the schedule's first and longest waits (defaults when undefined). */
  windowMs: number;
  baseMs?: number;
  maxMs?: number;
  /** True while the client still reconnects (not closed meanwhile). */
  on: () => boolean;
  /** The next try is scheduled (the client's `retry` event). */
  wait: RetryOptions['onWait'];
  /** Opens a socket and joins again (resuming our id when the server still has it). */
  join: () => Promise<WelcomeData>;
  /**
   * Gives up, closing the client with `error`, or (none) with `connection-lost`: past the window.
   * (The client makes its errors: a copy of `RtcError` in this part would fail `instanceof`.)
   */
  finish: (error?: RtcError) => void;
  /** Joined again with `welcome`. */
  joined: (welcome: WelcomeData) => void;
}

/**
 * Tries to join again on the backoff schedule until joined, refused for good, or past the window;
 * returns its {@link Retry}, for the client to keep and then start (a listener of the first `retry`
 * event reads the client's `nextRetryAt`).
 */
export function reconnect(host: Rejoin): Retry {
  const deadline = Date.now() + host.windowMs;
  return new Retry({
    baseMs: host.baseMs,
    maxMs: host.maxMs,
    onWait: host.wait,
    attempt: async () => {
      if (!host.on()) return true;
      if (Date.now() > deadline) {
        host.finish();
        return true;
      }
      let welcome: WelcomeData;
      try {
        welcome = await host.join();
      } catch (error) {
        if (!host.on()) return true;
        if (RETRIED.has((error as RtcError).code)) return false;
        host.finish(error as RtcError);
        return true;
      }
      if (host.on()) host.joined(welcome);
      return true;
    },
  });
}
