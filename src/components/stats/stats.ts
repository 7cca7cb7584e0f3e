import { html, LitElement, nothing, type PropertyValues, svg } from 'lit';
import { property } from 'lit/decorators.js';
import { LocalizeController } from '../../controllers/localize-controller.js';
import { statsEn } from '../../i18n/stats.strings.js';
import { SessionConsumer } from '../../controllers/session-consumer.js';
import type { Participant } from '../../core/participant.js';
import type { RoomSession } from '../../core/room-types.js';
import type { StatsSampler, StatsSession } from '../../core/stats/sampler.js';
import type { ConnectionSample, QualityLevel, StatsSample } from '../../core/stats/types.js';
import { RtcQualityChangeEvent } from '../../events/rtc-quality-change.js';
import { addEnglish, type TextKey } from '../../i18n/localize.js';
import { signalBars } from './bars.js';
import { formatBitrate, formatMs, formatNumber, formatPercent } from './format.js';
import { bitrateOf, connectionOf, linkRtt, receivedLoss, sentTo } from './link-measures.js';
import type { DetailsKit, detailsView as DetailsViewFunction } from './stats-details.js';
import { withSharedSampler } from './shared-sampler.js';
import { styles } from './stats.styles.js';
import { setStates } from '../custom-states.js';

// Its English strings come with it (the kit carries only what its first screen shows).
addEnglish(statsEn);

/** The detailed view, once its chunk is in; and the one import of it (`loadDetails`). */
let detailsView: typeof DetailsViewFunction | undefined;
let loadingDetails: Promise<void> | undefined;
const loadDetails = () =>
  (loadingDetails ??= import('./stats-details.js').then(
    (module) => {
      detailsView = module.detailsView;
    },
    (error: unknown) => {
      loadingDetails = undefined;
      console.warn('rtc-elements: the detailed statistics could not be loaded.', error);
    },
  ));
/** What the detailed view's chunk gets from here, so that it imports nothing of the kit. */
const DETAILS_KIT: DetailsKit = {
  html,
  svg,
  bitrateOf,
  connectionOf,
  sentTo,
  linkRtt,
  receivedLoss,
  formatBitrate,
  formatMs,
  formatPercent,
  formatNumber,
};

/**
 * Live call statistics from the session's shared `StatsSampler` (core): for the whole room, or
 * one `participant` (a remote one: the connection that carries them; yourself: the room, seen as
 * your uplink). The compact view is one line: quality, route (direct or relayed), bitrates,
 * round-trip time, loss. What we send a participant shows only where a connection carries them
 * alone (a mesh); where one sending connection serves everyone (an SFU), it shows once, for the
 * room.
 * `detailed` adds sparklines of the last minute (bitrate, round-trip time, loss) and a table of
 * every measure (sent and received, audio and video, codec, candidates, freezes…), and a button
 * that copies the current snapshot as JSON, for bug reports. In the room's detailed table each
 * row's name is a button that opens that participant's detail (their sparklines and every measure,
 * the codec among them); "Back to everyone" or Escape closes it, and the focus returns to the row.
 * Numbers are formatted with `Intl.NumberFormat` in the page's language. It samples only while it
 * is in the page.
 *
 * Set `samples` to show fixed samples (a recording, a bug report's JSON) instead of live ones.
 *
 * @tagname rtc-stats
 * @summary Call statistics and quality: live numbers, sparklines of the last minute, relayed or direct.
 *
 * @csspart summary - The compact line (a description list).
 * @csspart quality - The signal bars.
 * @csspart level - The quality level in words.
 * @csspart route - "Direct" or "Relayed (TURN)".
 * @csspart sparklines - The row of sparklines.
 * @csspart sparkline - One sparkline and its caption (an image named with its last value).
 * @csspart table - The table of measures.
 * @csspart participant - In the room's table, each row's name: a button that opens their detail.
 * @csspart detail - One participant's detail, opened from the room's table.
 * @csspart back - The detail's "Back to everyone" button.
 * @csspart copy - The button that copies the snapshot as JSON.
 * @csspart empty - What shows before the first measurements.
 *
 * @cssproperty [--rtc-stats-background=var(--rtc-color-surface-raised)] - Background.
 * @cssproperty [--rtc-stats-radius=var(--rtc-radius-m, 12px)] - Corner radius.
 * @cssproperty [--rtc-stats-line-color=var(--rtc-color-accent)] - The sparklines' colour.
 * @cssproperty [--rtc-stats-good-color=var(--rtc-color-success)] - Lit bars of a good link.
 * @cssproperty [--rtc-stats-fair-color=var(--rtc-color-warning)] - Lit bars of a fair link.
 * @cssproperty [--rtc-stats-poor-color=var(--rtc-color-danger)] - Lit bars of a poor link.
 *
 * @cssstate relayed - The connection shown (or one of the room's) goes through a TURN relay.
 * @cssstate good - The quality level shown (also `fair`, `poor`, `lost`).
 *
 * @event rtc-quality-change - The level shown changed. {@link RtcQualityChangeEvent}
 */
export class RtcStats extends LitElement {
  static override styles = styles;

  /** The id of an `<rtc-room>` elsewhere in the page, when the stats are not inside it. */
  @property({ reflect: true }) for = '';

  /** One participant (a core `Participant`); none: the whole room. */
  @property({ attribute: false }) participant: Participant | null = null;

  /** The detailed view: sparklines, the table of measures and the copy button. */
  @property({ type: Boolean, reflect: true }) detailed = false;

  /** Fixed samples to show, oldest first, instead of the live ones (null: live). */
  @property({ attribute: false }) samples: readonly StatsSample[] | null = null;

  /** The detailed view's code while it loads. */
  #loading: Promise<void> | undefined;

  #strings = new LocalizeController(this);
  #internals = this.attachInternals();
  #sampler: StatsSampler | null = null;
  /** The session whose sampler it follows (the sampler's code may still be loading). */
  #following: StatsSession | null = null;
  #level: QualityLevel | null = null;
  /** The connection shown, or one of the room's, goes through a TURN relay. */
  #relayed = false;
  #consumer = new SessionConsumer(this, {
    events: ['participant-joined', 'participant-left'],
    onChange: () => this.#follow(),
  });

  /** A session given directly, instead of the room it sits in or the one `for` names. */
  get session(): RoomSession | null {
    return this.#consumer.session;
  }
  set session(session: RoomSession | null) {
    this.#consumer.explicit = session;
  }

  /** The newest sample shown (for the participant: only the connection that carries them), as the copy button copies it. */
  get snapshot(): StatsSample | null {
    const sample = this.#history().at(-1);
    if (!sample) return null;
    const id = this.#linkId();
    return id ? { ...sample, connections: this.#shown(sample, id) } : sample;
  }

  /** The connections shown: the one that carries participant `id`, or all of them (the room, or yourself). */
  #shown(sample: StatsSample | undefined, id: string | null): ConnectionSample[] {
    const own = id && sample && connectionOf(sample, id);
    return own ? [own] : (!id && sample?.connections) || [];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#follow();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#follow();
  }

  #onSample = () => this.requestUpdate();

  /** Listens to the session's shared sampler while in the page (that is what keeps it sampling). */
  #follow() {
    const wanted = this.isConnected && !this.samples ? this.#consumer.session : null;
    this.#following = wanted;
    withSharedSampler(wanted, (next) => {
      if (wanted !== this.#following || next === this.#sampler) return;
      this.#sampler?.removeEventListener('sample', this.#onSample);
      this.#sampler = next;
      this.#sampler?.addEventListener('sample', this.#onSample);
      this.requestUpdate();
    });
  }

  #history(): readonly StatsSample[] {
    return this.samples ?? this.#sampler?.history ?? [];
  }

  /** The remote participant whose connection is shown (null: the room, or yourself). */
  #linkId(): string | null {
    const p = this.participant;
    return p && !p.local ? p.id : null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('samples')) this.#follow();
  }

  protected override render() {
    const t = this.#strings;
    const history = this.#history();
    const sample = history.at(-1);
    const id = this.#linkId();
    const p = this.participant;
    const label = p
      ? t.term('stats.label.participant', { name: p.name || t.term(p.local ? 'room.you' : 'room.guest') })
      : t.term('stats.label');
    const shown = this.#shown(sample, id);
    this.#relayed = shown.some((c) => c.candidatePair?.relayed);
    if (!sample || !shown.length)
      return html`<section aria-label=${label}><p part="empty">${t.term('stats.empty')}</p></section>`;
    const own = id ? shown[0]! : null;
    const level = own ? own.quality : sample.localQuality;
    this.#setLevel(level);
    const lang = t.lang;
    const rtt = Math.max(...shown.map((c) => linkRtt(c) ?? 0));
    const loss = Math.max(...shown.map((c) => receivedLoss(c) ?? 0));
    // What we send them only where it is theirs alone; on a shared sending connection, the room's.
    const sent = own ? bitrateOf(sentTo(own)) : sample.sentBitrateKbps;
    const received = own ? bitrateOf(own.received) : sample.receivedBitrateKbps;
    const item = (term: TextKey, value: unknown) => html`<div><dt>${t.term(term)}</dt><dd>${value}</dd></div>`;
    return html`<section aria-label=${label}>
      <dl part="summary">
        <div><dt class="visually-hidden">${t.term('stats.quality')}</dt>
          <dd>${signalBars(level, level ? t.term(`quality.${level}`) : '')} <span part="level">${level ? t.term(`quality.${level}`) : '–'}</span></dd></div>
        ${item('stats.route', html`<span part="route">${t.term(this.#relayed ? 'stats.relayed' : 'stats.direct')}</span>`)}
        ${sent === null ? nothing : item('stats.sent', formatBitrate(lang, sent))}
        ${item('stats.received', formatBitrate(lang, received))}
        ${item('stats.rtt', formatMs(lang, rtt))}
        ${item('stats.loss', formatPercent(lang, loss))}
      </dl>
      ${this.detailed ? this.#details(history, id, sample) : nothing}
    </section>`;
  }

  /**
   * The detailed view: sparklines, the tables, the copy button. Its code is a chunk of its own
   * (`stats-details.ts`), loaded the first time a `<rtc-stats>` is detailed; the view shows once it
   * is in (`updateComplete` waits for it).
   */
  #details(history: readonly StatsSample[], own: string | null, sample: StatsSample) {
    if (!detailsView) {
      this.#loading ??= loadDetails().then(() => {
        this.#loading = undefined;
        this.requestUpdate();
      });
      return nothing;
    }
    return detailsView(DETAILS_KIT, this, this.#strings, history, own, sample);
  }

  /** Resolves once rendered, the detailed view's code included when it is detailed. */
  protected override getUpdateComplete(): Promise<boolean> {
    return this.detailed ? this.#detailedComplete() : super.getUpdateComplete();
  }

  async #detailedComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete();
    while (this.#loading) {
      await this.#loading;
      done = await super.getUpdateComplete();
    }
    return done;
  }

  #setLevel(level: QualityLevel | null) {
    const previous = this.#level;
    if (level === previous) return;
    this.#level = level;
    if (level) queueMicrotask(() => this.dispatchEvent(new RtcQualityChangeEvent(this.participant, level, previous)));
  }

  protected override updated(): void {
    const level = this.#level;
    setStates(this.#internals, {
      relayed: this.#relayed,
      good: level === 'good',
      fair: level === 'fair',
      poor: level === 'poor',
      lost: level === 'lost',
    });
  }
}
