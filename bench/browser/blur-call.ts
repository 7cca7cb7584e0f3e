/**
 * The browser half of the blur call (bench/blur-call.ts): a call of four `Room`s in one page, as
 * the mesh bench holds its meshes (bench/browser/bench-page.ts), every remote camera shown in a
 * small tile; the first participant's camera blurred (`blurBackground()`) or not, switched in the
 * running call (`setProcessor`, a `replaceTrack`); and what that participant sends on each of its
 * links, read from `getStats`.
 */
import { Room } from '../../src/core/index.js';
import { blurBackground } from '../../src/core/processors/index.js';

/** What the first participant sends on one link, as `outbound-rtp` (video) says. */
export interface SentVideo {
  framesEncoded: number;
  framesSent: number;
  framesPerSecond: number;
  width: number;
  height: number;
  limitation: string;
}

let rooms: Room[] = [];

/** Starts the call of `n` in a room of `server`; resolves once every participant shows a frame of every other. */
export async function startCall(server: string, n: number): Promise<void> {
  const room = `blur-${Date.now().toString(36)}`;
  rooms = Array.from({ length: n }, (_, i) => new Room({ room, server, name: `P${i}` }));
  for (const r of rooms) {
    const given = new Set<string>();
    r.addEventListener('participant-updated', (e) => {
      const p = e.detail.participant;
      if (p.local || given.has(p.id) || !p.stream?.getVideoTracks().length) return;
      given.add(p.id);
      const video = document.createElement('video');
      video.muted = true;
      video.playsInline = true;
      video.width = 160;
      video.height = 120;
      video.srcObject = p.stream;
      document.body.append(video);
      void video.play().catch(() => undefined);
      video.requestVideoFrameCallback(() => (video.dataset.shown = '1'));
    });
  }
  await Promise.all(rooms.map((r) => r.join()));
  // No one event says every tile of every room presented a frame: looked at ten times a second.
  await new Promise<void>((resolve) => {
    const look = () => {
      const videos = [...document.querySelectorAll('video')];
      if (videos.length === n * (n - 1) && videos.every((v) => v.dataset.shown)) resolve();
      else setTimeout(look, 100);
    };
    look();
  });
}

/** The first participant's camera blurred (`true`) or as it comes. */
export async function blur(on: boolean): Promise<void> {
  await rooms[0]!.setProcessor('video', on ? blurBackground() : null);
}

/** What the first participant sends on each of its links now (cumulative counters). */
export async function sent(): Promise<SentVideo[]> {
  const links = [...rooms[0]!.remote.values()].map((p) => p.peerConnection).filter((pc) => pc !== null);
  return Promise.all(
    links.map(async (pc) => {
      const out: SentVideo = {
        framesEncoded: 0,
        framesSent: 0,
        framesPerSecond: 0,
        width: 0,
        height: 0,
        limitation: '',
      };
      (await pc.getStats()).forEach((s: Record<string, unknown>) => {
        if (s.type !== 'outbound-rtp' || s.kind !== 'video') return;
        out.framesEncoded += Number(s.framesEncoded ?? 0);
        out.framesSent += Number(s.framesSent ?? 0);
        out.framesPerSecond += Number(s.framesPerSecond ?? 0);
        out.width = Math.max(out.width, Number(s.frameWidth ?? 0));
        out.height = Math.max(out.height, Number(s.frameHeight ?? 0));
        out.limitation = String(s.qualityLimitationReason ?? '');
      });
      return out;
    }),
  );
}

/** Ends the call. */
export function endCall(): void {
  for (const r of rooms) r.leave();
  rooms = [];
  for (const v of document.querySelectorAll('video')) v.remove();
}
