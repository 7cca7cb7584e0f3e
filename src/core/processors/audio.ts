/**
 * Noise suppression (issue 28): the microphone through RNNoise in an AudioWorklet of an
 * AudioContext at 48 kHz (RNNoise's rate), out as a track of its own. The worklet and its
 * WebAssembly are @sapphi-red/web-noise-suppressor's (RNNoise built by Shiguredo), copied into
 * `dist/processors/` and fetched from `base` (loaded the first time only: later calls reuse them).
 */
import type { ProcessedTrack } from '../processor-types.js';

/** The worklet's processor name (`@sapphi-red/web-noise-suppressor/rnnoise`'s). */
const PROCESSOR = '@sapphi-red/web-noise-suppressor/rnnoise';
/** WebAssembly with SIMD (a module using one SIMD instruction validates). */
const SIMD = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

const binaries = new Map<string, Promise<ArrayBuffer>>();

/** RNNoise's WebAssembly (SIMD where the browser has it), fetched once per base. */
const wasm = (base: URL) => {
  const url = new URL(WebAssembly.validate(SIMD) ? 'rnnoise_simd.wasm' : 'rnnoise.wasm', base).href;
  let binary = binaries.get(url);
  if (!binary) {
    binary = fetch(url).then((response) => {
      if (!response.ok) throw new Error(`${url}: ${response.status}`);
      return response.arrayBuffer();
    });
    binary.catch(() => binaries.delete(url));
    binaries.set(url, binary);
  }
  return binary;
};

/** `track` (a microphone's) with its noise suppressed; `stop()` closes the AudioContext. */
export async function suppressNoise(track: MediaStreamTrack, base: URL): Promise<ProcessedTrack> {
  const context = new AudioContext({ sampleRate: 48_000 });
  try {
    const [binary] = await Promise.all([
      wasm(base),
      context.audioWorklet.addModule(new URL('rnnoise-worklet.js', base)),
    ]);
    const source = context.createMediaStreamSource(new MediaStream([track]));
    const node = new AudioWorkletNode(context, PROCESSOR, {
      // (A copy: the binary is transferred to the worklet, and the next processor needs it too.)
      processorOptions: { maxChannels: 1, wasmBinary: binary.slice(0) },
      channelCount: 1,
      channelCountMode: 'explicit',
    });
    const out = context.createMediaStreamDestination();
    source.connect(node).connect(out);
    // A context made without a gesture may start suspended (the call's own gesture resumes it).
    void context.resume();
    const processed = out.stream.getAudioTracks()[0]!;
    return {
      track: processed,
      stop() {
        processed.stop();
        node.port.postMessage('destroy');
        source.disconnect();
        void context.close();
      },
    };
  } catch (error) {
    void context.close();
    throw error;
  }
}
