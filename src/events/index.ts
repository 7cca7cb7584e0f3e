export { RtcJoinedEvent } from './rtc-joined.js';
export { RtcLeftEvent } from './rtc-left.js';
export { RtcPeerJoinedEvent } from './rtc-peer-joined.js';
export { RtcPeerLeftEvent } from './rtc-peer-left.js';
export { RtcErrorEvent } from './rtc-error.js';
export { RtcStateChangeEvent } from './rtc-state-change.js';
export { RtcPinChangeEvent } from './rtc-pin-change.js';
export { RtcActiveSpeakerEvent } from './rtc-active-speaker.js';
