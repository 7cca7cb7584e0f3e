import { defineElement } from '../define-element.js';
import { RtcPrecallCheck } from './precall-check.js';

export { RtcPrecallCheck };

defineElement('rtc-precall-check', RtcPrecallCheck);

declare global {
  interface HTMLElementTagNameMap {
    'rtc-precall-check': RtcPrecallCheck;
  }
}
