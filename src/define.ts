/** Registers every rtc-elements tag. Safe to load more than once. */
import './components/video/rtc-video.js';
import './components/participant/rtc-participant.js';
import './components/room/rtc-room.js';
import './components/chat/rtc-chat.js';
