/**
 * The background processors' main-thread half (issue 28): starts the worker
 * (segmenter-worker.ts) and gives it the camera's frames. Chromium: MediaStreamTrackProcessor and
 * MediaStreamTrackGenerator, whose streams go to the worker (no frame passes this thread).
 * Elsewhere (Firefox): the camera plays in a video element, each frame goes to the worker as an
 * ImageBitmap (one at a time: a frame comes while one is in the worker is skipped), and comes back
 * drawn on a canvas whose `captureStream()` is the processed track.
 */
import type { ProcessedTrack } from '../processor-types.js';
import type { BackgroundEffect } from './index.js';
import type { FromWorker, ToWorker } from './segmenter-worker.js';

interface Generators {
  MediaStreamTrackProcessor?: new (init: { track: MediaStreamTrack }) => { readable: ReadableStream<VideoFrame> };
  MediaStreamTrackGenerator?: new (init: {
    kind: 'video';
  }) => MediaStreamTrack & {
    writable: WritableStream<VideoFrame>;
  };
}

/** Starts the worker; resolves once its segmenter is ready, rejects when it could not start. */
async function startWorker(base: URL, message: ToWorker, transfer: Transferable[]): Promise<Worker> {
  const worker = new Worker(new URL('segmenter-worker.js', base));
  try {
    await new Promise<void>((resolve, reject) => {
      worker.onerror = (event) => reject(new Error(`segmenter-worker.js: ${event.message}`));
      worker.onmessage = ({ data }: MessageEvent<FromWorker>) =>
        data.type === 'ready' ? resolve() : data.type === 'error' && reject(new Error(data.message));
      worker.postMessage(message, transfer);
    });
  } catch (error) {
    worker.terminate();
    throw error;
  }
  worker.onerror = null;
  worker.onmessage = ({ data }: MessageEvent<FromWorker>) =>
    data.type === 'error' && console.warn('rtc-elements: the background processor stopped:', data.message);
  return worker;
}

/** `track` (a camera's, which stays the caller's) with its background blurred or replaced. */
export async function processVideo(
  track: MediaStreamTrack,
  effect: BackgroundEffect,
  base: URL,
): Promise<ProcessedTrack> {
  const input = track.clone();
  const start = (extra: Partial<ToWorker & { type: 'start' }>, transfer: Transferable[]) =>
    startWorker(
      base,
      { type: 'start', base: base.href, effect, ...extra },
      'image' in effect ? [effect.image, ...transfer] : transfer,
    ).catch((error: unknown) => {
      input.stop();
      throw error;
    });
  const { MediaStreamTrackProcessor: Processor, MediaStreamTrackGenerator: Generator } = globalThis as Generators;
  if (Processor && Generator) {
    const { readable } = new Processor({ track: input });
    const output = new Generator({ kind: 'video' });
    const worker = await start({ readable, writable: output.writable }, [readable, output.writable]);
    return {
      track: output,
      stop() {
        worker.onmessage = null;
        worker.postMessage({ type: 'stop' } satisfies ToWorker);
        output.stop();
        input.stop();
      },
    };
  }
  return canvasPath(input, await start({}, []));
}

/** Firefox's way: frames to the worker as ImageBitmaps, back on a canvas that is captured. */
async function canvasPath(input: MediaStreamTrack, worker: Worker): Promise<ProcessedTrack> {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = new MediaStream([input]);
  const canvas = document.createElement('canvas');
  const { width = 640, height = 480, frameRate = 30 } = input.getSettings();
  [canvas.width, canvas.height] = [width, height];
  const ctx = canvas.getContext('2d')!;
  // (A first frame, so that the captured track has one before the worker's first.)
  ctx.fillRect(0, 0, width, height);
  const output = canvas.captureStream().getVideoTracks()[0]!;
  let busy = false;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const { onmessage } = worker;
  worker.onmessage = (event: MessageEvent<FromWorker>) => {
    const { data } = event;
    busy = false;
    if (data.type !== 'frame' || stopped) return onmessage?.call(worker, event);
    const { frame } = data;
    if (canvas.width !== frame.width || canvas.height !== frame.height)
      [canvas.width, canvas.height] = [frame.width, frame.height];
    ctx.drawImage(frame, 0, 0);
    frame.close();
  };
  // Each new frame of the camera (requestVideoFrameCallback), else on a timer at its frame rate.
  const next = () => {
    if (stopped) return;
    if (video.requestVideoFrameCallback) video.requestVideoFrameCallback(() => void tick());
    else timer = setTimeout(tick, 1000 / frameRate);
  };
  const tick = async () => {
    next();
    if (stopped || busy || video.readyState < 2) return;
    busy = true;
    try {
      const frame = await createImageBitmap(video);
      if (stopped) frame.close();
      else worker.postMessage({ type: 'frame', frame } satisfies ToWorker, [frame]);
    } catch {
      busy = false;
    }
  };
  await video.play().catch(() => undefined);
  next();
  return {
    track: output,
    stop() {
      stopped = true;
      clearTimeout(timer);
      worker.onmessage = null;
      output.stop();
      input.stop();
      video.srcObject = null;
      worker.postMessage({ type: 'stop' } satisfies ToWorker);
    },
  };
}
