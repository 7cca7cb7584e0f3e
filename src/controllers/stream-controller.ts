import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Follows a `MediaStream`: which tracks it has and whether its video is live (not muted, not
 * ended), and re-renders its host when that changes.
 */
export class StreamController implements ReactiveController {
  #host: ReactiveControllerHost;
  #stream: MediaStream | null = null;
  #tracks = new Set<MediaStreamTrack>();
  #connected = false;
  #onTracksChanged = () => {
    this.#watchTracks();
    this.#host.requestUpdate();
    this.#tracksChanged?.();
  };
  #onTrackState = () => this.#host.requestUpdate();
  #tracksChanged: (() => void) | undefined;

  /** `onTracksChanged` is called when tracks are added or removed (the host may need to re-attach the stream). */
  constructor(host: ReactiveControllerHost, onTracksChanged?: () => void) {
    this.#host = host;
    this.#tracksChanged = onTracksChanged;
    host.addController(this);
  }

  get stream(): MediaStream | null {
    return this.#stream;
  }

  set stream(stream: MediaStream | null) {
    if (stream === this.#stream) return;
    this.#unwatch();
    this.#stream = stream;
    if (this.#connected) this.#watch();
  }

  /** True when the stream has a video track that is live and receiving frames. */
  get hasVideo(): boolean {
    return !!this.#stream?.getVideoTracks().some((t) => t.readyState === 'live' && !t.muted && t.enabled);
  }

  /** True when the stream has a live audio track. */
  get hasAudio(): boolean {
    return !!this.#stream?.getAudioTracks().some((t) => t.readyState === 'live');
  }

  hostConnected(): void {
    this.#connected = true;
    this.#watch();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#unwatch();
  }

  #watch() {
    this.#stream?.addEventListener('addtrack', this.#onTracksChanged);
    this.#stream?.addEventListener('removetrack', this.#onTracksChanged);
    this.#watchTracks();
  }

  #watchTracks() {
    const current = new Set(this.#stream?.getTracks() ?? []);
    for (const track of this.#tracks) {
      if (!current.has(track)) this.#unwatchTrack(track);
    }
    for (const track of current) {
      if (this.#tracks.has(track)) continue;
      for (const type of ['mute', 'unmute', 'ended']) track.addEventListener(type, this.#onTrackState);
      this.#tracks.add(track);
    }
  }

  #unwatchTrack(track: MediaStreamTrack) {
    for (const type of ['mute', 'unmute', 'ended']) track.removeEventListener(type, this.#onTrackState);
    this.#tracks.delete(track);
  }

  #unwatch() {
    this.#stream?.removeEventListener('addtrack', this.#onTracksChanged);
    this.#stream?.removeEventListener('removetrack', this.#onTracksChanged);
    for (const track of [...this.#tracks]) this.#unwatchTrack(track);
  }
}
