/**
 * The `RoomSession` contract (session-suite.ts), unchanged, with every room's media through a real
 * Janus VideoRoom (`mode: 'sfu'`) and its roster and messages through the real signaling server:
 * once with the routes a server started with `--janus` hands out (`janusTransport`), once with a
 * VideoRoom the test makes itself (`janusTransportFor`, as a user with a Janus of their own). Chromium and Firefox; WebKitGTK has no RTCPeerConnection here.
 */
import { NO_FAKE_SCREEN } from '../call-helpers.js';
import { roomSessionSuite } from '../session-suite.js';
import { describeWithWebRTC } from '../webrtc.js';
import { serverSfuRooms, sfuRooms } from './sfu-rooms.js';

const screen = { engines: ['chromium'], reason: NO_FAKE_SCREEN } as const;

describeWithWebRTC('RoomSession contract: a Room through Janus, on the routes of a server with --janus', () =>
  roomSessionSuite(serverSfuRooms, { screen }),
);

describeWithWebRTC('RoomSession contract: a Room through a Janus room of its own (janusTransportFor)', () =>
  roomSessionSuite(sfuRooms(), { screen }),
);
