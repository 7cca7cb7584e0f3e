import type { ReactiveControllerHost } from 'lit';
import type { LocalizeController } from '../../controllers/localize-controller.js';
import { loadErrorTexts } from '../../i18n/localize.js';

/**
 * Whether `<rtc-room>`'s error box can say its error in words. The English error texts are a
 * chunk of their own (a room starts loading them as it joins): until they are in, the box waits,
 * and shows once they arrive (or, if they cannot be loaded, with the error's own message); the
 * room's `updateComplete` waits for them too (`after`).
 */
export class ErrorTexts {
  /** The texts while they load. */
  loading: Promise<void> | undefined;
  #failed = false;
  #shown = false;
  #host: ReactiveControllerHost;
  #strings: LocalizeController;

  constructor(host: ReactiveControllerHost, strings: LocalizeController) {
    this.#host = host;
    this.#strings = strings;
  }

  /**
   * True when the box can show; false while the texts load (asking starts that). Once it has shown,
   * it stays (a language that changes later is loaded as every string's is: the box is updated).
   */
  ready(): boolean {
    if (this.#shown || this.#strings.errorsReady || this.#failed) {
      this.#shown = true;
      return true;
    }
    this.loading ??= loadErrorTexts(this.#strings.lang)
      .catch(() => {
        this.#failed = true;
      })
      .finally(() => {
        this.loading = undefined;
        this.#host.requestUpdate();
      });
    return false;
  }

  /** `done` (the host's update), then every update until the texts are in and shown. */
  async after(done: Promise<boolean>, again: () => Promise<boolean>): Promise<boolean> {
    let result = await done;
    while (this.loading) {
      await this.loading;
      result = await again();
    }
    return result;
  }
}
