/**
 * rtc-elements core: framework-free signaling client, peer links, room, media.
 * No Lit, no DOM rendering: plain classes and `EventTarget` events.
 */
export * from './protocol.js';
export { RtcError, type RtcErrorCode, type MediaDeviceName } from './errors.js';
export { TypedEventTarget } from './typed-event-target.js';
export {
  SignalingClient,
  resolveSignalingUrl,
  type SignalingClientOptions,
  type SignalingClientEventMap,
  type SignalingState,
  type JoinParams,
  type UpdateParams,
} from './signaling-client.js';
export { PeerLink, type PeerLinkOptions, type PeerLinkEventMap } from './peer-link.js';
export { Participant } from './participant.js';
export { Room, type RoomOptions, type RoomSession, type RoomState, type RoomEventMap } from './room.js';
export { missingWebRTC } from './support.js';
export { getLocalMedia, stopStream, mediaError, type MediaRequest, type LocalMedia } from './media.js';
