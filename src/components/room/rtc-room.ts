import '../video/rtc-video.js';
import { RtcRoom } from './room.js';

export { RtcRoom };

if (customElements.get('rtc-room')) {
  if (customElements.get('rtc-room') !== RtcRoom) console.warn('rtc-room is already defined by another script; keeping that one.');
} else {
  customElements.define('rtc-room', RtcRoom);
}

declare global {
  interface HTMLElementTagNameMap {
    'rtc-room': RtcRoom;
  }
}
