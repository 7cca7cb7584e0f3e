import '../video/rtc-video.js';
import { defineElement } from '../define-element.js';
import '../controls/rtc-controls.js';
import '../participant/rtc-participant.js';
// The chat, the device picker and the stats load when the room first shows them (lazy-elements.ts).
import { RtcRoom } from './room.js';

export { RtcRoom };

defineElement('rtc-room', RtcRoom);

declare global {
  interface HTMLElementTagNameMap {
    'rtc-room': RtcRoom;
  }
}
