import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * How loud a microphone track is, measured with a Web Audio `AnalyserNode` ten times a second
 * while the host is connected: `level` goes from 0 (silence, or no live enabled track) to 1, on
 * a decibel scale as level meters show it. The host re-renders when the level changes.
 */
export class AudioLevelController implements ReactiveController {
  /** The level, 0 to 1, in steps of 0.01. */
  level = 0;
  #host: ReactiveControllerHost;
  #track: () => MediaStreamTrack | null;
  #intervalMs: number;
  #timer: ReturnType<typeof setInterval> | undefined;
  #context: AudioContext | null = null;
  #analyser: AnalyserNode | null = null;
  #node: MediaStreamAudioSourceNode | null = null;
  #analysed: MediaStreamTrack | null = null;
  #samples: Float32Array<ArrayBuffer> | null = null;

  /** `track` is asked for the track to measure at every look (it may change). */
  constructor(host: ReactiveControllerHost, track: () => MediaStreamTrack | null, intervalMs = 100) {
    this.#host = host;
    this.#track = track;
    this.#intervalMs = intervalMs;
    host.addController(this);
  }

  /** Starts a suspended audio context (browsers start one only after the person interacted). */
  resume(): void {
    if (this.#context?.state === 'suspended') void this.#context.resume().catch(() => undefined);
  }

  hostConnected(): void {
    this.#timer ??= setInterval(() => this.#tick(), this.#intervalMs);
  }

  hostDisconnected(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#node?.disconnect();
    void this.#context?.close().catch(() => undefined);
    this.#context = this.#analyser = this.#node = this.#analysed = this.#samples = null;
    this.level = 0;
  }

  #tick() {
    const track = this.#track();
    let level = 0;
    if (track?.readyState === 'live' && track.enabled) {
      if (track !== this.#analysed) this.#analyse(track);
      if (this.#analyser && this.#samples) {
        this.#analyser.getFloatTimeDomainData(this.#samples);
        let sum = 0;
        for (const sample of this.#samples) sum += sample * sample;
        const rms = Math.sqrt(sum / this.#samples.length);
        // -60 dBFS and below shows empty, 0 dBFS full.
        level = Math.round(Math.min(1, Math.max(0, 1 + (20 * Math.log10(rms || 1e-9)) / 60)) * 100) / 100;
      }
    }
    if (level !== this.level) {
      this.level = level;
      this.#host.requestUpdate();
    }
  }

  #analyse(track: MediaStreamTrack) {
    this.#node?.disconnect();
    this.#analysed = track;
    try {
      this.#context ??= new AudioContext();
      this.resume();
      this.#analyser ??= this.#context.createAnalyser();
      this.#analyser.fftSize = 2048;
      this.#samples = new Float32Array(this.#analyser.fftSize);
      this.#node = this.#context.createMediaStreamSource(new MediaStream([track]));
      this.#node.connect(this.#analyser);
    } catch {
      // No Web Audio here: the level stays 0.
      this.#analyser = null;
    }
  }
}
