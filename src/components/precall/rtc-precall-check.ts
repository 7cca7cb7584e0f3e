/**
 * Defines `<rtc-precall-check>`: its class comes in a chunk of its own, so the tag is defined
 * once that arrives (`customElements.whenDefined('rtc-precall-check')`).
 */
import type { RtcPrecallCheck } from './precall-check.js';
import { loadPrecallCheck } from './precall-loader.js';

export { loadPrecallCheck };

void loadPrecallCheck();

declare global {
  interface HTMLElementTagNameMap {
    'rtc-precall-check': RtcPrecallCheck;
  }
}
