/**
 * The processors' bookkeeping for `LocalTracks` (issue 28), loaded the first time a processor is
 * set (a chunk of its own: the core's first download does not grow): which processor each kind
 * has, and, for each processed track shown, the device's (or page's) track behind it. A processed
 * track stands in for its device's: it is owned when the device's track is (so it is stopped, and
 * replaced by another device when its device goes away), and it ends when its device's ends.
 */
import type { LocalTracks } from './local-tracks.js';
import type { TrackProcessor } from './processor-types.js';

type Kind = 'audio' | 'video';

export class Processing {
  #tracks: LocalTracks;
  #owned: Set<MediaStreamTrack>;
  #processors: Partial<Record<Kind, TrackProcessor>> = {};
  /** Each processed track: the track behind it, and what stops the processing. */
  #processed = new Map<MediaStreamTrack, { raw: MediaStreamTrack; stop(): void }>();

  constructor(tracks: LocalTracks, owned: Set<MediaStreamTrack>) {
    this.#tracks = tracks;
    this.#owned = owned;
  }

  /** The track behind `track` (itself when it is not processed). */
  raw(track: MediaStreamTrack): MediaStreamTrack {
    return this.#processed.get(track)?.raw ?? track;
  }

  /**
   * Sets `kind`'s processor; resolves with the track to show now in place of the one shown (null
   * when nothing changes: no track, or another change came meanwhile).
   */
  async set(kind: Kind, processor: TrackProcessor | null): Promise<MediaStreamTrack | null> {
    if (processor) this.#processors[kind] = processor;
    else delete this.#processors[kind];
    const shown = this.#tracks.track(kind);
    if (!shown) return null;
    const raw = this.raw(shown);
    const track = await this.process(kind, raw);
    // Another device or processor came meanwhile: this one is not needed.
    if (this.#tracks.track(kind) !== shown || this.#processors[kind] !== (processor ?? undefined)) {
      this.drop(track, null);
      return null;
    }
    track.enabled = shown.enabled;
    return track;
  }

  /** `raw` through `kind`'s processor, or as it is when it has none (or it failed). */
  async process(kind: Kind, raw: MediaStreamTrack): Promise<MediaStreamTrack> {
    const processor = this.#processors[kind];
    if (!processor) return raw;
    try {
      const { track, stop } = await processor(raw);
      this.#processed.set(track, { raw, stop });
      if (this.#owned.has(raw)) this.#owned.add(track);
      // (`LocalTracks` watches what it shows for a device that goes away.)
      raw.addEventListener('ended', () => track.dispatchEvent(new Event('ended')), { once: true });
      if (kind === 'video' && !track.getSettings().height) void this.#sized(track);
      return track;
    } catch (error) {
      console.warn('rtc-elements: the processor failed; the track is sent as it is.', error);
      return raw;
    }
  }

  /**
   * A generated track (`MediaStreamTrackGenerator`) has no size until its first frame, and the
   * mesh scales a camera by its height (a blurred 640x480 camera went out unscaled at a room of
   * four's 360 lines): once it has one, what sends it hears of the track again, as of a new one.
   */
  async #sized(track: MediaStreamTrack) {
    for (let i = 0; i < 100 && track.readyState === 'live' && !track.getSettings().height; i++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    if (track.getSettings().height && this.#tracks.track('video') === track)
      this.#tracks.dispatchEvent(
        new CustomEvent('track', { detail: { role: 'video', track: this.#tracks.sending('video') } }),
      );
  }

  /**
   * `old` leaves the stream for `next`: stops its processing, and answers what `LocalTracks` may
   * stop (if it owns it): the track behind it, unless `next` shows that same track (null then).
   */
  drop(old: MediaStreamTrack, next: MediaStreamTrack | null): MediaStreamTrack | null {
    const processed = this.#processed.get(old);
    this.#processed.delete(old);
    processed?.stop();
    const raw = processed?.raw ?? old;
    if (processed) this.#owned.delete(old);
    return next && this.raw(next) === raw ? null : raw;
  }
}
