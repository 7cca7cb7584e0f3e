/**
 * rtc-elements/node: the core's `Room` in Node 20 and later, on werift (WebRTC in TypeScript) and
 * ws (WebSocket), both optional peer dependencies loaded here on demand. Importing this module
 * loads neither; `nodeRoom()` and `installWebRTC()` do, and say which package to install when
 * one is missing.
 *
 * ```ts
 * import { nodeRoom } from 'rtc-elements/node';
 * const room = await nodeRoom({ room: 'demo', name: 'Bot', server: 'ws://localhost:8787/signal', media: false });
 * room.addEventListener('participant-joined', (e) => console.log(e.detail.participant.name));
 * await room.join();
 * ```
 *
 * No DOM is touched on that path. What has no Node equivalent: `getUserMedia` and device lists
 * (pass `media`: a {@link NodeMediaStream} of werift tracks, or `false`), and Web Audio (the local
 * level stays 0; remote levels need `getSynchronizationSources`, which werift lacks: 0 too).
 */
import type * as Werift from 'werift';
import { loadOptional } from '../../dev-server/optional.js';
import { Room, type RoomOptions } from '../core/room.js';
import { completeTracks, NodeMediaStream, NodeMediaStreamTrackEvent, peerConnectionClass } from './webrtc.js';

export { NodeMediaStream, NodeMediaStreamTrackEvent } from './webrtc.js';
export { MissingPackageError } from '../../dev-server/optional.js';
export { Room, type RoomOptions } from '../core/room.js';
export { chatMessage, isChatMessage, type ChatMessage } from '../core/chat-message.js';

export interface NodeWebRTCOptions {
  /**
   * Addresses to gather host candidates on besides the machine's interfaces (werift leaves out
   * loopback): `['127.0.0.1']` for peers on this machine only.
   */
  hostAddresses?: readonly string[];
}

/** werift, loaded once (a clear `MissingPackageError` when it is not installed). */
export function loadWerift(): Promise<typeof Werift> {
  return loadOptional<typeof Werift>('werift', 'WebRTC in Node (rtc-elements/node)');
}

/**
 * Gives this process what the core reads from a browser, where it has none: `RTCPeerConnection`
 * (werift's, see webrtc.ts), `MediaStream` (a {@link NodeMediaStream}) and `MediaStreamTrackEvent`,
 * and werift's tracks the `readyState` and `getSettings()` the core reads.
 * An existing global is kept. Returns werift (for its tracks, `MediaRecorder`, …).
 */
export async function installWebRTC(options: NodeWebRTCOptions = {}): Promise<typeof Werift> {
  const werift = await loadWerift();
  completeTracks(werift);
  const scope = globalThis as Record<string, unknown>;
  scope.RTCPeerConnection ??= peerConnectionClass(werift, options.hostAddresses);
  scope.MediaStream ??= NodeMediaStream;
  scope.MediaStreamTrackEvent ??= NodeMediaStreamTrackEvent;
  return werift;
}

/** A `WebSocket` constructor: the global one (Node 22), else `ws`'s (loaded on demand). */
export async function webSocketClass(): Promise<typeof WebSocket> {
  if (typeof globalThis.WebSocket === 'function') return globalThis.WebSocket;
  const ws = await loadOptional<{ default: unknown }>('ws', 'The signaling socket in Node (rtc-elements/node)');
  return ws.default as typeof WebSocket;
}

/**
 * A {@link Room} that runs in Node: {@link installWebRTC}, and `ws` as its socket unless
 * `options.signaling.WebSocket` names one. `options.media` is `false` (receive only) or a
 * {@link NodeMediaStream} of werift tracks to send; nothing asks for a camera.
 */
export async function nodeRoom(options: RoomOptions & NodeWebRTCOptions): Promise<Room> {
  const { hostAddresses, ...room } = options;
  await installWebRTC(hostAddresses ? { hostAddresses } : {});
  const WebSocket = room.signaling?.WebSocket ?? (await webSocketClass());
  return new Room({ media: false, ...room, signaling: { ...room.signaling, WebSocket } });
}
