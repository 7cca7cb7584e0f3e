import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { LocalizeController } from '../../controllers/localize-controller.js';
import { StreamController } from '../../controllers/stream-controller.js';
import { ViewController } from '../../controllers/view-controller.js';
import { RtcError } from '../../core/errors.js';
import type { Participant } from '../../core/participant.js';
import { RtcErrorEvent } from '../../events/rtc-error.js';
import { styles } from './video.styles.js';
import { setStates } from '../custom-states.js';

/**
 * Set `.participant` (a core `Participant`: stream and name come from it) or `.stream` (any
 * `MediaStream`; wins over the participant's). Inside a room, it tells the room how large it
 * shows a remote participant (`Room.setView`), or that it does not (scrolled away, hidden,
 * removed): through an SFU, that picks the layer it receives, and pauses what is not seen. Autoplay works under browser policies: a muted
 * element always plays; when the browser refuses to play sound, a "Play sound" button appears.
 * Its strings come from the strings table (`setStrings`), in the language of the closest `lang`.
 *
 * @tagname rtc-video
 * @summary Shows one participant's stream, or any `MediaStream`, with a name label and a
 * placeholder when there is no video.
 *
 * @csspart video - The `<video>` element.
 * @csspart placeholder - What shows when there is no live video: the avatar.
 * @csspart avatar - The initials inside the placeholder.
 * @csspart label - The name label.
 * @csspart play - The button shown when the browser blocked playback with sound.
 *
 * @cssproperty [--rtc-video-radius=var(--rtc-radius-m, 12px)] - Corner radius.
 * @cssproperty [--rtc-video-background=var(--rtc-color-tile, #1e2127)] - Behind the video and placeholder.
 * @cssproperty [--rtc-video-aspect-ratio=16 / 9] - The tile's aspect ratio.
 * @cssproperty [--rtc-video-avatar-background=translucent on-tile colour] - The initials' circle.
 * @cssproperty [--rtc-video-label-background=rgb(0 0 0 / 0.55)] - Behind the name label.
 *
 * @cssstate has-video - The stream has a live, unmuted video track.
 * @cssstate has-audio - The stream has a live audio track.
 * @cssstate playing - The video element is playing.
 * @cssstate blocked - The browser refused to autoplay with sound; the play button is shown.
 *
 * @event rtc-error - The speaker set in `sinkId` could not be used (not fatal). {@link RtcErrorEvent}
 */
export class RtcVideo extends LitElement {
  static override styles = styles;

  /** The participant to show; supplies the stream and the name unless those are set. */
  @property({ attribute: false }) participant: Participant | null = null;

  /** The stream to show; wins over the participant's. */
  @property({ attribute: false }) stream: MediaStream | null = null;

  /** Name shown in the label; defaults to the participant's name. Rendered as text, never HTML. */
  @property() name = '';

  /** Do not play sound (use it for the local participant, to avoid echo). */
  @property({ type: Boolean, reflect: true }) muted = false;

  /** Flip horizontally, as people expect to see themselves. */
  @property({ type: Boolean, reflect: true }) mirrored = false;

  /** How video fills the tile: `cover` crops, `contain` letterboxes. */
  @property({ reflect: true }) fit: 'cover' | 'contain' = 'cover';

  /**
   * The speaker to play through (a `deviceId` of kind `audiooutput`, e.g. the room's `device`
   * event's); '' is the system default. Ignored where the browser cannot choose one (no
   * `setSinkId`); when the speaker cannot be used, the element fires `rtc-error` and plays on
   * through the one it had.
   */
  @property({ attribute: 'sink-id' }) sinkId = '';

  /**
   * Show the placeholder, not the picture, while the sound plays on: for a camera its owner turned
   * off, as soon as they say so (the track itself only stops bringing frames a while later).
   */
  @property({ type: Boolean, reflect: true, attribute: 'video-off' }) videoOff = false;

  @query('video') private video!: HTMLVideoElement;
  @state() private blocked = false;

  #internals = this.attachInternals();
  #media = new StreamController(this, () => this.#reattach());
  #frame = 0;
  #strings = new LocalizeController(this);
  #view = new ViewController(this);

  /** The stream being shown: `stream`, else the participant's. */
  get currentStream(): MediaStream | null {
    return this.stream ?? this.participant?.stream ?? null;
  }

  protected override willUpdate(_changed: PropertyValues<this>): void {
    this.#media.stream = this.currentStream;
    this.#view.participant = this.participant;
  }

  protected override render() {
    const label = this.name || this.participant?.name || '';
    // With nothing to hear, play muted: browsers always let a muted video play, so a stream
    // without sound never asks for "Play sound".
    const silent = this.muted || !this.#media.hasAudio;
    return html`
      <video part="video" autoplay playsinline .muted=${silent}
        @playing=${this.#onPlaying} @pause=${this.#onPause}></video>
      <div part="placeholder" aria-hidden="true">
        <span class="avatar" part="avatar">${initials(this.participant?.name || label)}</span>
      </div>
      <span part="label">${label}</span>
      ${this.blocked ? html`<button part="play" class="pill" type="button" @click=${this.#play}>${this.#strings.term('video.play-sound')}</button>` : nothing}
    `;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('sinkId')) this.#applySink();
    this.#attach(false);
    setStates(this.#internals, {
      'has-video': this.#media.hasVideo && !this.videoOff,
      'has-audio': this.#media.hasAudio,
      blocked: this.blocked,
    });
    this.#internals.role = 'figure';
    this.#internals.ariaLabel = this.name || this.participant?.name || this.#strings.term('video.label');
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    // Let go of the stream: a detached <video> must not keep a closed call's tracks alive.
    if (this.video) this.video.srcObject = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.requestUpdate();
  }

  /**
   * Tracks were added or removed: attach the stream again, once for all the changes of a frame. A
   * remote stream gets its tracks one by one (its audio, then its video, a few ms apart, while
   * the call connects); each attach restarts the <video>'s player, so one is enough. A hidden page
   * draws no frames: it attaches at once (the sound must not wait).
   */
  #reattach() {
    if (this.#frame) return;
    if (document.visibilityState !== 'visible') return this.#attach(true);
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.#attach(true);
    });
  }

  /** Points the <video> at the current stream (again, when tracks changed) and plays it. */
  #attach(force: boolean) {
    const video = this.video;
    // Out of the page, it shows nothing (a late track change or update must not re-attach).
    if (!video || !this.isConnected) return;
    // A stream without tracks yet (a remote participant before their first track) has nothing to
    // play: the placeholder shows, and the tracks' arrival attaches it.
    const stream = this.currentStream?.getTracks().length ? this.currentStream : null;
    if (video.srcObject === stream && !force) return;
    video.srcObject = null;
    video.srcObject = stream;
    if (stream) void this.#play();
  }

  #play = async () => {
    const video = this.video;
    try {
      await video.play();
      this.blocked = false;
    } catch (error) {
      // NotAllowedError: autoplay with sound refused until the person interacts with the page.
      // AbortError: a newer srcObject replaced this one; that load plays instead.
      if ((error as DOMException).name === 'NotAllowedError') this.blocked = true;
    }
  };

  #applySink() {
    const video = this.video;
    const sinkId = this.sinkId;
    if (!video || !('setSinkId' in video) || video.sinkId === sinkId) return;
    video.setSinkId(sinkId).catch((error: unknown) => {
      // The speaker went away or may not be used: say so, keep playing where it played.
      if (this.sinkId !== sinkId) return;
      const reason = (error as { name?: string } | null)?.name ?? String(error);
      const problem = new RtcError('media-unavailable', `The speaker could not be used (${reason})`, { cause: error });
      this.dispatchEvent(new RtcErrorEvent(problem, false));
    });
  }

  #onPlaying = () => setStates(this.#internals, { playing: true });
  #onPause = () => setStates(this.#internals, { playing: false });
}

/** Up to two initials of a display name, for the placeholder. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]!, words.at(-1)!] : words;
  return letters.map((w) => [...w][0]!.toLocaleUpperCase()).join('') || '?';
}
