export { RtcJoinedEvent } from './rtc-joined.js';
export { RtcLeftEvent } from './rtc-left.js';
export { RtcPeerJoinedEvent } from './rtc-peer-joined.js';
export { RtcPeerLeftEvent } from './rtc-peer-left.js';
export { RtcErrorEvent } from './rtc-error.js';
export { RtcStateChangeEvent } from './rtc-state-change.js';
export { RtcUnreadChangeEvent } from './rtc-unread-change.js';
