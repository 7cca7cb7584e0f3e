/**
 * The `RoomSession` contract (session-suite.ts), unchanged, with every room's media through a real
 * Janus VideoRoom (`janusTransportFor`, `mode: 'sfu'`) and its roster and messages through the
 * real signaling server. Chromium and Firefox; WebKitGTK has no RTCPeerConnection here.
 */
import { NO_FAKE_SCREEN } from '../call-helpers.js';
import { roomSessionSuite } from '../session-suite.js';
import { describeWithWebRTC } from '../webrtc.js';
import { sfuRooms } from './sfu-rooms.js';

describeWithWebRTC('RoomSession contract: a Room through Janus (SFU)', () =>
  roomSessionSuite(sfuRooms(), { screen: { engines: ['chromium'], reason: NO_FAKE_SCREEN } }),
);
