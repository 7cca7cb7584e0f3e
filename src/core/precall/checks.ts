/**
 * The pre-call check's parts, run together. It imports nothing the kit loads up front (the element
 * loads it by `import()` and hands it the signaling through `fetchIceServers`), so it is a chunk of
 * its own; `index.ts` is the public entry.
 */
import { checkCamera } from './camera.js';
import { checkMicrophone } from './microphone.js';
import { checkNetwork, type NetworkCheckOptions } from './network.js';
import { playTestSound } from './speaker.js';
import type { PrecallPart, PrecallResults } from './types.js';
import { overallVerdict } from './verdicts.js';

export { checkCamera, checkMicrophone, checkNetwork, playTestSound };
export { iceServersWith } from './ice-servers-with.js';
export type { NetworkCheckOptions };
export * from './types.js';
export { THRESHOLDS, cameraVerdict, microphoneVerdict, networkVerdict, overallVerdict } from './verdicts.js';

export interface PrecallOptions extends NetworkCheckOptions {
  /** The camera and microphone to check (the page's stream, opened with the chosen devices). */
  stream?: MediaStream | null;
  /** The speaker to play the test sound on (`''` or unset: the default one). */
  sinkId?: string;
  /** The parts to check. Default: all four. */
  parts?: readonly PrecallPart[];
  /** How long the camera and microphone are watched, in ms. Default 3000. */
  mediaMs?: number;
  /** Each part's result as it comes. */
  onPart?: <P extends PrecallPart>(part: P, result: NonNullable<PrecallResults[P]>) => void;
  onLevel?: (rms: number) => void;
}

/** Runs the parts asked for at once (the network test takes longest) and resolves with every result. */
export async function runPrecallCheck(options: PrecallOptions = {}): Promise<PrecallResults> {
  const parts = options.parts ?? ['camera', 'microphone', 'speaker', 'network'];
  const mediaMs = options.mediaMs ?? 3000;
  const stream = options.stream;
  const run = {
    camera: () => checkCamera(stream?.getVideoTracks()[0], mediaMs, options.signal),
    microphone: () =>
      checkMicrophone(stream?.getAudioTracks()[0], mediaMs, {
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onLevel ? { onLevel: options.onLevel } : {}),
      }),
    speaker: () => playTestSound(options.sinkId),
    network: () => checkNetwork(options),
  } as const;
  const results: Omit<PrecallResults, 'verdict'> = {};
  await Promise.all(
    parts.map(async (part) => {
      const result = await run[part]();
      (results as Record<string, unknown>)[part] = result;
      options.onPart?.(part, result as never);
    }),
  );
  const verdict = overallVerdict(parts.map((part) => results[part]!.verdict));
  return { ...results, verdict };
}
