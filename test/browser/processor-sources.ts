/**
 * What the processors' tests (processors.test.ts) send and measure: a camera of their own (a
 * canvas: a fine checkerboard, high in detail, which a blur flattens), a microphone of their own
 * (Web Audio: a tone and white noise mixed), and measures of what the other side decodes.
 */
import { inbound } from './helpers.js';

/** A 640x480 canvas at 15 fps: an 8-pixel black and white checkerboard, and a grey bar that moves (the frames differ). */
export function patternCamera(): { track: MediaStreamTrack; stop(): void } {
  const canvas = document.createElement('canvas');
  [canvas.width, canvas.height] = [640, 480];
  const ctx = canvas.getContext('2d')!;
  let n = 0;
  const draw = () => {
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, 640, 480);
    ctx.fillStyle = '#000';
    for (let y = 0; y < 480; y += 8) for (let x = (y / 8) % 2 ? 8 : 0; x < 640; x += 16) ctx.fillRect(x, y, 8, 8);
    ctx.fillStyle = '#888';
    ctx.fillRect((n++ * 8) % 640, 0, 16, 480);
  };
  draw();
  const timer = setInterval(draw, 1000 / 15);
  const track = canvas.captureStream(15).getVideoTracks()[0]!;
  const stop = () => {
    clearInterval(timer);
    track.stop();
  };
  return { track, stop };
}

/**
 * A voiced tone and white noise, mixed in Web Audio at 48 kHz, as one track. The tone is a voice's
 * (a 140 Hz sawtooth through three formant peaks of an "a", under 3.4 kHz, its loudness swaying at
 * 3 Hz): RNNoise keeps a voice and removes the rest, a plain sine included (measured: a 440 Hz sine
 * fell 15 dB through it), so a sine would not tell a noise suppressor from a mute.
 */
export function toneAndNoise(): { track: MediaStreamTrack; context: AudioContext } {
  const context = new AudioContext({ sampleRate: 48_000 });
  const out = context.createMediaStreamDestination();
  const voice = new OscillatorNode(context, { type: 'sawtooth', frequency: 140 });
  let node: AudioNode = voice;
  for (const frequency of [700, 1220, 2600])
    node = node.connect(new BiquadFilterNode(context, { type: 'peaking', frequency, Q: 5, gain: 15 }));
  for (let i = 0; i < 3; i++) node = node.connect(new BiquadFilterNode(context, { type: 'lowpass', frequency: 3400 }));
  const loudness = new GainNode(context, { gain: 0.05 });
  const sway = new OscillatorNode(context, { frequency: 3 });
  sway.connect(new GainNode(context, { gain: 0.04 })).connect(loudness.gain);
  node.connect(loudness).connect(out);
  const buffer = context.createBuffer(1, context.sampleRate * 2, context.sampleRate);
  const samples = buffer.getChannelData(0);
  for (let i = 0; i < samples.length; i++) samples[i] = (Math.random() * 2 - 1) * 0.1;
  const noise = new AudioBufferSourceNode(context, { buffer, loop: true });
  noise.connect(out);
  for (const started of [voice, sway, noise]) started.start();
  void context.resume();
  return { track: out.stream.getAudioTracks()[0]!, context };
}

/** The received frame of `stream` (640x480), grey levels. */
export async function receivedFrame(stream: MediaStream): Promise<{ grey: Float32Array; rgba: Uint8ClampedArray }> {
  const video = document.createElement('video');
  video.muted = true;
  video.srcObject = new MediaStream(stream.getVideoTracks());
  await video.play();
  // (A frame decoded after this call: not one the element had before.)
  await new Promise((resolve) => setTimeout(resolve, 300));
  const canvas = document.createElement('canvas');
  [canvas.width, canvas.height] = [640, 480];
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(video, 0, 0, 640, 480);
  video.srcObject = null;
  const rgba = ctx.getImageData(0, 0, 640, 480).data;
  const grey = new Float32Array(640 * 480);
  for (let i = 0; i < grey.length; i++) grey[i] = (rgba[i * 4]! + rgba[i * 4 + 1]! + rgba[i * 4 + 2]!) / 3;
  return { grey, rgba };
}

/** High-frequency energy of a 640x480 grey frame: the mean square of its Laplacian. */
export function highFrequencyEnergy(grey: Float32Array): number {
  let sum = 0;
  let n = 0;
  for (let y = 1; y < 479; y++) {
    for (let x = 1; x < 639; x++) {
      const i = y * 640 + x;
      const laplacian = 4 * grey[i]! - grey[i - 1]! - grey[i + 1]! - grey[i - 640]! - grey[i + 640]!;
      sum += laplacian * laplacian;
      n++;
    }
  }
  return sum / n;
}

/** Frames per second `pc` decodes, over `ms`. */
export async function decodedRate(pc: RTCPeerConnection, ms = 4000): Promise<number> {
  const before = (await inbound(pc)).framesDecoded;
  const start = performance.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return (((await inbound(pc)).framesDecoded - before) * 1000) / (performance.now() - start);
}

/**
 * The power (dB) of what `stream` carries where the tone is (100 Hz to 1 kHz: its fundamental and
 * first formant, far above the noise there) and where only the noise is (5 to 8 kHz, above the
 * tone's 3.4 kHz), averaged over `ms`.
 */
export async function tonePower(stream: MediaStream, ms = 2000): Promise<{ tone: number; noise: number }> {
  // (Chromium plays a remote track into Web Audio only while a media element plays it too.)
  const audio = new Audio();
  audio.muted = true;
  audio.srcObject = stream;
  await audio.play().catch(() => undefined);
  const context = new AudioContext({ sampleRate: 48_000 });
  await context.resume();
  const analyser = new AnalyserNode(context, { fftSize: 4096, smoothingTimeConstant: 0 });
  context.createMediaStreamSource(stream).connect(analyser);
  const bins = new Float32Array(analyser.frequencyBinCount);
  const hz = context.sampleRate / analyser.fftSize;
  let [tone, noise, reads] = [0, 0, 0];
  const end = performance.now() + ms;
  while (performance.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    analyser.getFloatFrequencyData(bins);
    bins.forEach((db, i) => {
      const f = i * hz;
      const power = 10 ** (db / 10);
      if (f >= 100 && f <= 1000) tone += power;
      else if (f >= 5000 && f <= 8000) noise += power;
    });
    reads++;
  }
  audio.srcObject = null;
  await context.close();
  return { tone: 10 * Math.log10(tone / reads), noise: 10 * Math.log10(noise / reads) };
}
