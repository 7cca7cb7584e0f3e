/**
 * Which simulcast layer each received camera should be, and which videos Janus should not send
 * at all: a camera shown small gets the low layer, one nobody sees (no view, or the page is in
 * the background) is paused, and until the page says how anything is shown (`view`), Janus's
 * default (the top layer) comes for everyone. Screens are never scaled down, only paused with
 * the page.
 */
import type { StreamSetting } from './subscriber.js';

export type ViewSize = { width: number; height: number } | null;

/**
 * The layer (Janus `substream`: 0 low, 1 middle, 2 top) for a tile `height` CSS pixels high at
 * `scale` device pixels each. The layers are the camera at 1/4, 1/2 and full size; the kit's
 * cameras are 480 to 720 lines high, so the low layer is about 120 to 180 lines, the middle 240 to 360.
 */
export function layerFor(height: number, scale = 1): 0 | 1 | 2 {
  const lines = height * scale;
  return lines <= 180 ? 0 : lines <= 360 ? 1 : 2;
}

/** One received video: our mid, whose camera or screen it is. */
export interface ReceivedVideo {
  mid: string;
  owner: string;
  screen: boolean;
}

/**
 * The settings to send for `videos`, given the views (`views`, by participant id; `viewed`: any
 * view was ever given), whether the page is hidden, and what was sent last (`applied`, updated
 * here): only what changed.
 */
export function layerChanges(
  videos: readonly ReceivedVideo[],
  views: ReadonlyMap<string, ViewSize>,
  viewed: boolean,
  hidden: boolean,
  applied: Map<string, { substream?: number; send: boolean }>,
  scale = 1,
): StreamSetting[] {
  const changes: StreamSetting[] = [];
  for (const { mid, owner, screen } of videos) {
    const size = views.get(owner);
    const shown = !viewed || screen || size !== null;
    const send = !hidden && shown;
    const substream = viewed && !screen && size ? layerFor(size.height, scale) : undefined;
    const last = applied.get(mid);
    // Never said anything of it, and Janus's default is what it should be: nothing to send.
    if (!last && send && substream === undefined) continue;
    if (last && last.send === send && (substream === undefined || last.substream === substream)) continue;
    applied.set(mid, {
      send,
      ...(substream !== undefined ? { substream } : last?.substream !== undefined && { substream: last.substream }),
    });
    changes.push({ mid, send, ...(substream !== undefined && { substream }) });
  }
  return changes;
}

/**
 * The layer to subscribe to a camera in, when how its owner is shown is known already (`size`):
 * asked for in the subscription itself, so Janus relays it from the first keyframe rather than
 * the top layer until a `configure` comes (undefined: Janus's default, the top layer).
 */
export function firstLayer(
  stream: { type: string; description?: string } | undefined,
  size: ViewSize | undefined,
  viewed: boolean,
  scale = globalThis.devicePixelRatio || 1,
): number | undefined {
  if (!viewed || !size || stream?.type !== 'video' || stream.description === 'screen') return undefined;
  return layerFor(size.height, scale);
}
