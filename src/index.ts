/** rtc-elements: element classes, events, context, controllers and the core. Registers nothing. */
export * from './core/index.js';
export * from './events/index.js';
export { roomContext, sessionContext } from './context/session-context.js';
export { RoomController } from './controllers/room-controller.js';
export { StreamController } from './controllers/stream-controller.js';
export { RtcRoom } from './components/room/room.js';
export { RtcVideo } from './components/video/video.js';
export type { DeviceKind } from './core/local-tracks.js';
export { RtcDevicePicker, canChooseSpeaker } from './components/device-picker/device-picker.js';
export {
  DEVICE_PREFERENCES_KEY,
  loadDevicePreferences,
  saveDevicePreference,
  type DevicePreferences,
} from './components/device-picker/device-preferences.js';
export { RtcControls, type ControlsButton, canShareScreen } from './components/controls/controls.js';
export { RtcChat } from './components/chat/chat.js';
// The chat's state, framework-free (src/core), outside the core entry: a mesh call needs none of it.
export {
  ChatLog,
  sharedChatLog,
  MAX_CHAT_HISTORY,
  type ChatEntry,
  type ChatLogEventMap,
  type ChatSession,
} from './core/chat-log.js';
export {
  type ChatMessage,
  chatMessage,
  chatText,
  isChatMessage,
  MAX_CHAT_BYTES,
  utf8Length,
} from './core/chat-message.js';
export { LocalizeController } from './controllers/localize-controller.js';
export * from './i18n/index.js';
export { RtcParticipant } from './components/participant/participant.js';
export { ParticipantController } from './controllers/participant-controller.js';
export { SessionConsumer } from './controllers/session-consumer.js';
export { RtcStats } from './components/stats/stats.js';
export * from './core/stats/index.js';
// <rtc-precall-check>'s class is made in its own chunk: loadPrecallCheck() defines it.
export type { RtcPrecallCheck } from './components/precall/precall-check.js';
export { loadPrecallCheck } from './components/precall/precall-loader.js';
// The pre-call check's measuring half, framework-free (also `rtc-elements/precall`); the element loads it by import().
export type {
  CameraResult,
  MicrophoneResult,
  NetworkResult,
  PrecallPart,
  PrecallResults,
  SpeakerResult,
  Verdict,
} from './core/precall/types.js';
