/**
 * `<rtc-device-picker effects>`'s background and noise suppression choices (issue 28), loaded the
 * first time a picker shows them (a chunk of its own: the kit's first download does not grow):
 * remembered in `localStorage` under `rtc-elements:effects` (JSON `{ background, noise }`), as the
 * devices are, and applied to a call through `session.setProcessor` (the processors load only then).
 */
import type { html as litHtml, TemplateResult, svg } from 'lit';
import type { live as litLive } from 'lit/directives/live.js';
import type { RoomSession } from '../../core/room-types.js';
import { blurBackground, imageBackground, noiseSuppression } from '../../core/processors/index.js';

/** The `localStorage` key. */
export const EFFECTS_KEY = 'rtc-elements:effects';

/** What the picker offers for the background. */
export type Background = 'none' | 'blur' | 'strong' | 'image';

export interface Effects {
  background: Background;
  noise: boolean;
}

const BACKGROUNDS: readonly Background[] = ['none', 'blur', 'strong', 'image'];

/** The remembered choices (none where nothing, or nothing valid, is stored). */
export function loadEffects(): Effects {
  let stored: Partial<Effects> | null = null;
  try {
    stored = JSON.parse(globalThis.localStorage?.getItem(EFFECTS_KEY) ?? 'null');
  } catch {
    // Storage forbidden, or not JSON: nothing remembered.
  }
  return {
    background: BACKGROUNDS.includes(stored?.background as Background) ? stored!.background! : 'none',
    noise: stored?.noise === true,
  };
}

/** Remembers the choices (quietly not, where storage fails). */
export function saveEffects(effects: Effects): void {
  try {
    globalThis.localStorage?.setItem(EFFECTS_KEY, JSON.stringify(effects));
  } catch {
    // QuotaExceededError, SecurityError: not remembered.
  }
}

/** What the picker hands `view` of its own: its lit (a part of the CDN build carries no copy of lit). */
type Html = typeof litHtml;

/**
 * One picker's effects: the choices (remembered), their fields, and applying them to its call
 * (once per local stream: each join has its own). Reads the picker's `background-image` and
 * `processors-url` attributes.
 */
export class PickerEffects {
  #picker: HTMLElement & { requestUpdate(): void };
  #fx = loadEffects();
  #applied: MediaStream | null = null;

  constructor(picker: HTMLElement & { requestUpdate(): void }) {
    this.#picker = picker;
  }

  /** The background field and the noise suppression switch. */
  view(
    html: Html,
    live: typeof litLive,
    chevron: ReturnType<typeof svg>,
    term: (key: string) => string,
  ): TemplateResult {
    const fx = this.#fx;
    const choices = this.#picker.getAttribute('background-image') ? BACKGROUNDS : BACKGROUNDS.slice(0, 3);
    return html`
      <div part="field background" class="field">
        <label part="label" for="background">${term('background')}</label>
        <div class="control">
          <select id="background" part="select"
            @change=${(e: Event) => this.#choose({ ...this.#fx, background: (e.target as HTMLSelectElement).value as Background })}>
            ${choices.map((c) => html`<option value=${c} .selected=${live(fx.background === c)}>${term(`background.${c}`)}</option>`)}
          </select>
          ${chevron}
        </div>
      </div>
      <label part="field noise" class="field check">
        <input type="checkbox" .checked=${live(fx.noise)}
          @change=${(e: Event) => this.#choose({ ...this.#fx, noise: (e.target as HTMLInputElement).checked })}>
        ${term('noise')}
      </label>
    `;
  }

  /** In a call, applies the choices to its camera and microphone (once per local stream). */
  sync(session: RoomSession | null): void {
    const stream = session?.localStream ?? null;
    if (!session || !stream || stream === this.#applied) return;
    this.#applied = stream;
    const { background, noise } = this.#fx;
    const image = this.#picker.getAttribute('background-image');
    const base = this.#picker.getAttribute('processors-url');
    const options = base ? { baseUrl: base } : undefined;
    const video =
      background === 'blur' || background === 'strong'
        ? blurBackground({ ...options, strength: background === 'strong' ? 'strong' : 'normal' })
        : background === 'image' && image
          ? imageBackground(image, options)
          : null;
    void Promise.all([
      session.setProcessor?.('video', video),
      session.setProcessor?.('audio', noise ? noiseSuppression(options) : null),
    ]).catch(() => undefined);
  }

  /** The person chose: remembered, shown, and applied to the call. */
  #choose(fx: Effects) {
    this.#fx = fx;
    saveEffects(fx);
    this.#applied = null;
    this.#picker.requestUpdate();
  }
}
