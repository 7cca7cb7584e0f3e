import { defineElement } from '../define-element.js';
import { RtcStats } from './stats.js';

export { RtcStats };

defineElement('rtc-stats', RtcStats);

declare global {
  interface HTMLElementTagNameMap {
    'rtc-stats': RtcStats;
  }
}
