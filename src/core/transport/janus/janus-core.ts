/** The core's values the Janus transport is handed (see JanusCore). */
import type { RtcError } from '../../errors.js';
import type { touchParticipant, updateParticipant } from '../../participant.js';
import type { onNetworkChange } from '../mesh/network-watch.js';

/**
 * What the transport uses of the core's values, handed over by whoever loads it: `index.ts`
 * (`rtc-elements/janus`) gives the core's own; the CDN build's part (janus-loader.ts) is given the
 * bundle's by `autoTransport`, since a copy of them in the part would be a second `Participant`
 * (whose fields the copy could not write) and a second `RtcError` (which `instanceof` misses).
 * Handed over too, the part imports nothing of the core at run time: a module shared with the
 * core would be a chunk of its own, which a bundler makes the core load up front as a second file.
 */
export interface JanusCore {
  RtcError: typeof RtcError;
  updateParticipant: typeof updateParticipant;
  touchParticipant: typeof touchParticipant;
  onNetworkChange: typeof onNetworkChange;
}
