/**
 * What `<rtc-precall-check>`'s chunk takes from the kit, handed over by `precall-loader.ts` before
 * the chunk runs: the chunk imports nothing else of the kit, so no chunk shared with the rest of
 * the kit is split off (what a page loads up front stays as it was). The pattern of
 * `<rtc-stats>`'s detailed view (`DetailsKit`), for a whole element.
 */
import type { html, LitElement, nothing, unsafeCSS } from 'lit';
import type { LocalizeController } from '../../controllers/localize-controller.js';
import type { addEnglish } from '../../i18n/localize.js';
import type { setStates } from '../custom-states.js';
import type { loadDevicePreferences } from '../device-picker/device-preferences.js';
import type { SignalingClient } from '../../core/signaling-client.js';
import type { resolveSignalingUrl } from '../../core/signaling-url.js';
import type { CSSResult } from 'lit';

export interface PrecallKit {
  LitElement: typeof LitElement;
  html: typeof html;
  unsafeCSS: typeof unsafeCSS;
  nothing: typeof nothing;
  LocalizeController: typeof LocalizeController;
  addEnglish: typeof addEnglish;
  setStates: typeof setStates;
  loadDevicePreferences: typeof loadDevicePreferences;
  SignalingClient: typeof SignalingClient;
  resolveSignalingUrl: typeof resolveSignalingUrl;
  /** The kit's shared styles: tokens, the pill button, the visually hidden text. */
  styles: CSSResult[];
}

/**
 * Filled in by the loader before the chunk is imported. One object per page, whichever copy of this
 * module reads it (the CDN build's part carries a copy of its own: scripts/bundle.mjs).
 */
const KEY = Symbol.for('rtc-precall');
const page = globalThis as Record<symbol, PrecallKit | undefined>;
page[KEY] ??= {} as PrecallKit;
export const kit: PrecallKit = page[KEY];
