import '../video/rtc-video.js';
import { defineElement } from '../define-element.js';
import { RtcParticipant } from './participant.js';

export { RtcParticipant };

defineElement('rtc-participant', RtcParticipant);

declare global {
  interface HTMLElementTagNameMap {
    'rtc-participant': RtcParticipant;
  }
}
