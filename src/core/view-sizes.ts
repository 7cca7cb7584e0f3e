/** The sizes each remote participant's camera is shown at, by viewer (`Room.setView`). */
import type { Participant } from './participant.js';

type Size = { width: number; height: number };
export type ViewSizes = Map<Participant, Map<object, Size>>;

/**
 * `viewer` shows `participant`'s camera at `size` (null: no longer), in `views`. Returns the largest
 * size over the participant's viewers, or null when none shows it.
 */
export function setViewSize(
  views: ViewSizes,
  participant: Participant,
  viewer: object,
  size: Size | null,
): Size | null {
  const mine = views.get(participant) ?? new Map<object, Size>();
  if (size) mine.set(viewer, size);
  else mine.delete(viewer);
  views.set(participant, mine);
  const sizes = [...mine.values()];
  const largest = sizes.length
    ? { width: Math.max(...sizes.map((s) => s.width)), height: Math.max(...sizes.map((s) => s.height)) }
    : null;
  if (!largest) views.delete(participant);
  return largest;
}
