import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { RtcError } from '../core/errors.js';
import { getLocalMedia, stopStream } from '../core/media.js';

/**
 * A camera and microphone preview stream of the host's own: keeps one open on the devices it is
 * told to want, and stops every track of it when they change, when nothing is wanted and when
 * the host leaves the page. Problems (a refused or missing device) go to `onError`; the stream
 * then has what could be opened.
 */
export class PreviewController implements ReactiveController {
  /** The open preview (null while none is open or it is still opening). */
  stream: MediaStream | null = null;
  #host: ReactiveControllerHost;
  #onError: (error: RtcError) => void;
  #key = '';
  #generation = 0;

  constructor(host: ReactiveControllerHost, onError: (error: RtcError) => void) {
    this.#host = host;
    this.#onError = onError;
    host.addController(this);
  }

  /**
   * Wants a preview of these devices: a `deviceId`, '' for the default one, or `false` for none
   * of that kind. Opens a new stream only when that changed, or a track of the open one ended.
   */
  want(audio: string | false, video: string | false): void {
    const key = audio === false && video === false ? '' : JSON.stringify([audio, video]);
    const ended = !!this.stream?.getTracks().some((t) => t.readyState === 'ended');
    if (key === this.#key && !ended) return;
    this.stop();
    this.#key = key;
    if (!key) return;
    const generation = this.#generation;
    const request = (id: string | false) => id !== false && (id ? { deviceId: { exact: id } } : true);
    void getLocalMedia({ audio: request(audio), video: request(video) }).then(({ stream, errors }) => {
      // Wanted something else meanwhile, or left the page: this stream is of no use.
      if (generation !== this.#generation) return stopStream(stream);
      this.stream = stream;
      for (const error of errors) this.#onError(error);
      this.#host.requestUpdate();
    });
  }

  /** Stops every track of the preview (and of one still opening). */
  stop(): void {
    this.#key = '';
    this.#generation++;
    stopStream(this.stream);
    this.stream = null;
  }

  hostDisconnected(): void {
    this.stop();
  }
}
