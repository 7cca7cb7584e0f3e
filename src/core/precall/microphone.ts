import { wait } from './camera.js';
import { microphoneVerdict } from './verdicts.js';
import type { MicrophoneResult } from './types.js';

/**
 * Listens to `track` (a microphone) for `durationMs` and keeps the loudest level heard (the
 * room's own meter: RMS over 50 ms windows). `onLevel` gets each reading, for a meter to show.
 */
export async function checkMicrophone(
  track: MediaStreamTrack | null | undefined,
  durationMs = 3000,
  options: { signal?: AbortSignal; onLevel?: (rms: number) => void } = {},
): Promise<MicrophoneResult> {
  if (track?.readyState !== 'live') return { verdict: 'bad', peak: 0, reason: 'no-microphone' };
  // The room's meter, a part of its own (loaded by import() wherever it is used).
  const { TrackMeter } = await import('../audio-meter.js');
  const meter = new TrackMeter(60);
  let peak = 0;
  const timer = setInterval(() => {
    const rms = meter.rms(track);
    peak = Math.max(peak, rms);
    options.onLevel?.(rms);
  }, 50);
  try {
    await wait(durationMs, options.signal);
  } finally {
    clearInterval(timer);
    meter.close();
    options.onLevel?.(0);
  }
  const live = track.readyState === 'live';
  return { verdict: microphoneVerdict(peak, live), peak, ...(live ? {} : { reason: 'no-microphone' }) };
}
