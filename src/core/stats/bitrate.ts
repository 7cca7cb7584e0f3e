import type { DirectionStats } from './types.js';

/** Audio and video of one direction of a connection added up, in kbps (null: no such direction). */
export const bitrateOf = (media: DirectionStats | null): number | null =>
  media && (media.audio?.bitrateKbps ?? 0) + (media.video?.bitrateKbps ?? 0);
