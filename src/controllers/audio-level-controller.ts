import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { TrackMeter } from '../core/audio-meter.js';
import { loadOnce } from '../core/load-once.js';

/** The meter's code (a chunk of its own, shared with a room's levels), loaded as the host connects. */
const loadMeter = loadOnce(() => import('../core/audio-meter.js'), 'the level meter');

/**
 * How loud a microphone track is, measured ten times a second while the host is connected by a
 * core `TrackMeter` (on the page's one shared `AudioContext`, as a room's levels are): `level`
 * goes from 0 (silence, or no live enabled track) to 1, on a decibel scale as level meters show
 * it. The host re-renders when the level changes.
 */
export class AudioLevelController implements ReactiveController {
  /** The level, 0 to 1, in steps of 0.01. */
  level = 0;
  #host: ReactiveControllerHost;
  #track: () => MediaStreamTrack | null;
  #intervalMs: number;
  #timer: ReturnType<typeof setInterval> | undefined;
  /** Null until the meter's code is in and the host is connected. */
  #meter: TrackMeter | null = null;

  /** `track` is asked for the track to measure at every look (it may change). */
  constructor(host: ReactiveControllerHost, track: () => MediaStreamTrack | null, intervalMs = 100) {
    this.#host = host;
    this.#track = track;
    this.#intervalMs = intervalMs;
    host.addController(this);
  }

  /** Starts a suspended audio context (browsers start one only after the person interacted). */
  resume(): void {
    this.#meter?.resume();
  }

  hostConnected(): void {
    this.#timer ??= setInterval(() => this.#tick(), this.#intervalMs);
    void loadMeter().then((module) => {
      if (module && this.#timer !== undefined) this.#meter ??= new module.TrackMeter(this.#intervalMs * 1.5);
    });
  }

  hostDisconnected(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#meter?.close();
    this.#meter = null;
    this.level = 0;
  }

  #tick() {
    if (!this.#meter) return;
    const rms = this.#meter.rms(this.#track());
    // -60 dBFS and below shows empty, 0 dBFS full.
    const level = Math.round(Math.min(1, Math.max(0, 1 + (20 * Math.log10(rms || 1e-9)) / 60)) * 100) / 100;
    if (level !== this.level) {
      this.level = level;
      this.#host.requestUpdate();
    }
  }
}
