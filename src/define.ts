/** Registers every rtc-elements tag. Safe to load more than once. */
import './components/video/rtc-video.js';
import './components/participant/rtc-participant.js';
import './components/room/rtc-room.js';
import './components/device-picker/rtc-device-picker.js';
import './components/controls/rtc-controls.js';
import './components/chat/rtc-chat.js';
import './components/stats/rtc-stats.js';
// <rtc-precall-check>: its class is a chunk of its own, loaded the first time one is in the page.
// Its define file (rtc-elements/components/precall/rtc-precall-check.js) defines it at once, and
// <rtc-room>'s lobby loads it itself.
import { defineWhenUsed } from './components/define-element.js';
import { loadPrecallCheck } from './components/precall/precall-loader.js';

defineWhenUsed('rtc-precall-check', loadPrecallCheck);
