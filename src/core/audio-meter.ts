/** One `AudioContext` for all the page's meters (browsers cap how many a page may run). */
let shared: { context: AudioContext; users: number } | null = null;

/**
 * How loud one local track (a microphone) is, from a Web Audio `AnalyserNode` on the page's one
 * shared `AudioContext`, which closes when its last meter does. A room's `AudioLevels` measures
 * our microphone with one; `<rtc-device-picker>`'s level meter with another.
 */
export class TrackMeter {
  #windowMs: number;
  #context: AudioContext | null = null;
  #analyser: AnalyserNode | null = null;
  #analysed: MediaStreamTrack | null = null;
  #node: MediaStreamAudioSourceNode | null = null;
  #silence: GainNode | null = null;
  #samples: Float32Array<ArrayBuffer> | null = null;

  /** `windowMs`: how much sound each reading spans (a little more than the time between two). */
  constructor(windowMs: number) {
    this.#windowMs = windowMs;
  }

  /** The root mean square of `track`'s latest window, 0 to 1; 0 when it is not live and enabled, or without Web Audio. */
  rms(track: MediaStreamTrack | null | undefined): number {
    if (track?.readyState !== 'live' || !track.enabled) return 0;
    if (track !== this.#analysed) this.#analyse(track);
    // Suspended until the page may play sound (a click, usually): ask again on each reading.
    this.resume();
    const analyser = this.#analyser;
    const samples = this.#samples;
    if (!analyser || !samples) return 0;
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const sample of samples) sum += sample * sample;
    return Math.sqrt(sum / samples.length);
  }

  /** Starts the shared context if it is suspended (browsers start one only after the person interacted). */
  resume(): void {
    if (this.#context?.state === 'suspended') void this.#context.resume().catch(() => undefined);
  }

  /** Lets go of the track and of the shared context (closed with its last meter). */
  close(): void {
    this.#node?.disconnect();
    this.#silence?.disconnect();
    if (this.#context && shared && --shared.users <= 0) {
      void shared.context.close().catch(() => undefined);
      shared = null;
    }
    this.#context = this.#analyser = this.#node = this.#analysed = this.#silence = this.#samples = null;
  }

  #analyse(track: MediaStreamTrack) {
    this.#node?.disconnect();
    this.#analysed = track;
    try {
      if (!this.#context) {
        shared ??= { context: new AudioContext(), users: 0 };
        shared.users++;
        this.#context = shared.context;
      }
      const context = this.#context;
      const analyser = this.#analyser ?? context.createAnalyser();
      analyser.fftSize = 2 ** Math.ceil(Math.log2((context.sampleRate * this.#windowMs) / 1000));
      this.#analyser = analyser;
      this.#samples = new Float32Array(analyser.fftSize);
      this.#node = context.createMediaStreamSource(new MediaStream([track]));
      this.#node.connect(analyser);
      // Some engines (Firefox) only run a graph that reaches the output: reach it, silently.
      if (!this.#silence) {
        this.#silence = context.createGain();
        this.#silence.gain.value = 0;
        analyser.connect(this.#silence).connect(context.destination);
      }
    } catch {
      // No Web Audio here: the level stays 0.
      this.#analyser = null;
    }
  }
}
