/**
 * The demo's signaling options beyond the log level: empty for `npm start` (a mesh, nothing more
 * needed); `npm run start:sfu` (demo/serve-sfu.ts) fills in its Janus before demo/serve.ts starts.
 */
import type { SignalingServerOptions } from '../dev-server/options.js';

export const demoSignalingOptions: SignalingServerOptions = {};
