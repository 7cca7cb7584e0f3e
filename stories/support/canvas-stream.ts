/**
 * Streams for stories, with no camera: a canvas painted with a coloured gradient, a person's
 * initials and a dot going round (so a playing video visibly moves), captured with
 * `captureStream()`; optionally a silent audio track. A story asks for its streams by key, so a
 * re-render (a control changed) keeps them; they are stopped when the story is left
 * (`stopStoryStreams`, called by the preview's `beforeEach` cleanup).
 */
import { initials } from '../../src/components/video/video.js';

export interface CanvasStreamOptions {
  /** Whose initials to paint. */
  name?: string;
  /** Hue of the gradient, 0 to 360. */
  hue?: number;
  /** Paint and send video (default true). */
  video?: boolean;
  /** Add a silent audio track (WebAudio), as a person with a microphone sends. */
  audio?: boolean;
  /**
   * Add an audio track carrying a soft hum that swells and fades, as a voice does, so a level
   * meter moves (nothing in the stories plays it aloud).
   */
  voice?: boolean;
  /** Paint a shared screen (a slide with a chart and a moving pointer) instead of a face. */
  screen?: boolean;
  width?: number;
  height?: number;
}

/** Live streams by story id, then by key. */
const live = new Map<string, Map<string, { stream: MediaStream; stop(): void }>>();

/**
 * The stream `key` of story `storyId` (made on first use): a moving, deterministic picture and,
 * if asked, a silent audio track.
 */
export function storyStream(storyId: string, key: string, options: CanvasStreamOptions = {}): MediaStream {
  const streams = live.get(storyId) ?? new Map();
  live.set(storyId, streams);
  const existing = streams.get(key);
  if (existing) return existing.stream;
  const entry = canvasStream(options);
  streams.set(key, entry);
  return entry.stream;
}

/** Stops the streams of story `storyId`. */
export function stopStoryStreams(storyId: string): void {
  for (const entry of live.get(storyId)?.values() ?? []) entry.stop();
  live.delete(storyId);
}

function canvasStream(options: CanvasStreamOptions): { stream: MediaStream; stop(): void } {
  const { name = '', hue = 220, video = true, audio = false, voice = false, screen = false } = options;
  const { width = screen ? 1280 : 640, height = screen ? 720 : 360 } = options;
  const stream = new MediaStream();
  const paint = screen ? paintSlide : paintFace(name, hue);
  const stopPainting = video ? paintCanvas(stream, width, height, paint) : () => undefined;
  let audioContext: AudioContext | undefined;
  if (audio || voice) {
    audioContext = new AudioContext();
    // A live audio track: silent, unless the hum is connected to it.
    const destination = audioContext.createMediaStreamDestination();
    if (voice) hum(audioContext, destination);
    for (const track of destination.stream.getAudioTracks()) stream.addTrack(track);
  }
  return {
    stream,
    stop() {
      stopPainting();
      for (const track of stream.getTracks()) track.stop();
      void audioContext?.close();
    },
  };
}

/** A 180 Hz tone into `destination`, its loudness swelling from nothing to -20 dBFS and back about once a second. */
function hum(context: AudioContext, destination: AudioNode) {
  const tone = context.createOscillator();
  tone.frequency.value = 180;
  const loudness = context.createGain();
  loudness.gain.value = 0.07;
  const swell = context.createOscillator();
  swell.frequency.value = 0.8;
  const depth = context.createGain();
  depth.gain.value = 0.07;
  swell.connect(depth).connect(loudness.gain);
  tone.connect(loudness).connect(destination);
  tone.start();
  swell.start();
}

/** Paints frame number `frame` of a picture on a `width` × `height` canvas. */
type Painter = (context: CanvasRenderingContext2D, width: number, height: number, frame: number) => void;

/** Paints a picture on a canvas every frame and adds its captured track to `stream`; returns a stop. */
function paintCanvas(stream: MediaStream, width: number, height: number, paint: Painter): () => void {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d')!;
  for (const track of canvas.captureStream(30).getVideoTracks()) stream.addTrack(track);
  let frame = 0;
  let handle = 0;
  const next = () => {
    paint(context, width, height, frame++);
    handle = requestAnimationFrame(next);
  };
  next();
  return () => cancelAnimationFrame(handle);
}

/** A person: their initials on a coloured gradient, and a dot going round. */
function paintFace(name: string, hue: number): Painter {
  return (context, width, height, frame) => {
    const gradient = context.createLinearGradient(0, 0, width, height);
    gradient.addColorStop(0, `hsl(${hue} 70% 45%)`);
    gradient.addColorStop(1, `hsl(${(hue + 60) % 360} 70% 25%)`);
    context.fillStyle = gradient;
    context.fillRect(0, 0, width, height);
    context.fillStyle = 'rgb(255 255 255 / 0.9)';
    context.font = `600 ${Math.round(height / 4)}px system-ui, sans-serif`;
    context.textAlign = 'center';
    context.textBaseline = 'middle';
    context.fillText(name ? initials(name) : '▶', width / 2, height / 2);
    // A dot going round once every 4 seconds (at 60 frames a second): the picture is live.
    const angle = (frame / 240) * 2 * Math.PI;
    context.beginPath();
    context.arc(width / 2 + Math.cos(angle) * height * 0.35, height / 2 + Math.sin(angle) * height * 0.35, 10, 0, 7);
    context.fill();
  };
}

/** A shared screen: a light slide with a title bar, a bar chart and a pointer moving across it. */
const paintSlide: Painter = (context, width, height, frame) => {
  const unit = height / 18;
  context.fillStyle = '#f5f6f8';
  context.fillRect(0, 0, width, height);
  context.fillStyle = '#1f2a44';
  context.fillRect(0, 0, width, unit * 2.5);
  context.fillStyle = '#ffffff';
  context.font = `600 ${Math.round(unit * 1.2)}px system-ui, sans-serif`;
  context.textAlign = 'start';
  context.textBaseline = 'middle';
  context.fillText('Quarterly review', unit, unit * 1.25);
  const bars = [0.45, 0.62, 0.55, 0.8, 0.7];
  const base = height - unit * 2;
  const slot = (width - unit * 4) / bars.length;
  bars.forEach((value, i) => {
    context.fillStyle = `hsl(${210 + i * 25} 60% 50%)`;
    const barHeight = value * (base - unit * 5);
    context.fillRect(unit * 2 + i * slot + slot * 0.2, base - barHeight, slot * 0.6, barHeight);
  });
  context.fillStyle = '#8a94a6';
  context.fillRect(unit * 2, base, width - unit * 4, 2);
  // The presenter's pointer sweeps along the bars and back every 6 seconds.
  const sweep = (Math.sin((frame / 360) * 2 * Math.PI) + 1) / 2;
  context.fillStyle = '#e5484d';
  context.beginPath();
  context.arc(unit * 3 + sweep * (width - unit * 6), base - unit * 6, unit * 0.4, 0, 7);
  context.fill();
};
