import type { PropertyDeclarations } from 'lit';
import type { PrecallPart, PrecallResults } from '../../core/precall/types.js';
import { RtcPrecallCompleteEvent } from '../../events/rtc-precall-complete.js';
import { precallEn } from '../../i18n/precall.strings.js';
import { styles } from './precall-check.styles.js';
import { kit } from './precall-slot.js';

// Everything of the kit comes from the slot the loader filled (this chunk imports nothing else of it).
const { LitElement, html, nothing, LocalizeController, setStates, loadDevicePreferences } = kit;
kit.addEnglish(precallEn);

const PARTS: readonly PrecallPart[] = ['camera', 'microphone', 'speaker', 'network'];
type Results = Omit<PrecallResults, 'verdict'>;

/**
 * The check before a call: whether the camera gives frames (counted as they are decoded), whether
 * the microphone is heard (its live level), a chime on the chosen speaker, and the network
 * through the room server's own TURN relay (about 10 s: round trip, loss and bitrate). Each part
 * ends with a verdict (good, could be better, not working) and the numbers behind it; the
 * thresholds are in docs/precall.md. Its measuring half is the framework-free
 * `rtc-elements/precall`, loaded by `import()` when a check starts.
 *
 * It opens the camera and microphone the person chose last (`<rtc-device-picker>`'s remembered
 * choice), or checks the `stream` the page gives; it stops what it opened when the check ends.
 * Start it from a click (`start()` or its button): a page may only play the chime after one.
 *
 * `<rtc-room lobby>` shows it under "Check your setup". Defined from a chunk of its own, by its
 * define file or `loadPrecallCheck()` (`customElements.whenDefined('rtc-precall-check')`), not by
 * `define.js`.
 *
 * @tagname rtc-precall-check
 * @summary A pre-call check of camera, microphone, speaker and network, with a verdict per part.
 *
 * @csspart base - The wrapper (a labelled region).
 * @csspart preview - The camera's picture while it is checked.
 * @csspart part - Each part's row (also `part camera`, `part microphone`, `part speaker`, `part network`).
 * @csspart verdict - A part's verdict (`data-verdict` on its row: `good`, `fair`, `bad`).
 * @csspart detail - What was measured.
 * @csspart level - The microphone's level meter.
 * @csspart play - The button that plays the chime again.
 * @csspart start - The button that starts the check (or starts it again).
 *
 * @cssproperty [--rtc-precall-check-good-color=var(--rtc-color-success)] - A good verdict.
 * @cssproperty [--rtc-precall-check-fair-color=var(--rtc-color-warning)] - A verdict that could be better.
 * @cssproperty [--rtc-precall-check-bad-color=var(--rtc-color-danger)] - A part that does not work.
 *
 * @cssstate checking - A check is under way.
 * @cssstate good - The last check found every part good (also `fair`, `bad`: its worst part).
 *
 * @event rtc-precall-complete - The check ended; `event.results` (a verdict per part, and the worst). {@link RtcPrecallCompleteEvent}
 */
export class RtcPrecallCheck extends LitElement {
  static override styles = [...kit.styles, styles(kit.unsafeCSS)];

  // No decorators: they would import Lit's and tslib's helpers into this chunk (see precall-slot.ts).
  static override properties: PropertyDeclarations = {
    server: {},
    token: {},
    iceServers: { attribute: false },
    stream: { attribute: false },
    sinkId: { attribute: 'sink-id' },
    networkDuration: { type: Number, attribute: 'network-duration' },
    autostart: { type: Boolean },
    results: { state: true },
    level: { state: true },
    preview: { state: true },
    done: { state: true },
  };

  /** The room's signaling server (as `<rtc-room server>`): its welcome names the TURN relay to test through. */
  server = '';

  /** A JWT, when the server requires one. */
  token = '';

  /** ICE servers to test through instead of asking the server (their TURN ones). */
  iceServers: RTCIceServer[] | undefined = undefined;

  /** The camera and microphone to check; by default the ones the person chose last are opened. */
  stream: MediaStream | null = null;

  /** The speaker for the chime; by default the one the person chose last. */
  sinkId = '';

  /** How long the network test sends through the relay, in ms. */
  networkDuration = 10_000;

  /** Starts a check as soon as the element is in the page (open it from a click, for the chime). */
  autostart = false;

  /** @internal */
  private results: Results | null = null;
  /** @internal */
  private level = 0;
  /** @internal */
  private preview: MediaStream | null = null;
  /** @internal */
  private done = '';

  #strings = new LocalizeController(this);
  #internals = this.attachInternals();
  #running: Promise<PrecallResults> | null = null;
  #abort: AbortController | null = null;
  #last: PrecallResults | null = null;

  /** The last complete check's results (null before one ended). */
  get lastResults(): PrecallResults | null {
    return this.#last;
  }

  /** True while a check runs. */
  get checking(): boolean {
    return this.#running !== null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.autostart && !this.#running) void this.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort?.abort();
  }

  /** Runs the check (or returns the one under way); fires `rtc-precall-complete` with what it resolves to. */
  start(): Promise<PrecallResults> {
    this.#running ??= this.#run().finally(() => {
      this.#running = null;
      this.requestUpdate();
    });
    this.requestUpdate();
    return this.#running;
  }

  async #run(): Promise<PrecallResults> {
    const abort = new AbortController();
    this.#abort = abort;
    this.results = {};
    this.done = '';
    const { runPrecallCheck, iceServersWith } = await import('../../core/precall/checks.js');
    const chosen = loadDevicePreferences();
    const own = this.stream ? null : await openMedia(chosen.videoinput, chosen.audioinput);
    const stream = this.stream ?? own;
    this.preview = stream?.getVideoTracks().length ? stream : null;
    try {
      const results = await runPrecallCheck({
        stream,
        sinkId: this.sinkId || chosen.audiooutput || '',
        fetchIceServers: () => iceServersWith(kit, this.server, this.token),
        ...(this.iceServers ? { iceServers: this.iceServers } : {}),
        durationMs: this.networkDuration,
        signal: abort.signal,
        onPart: (part, result) => {
          this.results = { ...this.results, [part]: result };
          if (part === 'camera') this.preview = null;
        },
        onLevel: (rms) => {
          this.level = rms;
        },
      });
      this.#last = results;
      this.done = this.#strings.term('precall.done', { verdict: this.#strings.term(`precall.${results.verdict}`) });
      this.dispatchEvent(new RtcPrecallCompleteEvent(results));
      return results;
    } finally {
      for (const track of own?.getTracks() ?? []) track.stop();
      this.preview = null;
    }
  }

  protected override updated(): void {
    const verdict = this.#last?.verdict;
    setStates(this.#internals, {
      checking: this.checking,
      good: verdict === 'good',
      fair: verdict === 'fair',
      bad: verdict === 'bad',
    });
  }

  protected override render() {
    const t = this.#strings;
    return html`<section part="base" aria-label=${t.term('precall.label')}>
      <video part="preview" aria-hidden="true" muted playsinline autoplay ?hidden=${!this.preview} .srcObject=${this.preview}></video>
      <ul>${PARTS.map((part) => this.#row(part))}</ul>
      <button part="start" class="pill" type="button" ?disabled=${this.checking} @click=${() => void this.start()}>
        ${t.term(this.results ? 'precall.again' : 'precall.start')}
      </button>
      <div class="visually-hidden" role="status">${this.done}</div>
    </section>`;
  }

  #row(part: PrecallPart) {
    const t = this.#strings;
    const result = this.results?.[part];
    const status = result
      ? t.term(`precall.${result.verdict}`)
      : t.term(this.checking ? 'precall.checking' : 'precall.waiting');
    return html`<li part="part ${part}" data-part=${part} data-verdict=${result?.verdict ?? nothing}>
      <span part="name">${t.term(`precall.${part}`)}</span>
      <span part="verdict">${status}</span>
      ${result ? html`<span part="detail">${this.#detail(part)}</span>` : nothing}
      ${
        part === 'microphone' && this.checking && !result
          ? html`<meter part="level" aria-label=${t.term('precall.level')} min="0" max="1" .value=${Math.min(1, this.level * 4)}></meter>`
          : nothing
      }
      ${part === 'speaker' && result && !this.checking ? html`<button part="play" type="button" @click=${this.#replay}>${t.term('precall.play')}</button>` : nothing}
    </li>`;
  }

  #detail(part: PrecallPart): string {
    const t = this.#strings;
    const r = this.results!;
    if (part === 'camera') return t.term('precall.camera.detail', { fps: Math.round(r.camera!.fps) });
    if (part === 'microphone')
      return t.term('precall.microphone.detail', { level: Math.round(r.microphone!.peak * 100) });
    if (part === 'speaker') return t.term('precall.speaker.detail');
    const n = r.network!;
    if (n.reason === 'no-relay') return t.term('precall.network.no-relay');
    if (!n.relayed) return t.term('precall.network.failed');
    return t.term('precall.network.detail', {
      rtt: Math.round(n.rttMs ?? 0),
      loss: Math.round(n.loss * 1000) / 10,
      rate: Math.round(n.bitrate / 100_000) / 10,
    });
  }

  #replay = async () => {
    const { playTestSound } = await import('../../core/precall/checks.js');
    const speaker = await playTestSound(this.sinkId || loadDevicePreferences().audiooutput || '');
    this.results = { ...this.results, speaker };
  };
}

/** The chosen camera and microphone, each on its own (one refused or missing leaves the other); null when neither opens. */
async function openMedia(camera: string | undefined, microphone: string | undefined): Promise<MediaStream | null> {
  const open = (kind: 'video' | 'audio', id: string | undefined) =>
    navigator.mediaDevices.getUserMedia({ [kind]: id ? { deviceId: { ideal: id } } : true });
  const opened = await Promise.allSettled([open('video', camera), open('audio', microphone)]);
  const tracks = opened.flatMap((o) => (o.status === 'fulfilled' ? o.value.getTracks() : []));
  return tracks.length ? new MediaStream(tracks) : null;
}
