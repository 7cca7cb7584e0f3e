/**
 * The SFU mode's transport on Janus (`rtc-elements/janus`), a module of its own: load it with
 * `import()` where it is needed, and the core's size does not carry it.
 *
 * ```js
 * const { janusTransportFor } = await import('rtc-elements/janus');
 * const room = new Room({ room, transport: janusTransportFor({ mode: 'sfu', sfu: 'janus', url, room: 1234, token }) });
 * ```
 */
export { JanusTransport, janusTransport, janusTransportFor } from './janus-transport.js';
export { JanusError, JanusSession } from './janus-session.js';
