import '../video/rtc-video.js';
import { defineElement } from '../define-element.js';
import { RtcDevicePicker } from './device-picker.js';

export { RtcDevicePicker };

defineElement('rtc-device-picker', RtcDevicePicker);

declare global {
  interface HTMLElementTagNameMap {
    'rtc-device-picker': RtcDevicePicker;
  }
}
