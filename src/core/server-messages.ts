/** What the signaling client makes of the server's frames: protocol messages, then its events. */
import { RtcError, serverError } from './errors.js';
import { stateOf } from './participant-state.js';
import {
  isRelayType,
  isRoute,
  type MeetingServerMessage,
  type RelayedMessage,
  type ServerMessage,
} from './protocol.js';
import type { SignalingClientEventMap } from './signaling-types.js';

type DetailOf<K extends keyof SignalingClientEventMap> =
  SignalingClientEventMap[K] extends CustomEvent<infer D> ? D : never;

/** The client's event `type` with `detail` (as its `emit`, which is protected). */
function fire<K extends keyof SignalingClientEventMap>(client: EventTarget, type: K, detail: DetailOf<K>) {
  client.dispatchEvent(new CustomEvent(type, { detail }));
}

/**
 * A frame from the server as a protocol message, or null (and a `server-error` on `client`) when it
 * is not one.
 */
export function parseFrame(client: EventTarget, raw: unknown): ServerMessage | null {
  let message: unknown;
  try {
    message = typeof raw === 'string' ? JSON.parse(raw) : null;
  } catch {
    message = null;
  }
  if (!message || typeof message !== 'object' || typeof (message as { type?: unknown }).type !== 'string') {
    fire(client, 'server-error', {
      error: new RtcError('protocol-violation', 'Not a protocol message from the server'),
    });
    return null;
  }
  return message as ServerMessage;
}

/**
 * Turns a message from the server (after the welcome) into the client's event; `rateLimited` runs
 * when the server could not take an update now.
 */
export function dispatchMessage(client: EventTarget, message: ServerMessage, rateLimited: () => void): void {
  switch (message.type) {
    case 'peer-joined':
    case 'peer-updated':
      if (typeof message.from === 'string') {
        fire(client, message.type, {
          id: message.from,
          name: String(message.data?.name ?? ''),
          state: stateOf(message.data?.state),
          ...(message.data?.sfu === true && { sfu: true }),
        });
      }
      return;
    case 'peer-left':
      if (typeof message.from === 'string') fire(client, 'peer-left', { id: message.from });
      return;
    case 'error':
      // An update the server could not take now (rate limit, its store unreachable): the
      // latest name and state go again a little later. Other refusals are final.
      if (message.data?.ref === 'update' && message.data.code === 'rate-limited') rateLimited();
      fire(client, 'server-error', {
        error: serverError(message.data),
        ...(message.data?.ref !== undefined && { ref: message.data.ref }),
      });
      return;
    case 'welcome':
      return;
    case 'message':
      if (typeof message.from === 'string') fire(client, 'data', { from: message.from, data: message.data });
      return;
    case 'media':
      if (isRoute(message.data)) fire(client, 'media', { route: message.data });
      return;
    default:
      // 1.2's meeting messages (hosts, waiting room, hands, reactions) go to the meeting part.
      if (!isRelayType(message.type)) fire(client, 'meeting', message as MeetingServerMessage);
      else if (typeof (message as RelayedMessage).from === 'string') fire(client, 'signal', message as RelayedMessage);
  }
}
