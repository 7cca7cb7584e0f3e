/** Registers every rtc-elements tag. Safe to load more than once. */
import './components/video/rtc-video.js';
import './components/participant/rtc-participant.js';
import './components/room/rtc-room.js';
import './components/device-picker/rtc-device-picker.js';
import './components/controls/rtc-controls.js';
import './components/chat/rtc-chat.js';
import './components/stats/rtc-stats.js';
// <rtc-precall-check>: its class comes in a chunk of its own, defined when it arrives (most pages never show it).
import './components/precall/rtc-precall-check.js';
