import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { type ErrorText, errorText, errorTextReady } from '../i18n/errors.js';
import { langOf, onStringsChange, type PluralKey, plural, type TextKey, term } from '../i18n/localize.js';

type Host = ReactiveControllerHost & HTMLElement;

const hosts = new Set<Host>();
let observer: MutationObserver | null = null;
let stopListening: (() => void) | null = null;

function updateAll() {
  for (const host of hosts) host.requestUpdate();
}

/**
 * Gives an element its strings in the language that applies to it (the closest `lang`,
 * crossing shadow roots), and re-renders it when a `lang` or `dir` attribute changes anywhere
 * in the document or the page registers strings.
 */
export class LocalizeController implements ReactiveController {
  #host: Host;

  constructor(host: Host) {
    this.#host = host;
    host.addController(this);
  }

  /** The language the host renders in. */
  get lang(): string {
    return langOf(this.#host);
  }

  /** The string for `key`, with `{placeholders}` from `params`. */
  term(key: TextKey, params?: Record<string, string | number>): string {
    return term(this.lang, key, params);
  }

  /** The plural form of `key` for `count`. */
  plural(key: PluralKey, count: number, params?: Record<string, string | number>): string {
    return plural(this.lang, key, count, params);
  }

  /** What an error with `code` says: its title, what to do, and both as one sentence (`fallback` while the texts load). */
  error(code: string, fallback?: string): ErrorText {
    return errorText(this.lang, code, fallback);
  }

  /** Whether the error texts of this language are in (false while the English ones load). */
  get errorsReady(): boolean {
    return errorTextReady(this.lang);
  }

  hostConnected(): void {
    hosts.add(this.#host);
    if (!observer && typeof MutationObserver !== 'undefined') {
      observer = new MutationObserver(updateAll);
      observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang', 'dir'], subtree: true });
      stopListening = onStringsChange(updateAll);
    }
  }

  hostDisconnected(): void {
    hosts.delete(this.#host);
    if (!hosts.size) {
      observer?.disconnect();
      observer = null;
      stopListening?.();
      stopListening = null;
    }
  }
}
