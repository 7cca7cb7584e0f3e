import '../video/rtc-video.js';
import { defineElement } from '../define-element.js';
import '../chat/rtc-chat.js';
import '../controls/rtc-controls.js';
import '../device-picker/rtc-device-picker.js';
import '../participant/rtc-participant.js';
import '../stats/rtc-stats.js';
import { RtcRoom } from './room.js';

export { RtcRoom };

defineElement('rtc-room', RtcRoom);

declare global {
  interface HTMLElementTagNameMap {
    'rtc-room': RtcRoom;
  }
}
