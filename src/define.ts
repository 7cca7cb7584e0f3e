/** Registers every rtc-elements tag. Safe to load more than once. */
import './components/video/rtc-video.js';
import './components/participant/rtc-participant.js';
import './components/room/rtc-room.js';
import './components/device-picker/rtc-device-picker.js';
import './components/controls/rtc-controls.js';
import './components/chat/rtc-chat.js';
import './components/stats/rtc-stats.js';
// Not <rtc-precall-check>: its class is a chunk of its own, loaded only where it is used. Its define
// file (rtc-elements/components/precall/rtc-precall-check.js) defines it, as <rtc-room>'s lobby does.
