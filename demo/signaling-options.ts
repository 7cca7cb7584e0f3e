/**
 * The demo's signaling options beyond the log level: for `npm start`, protocol 1.2's meetings (the
 * first in a room is its host, passed on as people leave; the room `waiting-room` makes newcomers
 * wait for a host to let them in), and nothing else a mesh needs; `npm run start:sfu`
 * (demo/serve-sfu.ts) fills in its Janus before demo/serve.ts starts.
 */
import type { SignalingServerOptions } from '../dev-server/options.js';

export const demoSignalingOptions: SignalingServerOptions = { hosts: 'first', waitingRoom: ['waiting-room'] };
