import { cameraVerdict } from './verdicts.js';
import type { CameraResult } from './types.js';

/**
 * Counts the frames decoded from `track` (a camera) for `durationMs`, on a video element of its
 * own that is never shown (`requestVideoFrameCallback`: one call per frame presented).
 */
export async function checkCamera(
  track: MediaStreamTrack | null | undefined,
  durationMs = 3000,
  signal?: AbortSignal,
): Promise<CameraResult> {
  if (track?.readyState !== 'live')
    return { verdict: 'bad', frames: 0, fps: 0, width: 0, height: 0, reason: 'no-camera' };
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = new MediaStream([track]);
  let frames = 0;
  let width = 0;
  let height = 0;
  const count = (_now: number, meta: VideoFrameCallbackMetadata) => {
    frames++;
    width = meta.width;
    height = meta.height;
    video.requestVideoFrameCallback(count);
  };
  try {
    await video.play();
    const started = performance.now();
    if (typeof video.requestVideoFrameCallback === 'function') video.requestVideoFrameCallback(count);
    await wait(durationMs, signal);
    // Without requestVideoFrameCallback, what the element says it decoded (Chromium's count; Firefox's is 0 for a stream).
    if (frames === 0) frames = (video as HTMLVideoElement).getVideoPlaybackQuality().totalVideoFrames;
    const fps = frames / ((performance.now() - started) / 1000);
    return {
      verdict: cameraVerdict(fps),
      frames,
      fps,
      width: width || video.videoWidth,
      height: height || video.videoHeight,
    };
  } catch {
    return { verdict: 'bad', frames, fps: 0, width, height, reason: 'no-camera' };
  } finally {
    video.srcObject = null;
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
