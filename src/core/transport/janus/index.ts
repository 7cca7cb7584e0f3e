/**
 * The SFU mode's transport on Janus (`rtc-elements/janus`), a module of its own: load it with
 * `import()` where it is needed, and the core's size does not carry it.
 *
 * ```js
 * const { janusTransportFor } = await import('rtc-elements/janus');
 * const room = new Room({ room, transport: janusTransportFor({ mode: 'sfu', sfu: 'janus', url, room: 1234, token }) });
 * ```
 */
import { RtcError } from '../../errors.js';
import { touchParticipant, updateParticipant } from '../../participant.js';
import { onNetworkChange } from '../mesh/network-watch.js';
import { janusTransports } from './janus-transport.js';

export const { janusTransport, janusTransportFor } = janusTransports({
  RtcError,
  updateParticipant,
  touchParticipant,
  onNetworkChange,
});
export { JanusTransport, janusTransports } from './janus-transport.js';
export type { JanusCore } from './janus-core.js';
export { JanusError, JanusSession } from './janus-session.js';
