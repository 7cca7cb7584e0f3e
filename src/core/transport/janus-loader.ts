/**
 * The SFU transport `autoTransport` loads by default, behind an `import()` (a part of its own in
 * the CDN build): Janus's VideoRoom (`transport/janus/`), made with the core's values it is handed.
 */
export { janusTransports } from './janus/janus-transport.js';
