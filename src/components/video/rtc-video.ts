import { RtcVideo } from './video.js';

export { RtcVideo };

if (customElements.get('rtc-video')) {
  if (customElements.get('rtc-video') !== RtcVideo) console.warn('rtc-video is already defined by another script; keeping that one.');
} else {
  customElements.define('rtc-video', RtcVideo);
}

declare global {
  interface HTMLElementTagNameMap {
    'rtc-video': RtcVideo;
  }
}
