/**
 * rtc-elements core: framework-free signaling client, room, transports, media.
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
export {
  Room,
  type RoomOptions,
  type RoomSession,
  type RoomState,
  type RoomEventMap,
  type StatePatch,
} from './room.js';
export type {
  RoomTransport,
  RoomTransportEventMap,
  TransportConnection,
  TransportContext,
  TransportFactory,
} from './transport/transport.js';
export { meshTransport } from './transport/mesh/mesh-transport.js';
export type { ProcessedTrack, TrackProcessor } from './processor-types.js';
export { LocalTracks, type DeviceKind, type TrackRole } from './local-tracks.js';
export { AudioLevels, type AudioLevelsOptions } from './audio-levels.js';
export {
  Participant,
  type ParticipantEventMap,
  type ParticipantStateRecord,
  type ParticipantTransport,
  type ParticipantPatch,
  updateParticipant,
  touchParticipant,
} from './participant.js';
export { missingWebRTC } from './support.js';
export { DEFAULT_MEDIA, getLocalMedia, stopStream, mediaError, type MediaRequest, type LocalMedia } from './media.js';
