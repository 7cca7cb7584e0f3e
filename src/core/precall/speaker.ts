import { wait } from './camera.js';
import type { SpeakerResult } from './types.js';

/**
 * Plays a short two-note chime on the speaker `sinkId` (`''`: the default one), through an audio
 * element (`setSinkId` where the browser has it), and resolves once it has played. Call it from a
 * click: a page may only start sound after the person interacted with it.
 */
export async function playTestSound(sinkId = '', durationMs = 800): Promise<SpeakerResult> {
  const context = new AudioContext();
  const audio = new Audio();
  try {
    const destination = context.createMediaStreamDestination();
    const gain = context.createGain();
    gain.connect(destination);
    const now = context.currentTime;
    const seconds = durationMs / 1000;
    gain.gain.setValueAtTime(0, now);
    gain.gain.linearRampToValueAtTime(0.3, now + 0.02);
    gain.gain.linearRampToValueAtTime(0, now + seconds);
    for (const [i, frequency] of [660, 880].entries()) {
      const tone = context.createOscillator();
      tone.frequency.value = frequency;
      tone.connect(gain);
      tone.start(now + (i * seconds) / 2);
      tone.stop(now + seconds);
    }
    const canChoose = typeof audio.setSinkId === 'function';
    if (sinkId && canChoose) await audio.setSinkId(sinkId);
    audio.srcObject = destination.stream;
    // A context that does not start (no audio output at all) would wait for ever.
    await Promise.race([context.resume(), wait(2000)]);
    if (context.state !== 'running') throw new Error('no audio output');
    await audio.play();
    await wait(durationMs);
    if (sinkId && !canChoose) return { verdict: 'fair', sinkId: '', reason: 'no-sink-choice' };
    return { verdict: 'good', sinkId };
  } catch {
    return { verdict: 'bad', sinkId, reason: 'not-played' };
  } finally {
    audio.pause();
    audio.srcObject = null;
    void context.close().catch(() => undefined);
  }
}
