/**
 * Protocol 1.2's additions to `protocol.ts` (which re-exports them): media routes (a room's media
 * through an SFU) and `message`, application data through the server. A server sends them only to
 * a client that joined with `media`.
 */
import type { IceServer, JsonValue } from './protocol.js';

// ---- Media routes (1.2) --------------------------------------------------------------------

/** How a client would like its media carried (`JoinData.media`, `RoomOptions.mode`). */
export type MediaMode = 'auto' | 'mesh' | 'sfu';
export const MEDIA_MODES: readonly MediaMode[] = ['auto', 'mesh', 'sfu'];

/** A room's media goes peer to peer (every pair of participants has its own connection). */
export interface MeshRoute {
  mode: 'mesh';
}

/**
 * A room's media goes through a Janus VideoRoom: each participant on the SFU publishes there once
 * and subscribes to the others. Participants that are not on it (1.1 clients, `media: 'mesh'`)
 * still have mesh connections with everyone.
 */
export interface SfuRoute {
  mode: 'sfu';
  /** The SFU's kind: `janus` (its VideoRoom plugin) is the one defined. */
  sfu: 'janus';
  /** Its WebSocket API (subprotocol `janus-protocol`), as clients reach it. */
  url: string;
  /** The VideoRoom room number. */
  room: number;
  /** This participant's own token in the room's access list (VideoRoom `allowed`): its joins carry it. */
  token: string;
  /** ICE servers for the SFU's connections, when they differ from `welcome`'s. */
  iceServers?: IceServer[];
}

export type MediaRoute = MeshRoute | SfuRoute;

/** True when `route` is a media route this version understands (a `media` message's or `welcome`'s). */
export function isRoute(route: unknown): route is MediaRoute {
  if (typeof route !== 'object' || route === null) return false;
  const r = route as Partial<Omit<SfuRoute, 'mode'>> & { mode?: unknown };
  if (r.mode === 'mesh') return true;
  return (
    r.mode === 'sfu' &&
    r.sfu === 'janus' &&
    typeof r.url === 'string' &&
    Number.isSafeInteger(r.room) &&
    typeof r.token === 'string' &&
    (r.iceServers === undefined || Array.isArray(r.iceServers))
  );
}

/**
 * 1.2: application data (a `Room.send`) through the server, to peer `to` or to every other peer of
 * the room that joined with `media` (1.1 peers never get it). At most {@link MAX_MESSAGE_BYTES}
 * of JSON in `data`, else `too-large`.
 */
export interface DataMessage {
  type: 'message';
  to?: string;
  data: JsonValue;
}

/** 1.2: application data from peer `from` (see {@link DataMessage}). */
export interface ReceivedDataMessage {
  type: 'message';
  from: string;
  data: JsonValue;
}

/**
 * 1.2: the room's media route changed (it moved to the SFU), or the SFU's room was made again
 * (a Janus restart): connect as it says. Sent only to clients that joined with `media`.
 */
export interface MediaMessage {
  type: 'media';
  data: MediaRoute;
}
