/**
 * The pre-call check (`rtc-elements/precall`), framework-free: is the camera giving frames, is the
 * microphone heard, does a sound play on the chosen speaker, and how the network does through the
 * room's own TURN relay. `<rtc-precall-check>` loads its parts with an `import()` the first time it
 * checks; the thresholds are in `verdicts.ts` and docs/precall.md.
 *
 * ```ts
 * const { runPrecallCheck } = await import('rtc-elements/precall');
 * const results = await runPrecallCheck({ server: '/signal', stream }); // results.network.verdict …
 * ```
 */
import * as checks from './checks.js';
import { iceServersFrom } from './ice-servers.js';
import type { NetworkCheckOptions } from './network.js';
import type { NetworkResult, PrecallResults } from './types.js';

export { checkCamera, checkMicrophone, playTestSound, type PrecallOptions } from './checks.js';
export { iceServersFrom };
export type { NetworkCheckOptions };
export * from './types.js';
export { THRESHOLDS, cameraVerdict, microphoneVerdict, networkVerdict, overallVerdict } from './verdicts.js';

/** Where to get the TURN servers: the room's signaling server and its token. */
export interface ServerOptions {
  /** The room's signaling server (as `RoomOptions.server`). Default: this origin's `/signal`. */
  server?: string;
  /** A JWT, when the server requires one. */
  token?: string;
}

const withServer = <T extends NetworkCheckOptions & ServerOptions>(options: T): T => ({
  fetchIceServers: () => iceServersFrom(options.server, options.token),
  ...options,
});

/** The network test through the TURN relay `server` hands out (or `iceServers`'); see `checkNetwork` in network.ts. */
export function checkNetwork(options: NetworkCheckOptions & ServerOptions = {}): Promise<NetworkResult> {
  return checks.checkNetwork(withServer(options));
}

/** Every part at once (or those in `parts`), the network's through `server`'s relay. */
export function runPrecallCheck(options: checks.PrecallOptions & ServerOptions = {}): Promise<PrecallResults> {
  return checks.runPrecallCheck(withServer(options));
}
