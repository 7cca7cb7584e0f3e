/**
 * Whether the remote tiles of `<rtc-room>`s keep showing new frames: every tile's `<video>` counts
 * the frames it presents (requestVideoFrameCallback: once per new frame, across a new stream;
 * Firefox counts no MediaStream frames in getVideoPlaybackQuality()), read in windows of 2 s.
 */
import type { RtcRoom } from '../../src/components/room/room.js';
import { videos } from './room-helpers.js';

/** A watch over the tiles of `rooms()` (read again at each window: rooms may be added). */
export interface FrameWatch {
  /** Waits one window and reads the counts: a tile watched that showed no new frame is a stall. */
  tick(): Promise<void>;
  /** `room sees name: before -> after` for every stall so far. */
  readonly stalls: string[];
  /** The tiles that showed a new frame in the last window. */
  readonly rose: Set<string>;
  /** Every remote tile there is now (`room sees name`). */
  tiles(): string[];
}

/**
 * Watches the remote tiles of `rooms()`: those there at the start from the first window, a tile
 * that comes later (a newcomer's, or a newcomer's view of the others) from its first frame.
 */
export function frameWatch(rooms: () => RtcRoom[], windowMs = 2000): FrameWatch {
  const counts = new Map<HTMLVideoElement, number>();
  const frames = (video: HTMLVideoElement) => {
    if (!counts.has(video)) {
      counts.set(video, 0);
      const count = () => {
        counts.set(video, counts.get(video)! + 1);
        video.requestVideoFrameCallback(count);
      };
      video.requestVideoFrameCallback(count);
    }
    return counts.get(video)!;
  };
  const sample = () =>
    new Map(
      rooms().flatMap((r) =>
        videos(r)
          .filter((v) => v.participant && !v.participant.local)
          .map(
            (v) => [`${r.name} sees ${v.participant!.name}`, frames(v.shadowRoot!.querySelector('video')!)] as const,
          ),
      ),
    );
  let before = sample();
  const watched = new Set(before.keys());
  const stalls: string[] = [];
  const rose = new Set<string>();
  return {
    stalls,
    rose,
    tiles: () => [...sample().keys()],
    async tick() {
      await new Promise((resolve) => setTimeout(resolve, windowMs));
      const after = sample();
      rose.clear();
      for (const [label, count] of after) {
        const was = before.get(label) ?? 0;
        if (count > was) rose.add(label);
        else if (watched.has(label)) stalls.push(`${label}: ${was} -> ${count}`);
        if (count > 0) watched.add(label);
      }
      before = after;
    },
  };
}
