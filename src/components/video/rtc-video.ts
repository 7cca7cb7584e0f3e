import { defineElement } from '../define-element.js';
import { RtcVideo } from './video.js';

export { RtcVideo };

defineElement('rtc-video', RtcVideo);

declare global {
  interface HTMLElementTagNameMap {
    'rtc-video': RtcVideo;
  }
}
