/**
 * `<rtc-stats>`'s detailed view (sparklines, the tables, the copy button), with its own state and
 * actions (the participant whose detail the room's table opened, Escape and "Back to everyone",
 * the copy): a chunk of its own that the element loads the first time it is detailed, so a page
 * that never opens the statistics never loads it. It imports nothing but types: the element hands
 * it Lit's `html` and the helpers it shares with the compact view (`DetailsKit`), so it needs no
 * chunk shared with the rest of the kit (the CDN file stays one file, this one beside it).
 */
import type { html, svg } from 'lit';
import type { LocalizeController } from '../../controllers/localize-controller.js';
import type { Participant } from '../../core/participant.js';
import type { RoomSession } from '../../core/room-types.js';
import type { ConnectionSample, MediaStats, StatsSample } from '../../core/stats/types.js';
import type { TextKey } from '../../i18n/localize.js';
import type * as Format from './format.js';
import type * as Spark from './link-measures.js';

/** What the element hands over: Lit's `html` and the helpers the compact view uses too. */
export type DetailsKit = { html: typeof html; svg: typeof svg } & Pick<
  typeof Spark,
  'bitrateOf' | 'connectionOf' | 'sentTo' | 'linkRtt' | 'receivedLoss'
> &
  typeof Format;

/** The largest of the known values, or null. */
const max = (values: (number | null | undefined)[]) => {
  const known = values.filter((v): v is number => typeof v === 'number');
  return known.length ? Math.max(...known) : null;
};

/** The element (`RtcStats`), as the view reads and re-renders it. */
export interface DetailsHost {
  readonly session: RoomSession | null;
  readonly participant: Participant | null;
  /** What the copy button copies. */
  readonly snapshot: StatsSample | null;
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly updateComplete: Promise<boolean>;
  requestUpdate(): void;
}

/** The view's state and actions, one per element. */
class DetailsView {
  /** The participant whose detail the room's table opened (their id). */
  opened: string | null = null;
  /** The copy just succeeded ("Copied"). */
  copied = false;

  constructor(
    readonly host: DetailsHost,
    readonly strings: LocalizeController,
  ) {}

  /** A participant's name as the room knows it (a guest's when they gave none). */
  name(id: string): string {
    const { participant, session } = this.host;
    const p = participant?.id === id ? participant : session?.participants.find((p) => p.id === id);
    return p?.name || this.strings.term('room.guest');
  }

  /** Opens one participant's detail (their id), or closes it (null): the focus goes to the back button, or back to their row. */
  async openRow(id: string | null) {
    const closed = this.opened;
    this.opened = id;
    this.host.requestUpdate();
    await this.host.updateComplete;
    const target = id ? '[part=back]' : `[part=participant][data-participant="${CSS.escape(closed ?? '')}"]`;
    this.host.renderRoot.querySelector<HTMLElement>(target)?.focus();
  }

  detailKey = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    // Only the detail closes (the room's panel around it leaves Escape alone when it is handled).
    event.preventDefault();
    void this.openRow(null);
  };

  copy = async () => {
    try {
      await navigator.clipboard.writeText(JSON.stringify(this.host.snapshot, null, 2));
      this.#copied(true);
      setTimeout(() => this.#copied(false), 2000);
    } catch {
      // No clipboard here (not allowed, or not focused): the page can read `snapshot` itself.
    }
  };

  #copied(copied: boolean) {
    this.copied = copied;
    this.host.requestUpdate();
  }
}

const views = new WeakMap<DetailsHost, DetailsView>();

type Column = [label: TextKey, media: MediaStats | null];

/** The three measures the sparklines show. */
type SeriesName = 'bitrate' | 'rtt' | 'loss';

/**
 * The detailed view of `host`: of the room (`own` null), or of the remote participant `own`
 * (their id); in the room's, the participant whose detail the table opened, if still there.
 */
export function detailsView(
  kit: DetailsKit,
  host: DetailsHost,
  strings: LocalizeController,
  history: readonly StatsSample[],
  own: string | null,
  sample: StatsSample,
) {
  const { html, formatBitrate, formatMs, formatPercent } = kit;
  let view = views.get(host);
  if (!view) {
    view = new DetailsView(host, strings);
    views.set(host, view);
  }
  const t = strings;
  const lang = t.lang;
  const wanted = own ?? view.opened;
  const connection = wanted ? kit.connectionOf(sample, wanted) : undefined;
  // Whose detail shows (null: the room's).
  const id = connection ? wanted : null;
  const figures: [SeriesName, TextKey, (v: number | null) => string][] = [
    ['bitrate', 'stats.bitrate', (v) => formatBitrate(lang, v)],
    ['rtt', 'stats.rtt', (v) => formatMs(lang, v)],
    ['loss', 'stats.loss', (v) => formatPercent(lang, v)],
  ];
  return html`<div part="sparklines">${figures.map(([name, key, format]) => {
    const values = seriesOf(kit, history, name, id);
    const text = t.term('stats.history', { label: t.term(key), value: format(values.at(-1) ?? null) });
    return html`<div part="sparkline" data-series=${name} role="img" aria-label=${text}>
        ${sparkline(kit, values)}<span class="caption" aria-hidden="true">${t.term(key)} · ${format(values.at(-1) ?? null)}</span></div>`;
  })}</div>
      ${
        connection && !own
          ? html`<div part="detail" @keydown=${view.detailKey}>
              <button part="back" class="pill" type="button" @click=${() => view.openRow(null)}>${t.term('stats.back')}</button>
              ${scroller(kit, view, participantTable(kit, view, id!, connection), id)}</div>`
          : scroller(
              kit,
              view,
              connection ? participantTable(kit, view, id!, connection) : roomTable(kit, view, sample),
              id,
            )
      }
      <button part="copy" class="pill" type="button" @click=${view.copy}>${t.term(view.copied ? 'stats.copied' : 'stats.copy')}</button>`;
}

/** A table in a box of its own that scrolls sideways when the table is wider (a keyboard stop, named like it). */
function scroller(kit: DetailsKit, view: DetailsView, table: unknown, id: string | null) {
  const { html } = kit;
  const t = view.strings;
  const label = id ? t.term('stats.label.participant', { name: view.name(id) }) : t.term('stats.label');
  return html`<div class="scroller" role="group" tabindex="0" aria-label=${label}>${table}</div>`;
}

/**
 * Every measure of the connection that carries participant `id`: received, audio and video, and
 * what we send them where it is theirs alone (a connection that carries only them).
 */
function participantTable(kit: DetailsKit, view: DetailsView, id: string, connection: ConnectionSample) {
  const { html, formatBitrate, formatMs, formatPercent, formatNumber } = kit;
  const t = view.strings;
  const lang = t.lang;
  const sent = kit.sentTo(connection);
  const { received } = connection;
  const columns: Column[] = [
    ...(sent
      ? ([
          ['stats.audio', sent.audio],
          ['stats.video', sent.video],
        ] as Column[])
      : []),
    ['stats.audio', received?.audio ?? null],
    ['stats.video', received?.video ?? null],
  ];
  const row = (key: TextKey, cell: (m: MediaStats) => unknown) =>
    html`<tr><th scope="row">${t.term(key)}</th>${columns.map(([, m]) => html`<td>${m ? cell(m) : '–'}</td>`)}</tr>`;
  const c = connection.candidatePair;
  const span = columns.length;
  const candidates = c
    ? `${c.localCandidateType ?? '?'} / ${c.remoteCandidateType ?? '?'}${c.protocol ? ` (${c.protocol})` : ''}`
    : '–';
  return html`<table part="table">
      <caption class="visually-hidden">${t.term('stats.label.participant', { name: view.name(id) })}</caption>
      <thead>
        <tr><td></td>${sent ? html`<th scope="colgroup" colspan="2">${t.term('stats.sent')}</th>` : ''}<th scope="colgroup" colspan="2">${t.term('stats.received')}</th></tr>
        <tr><th scope="col">${t.term('stats.measure')}</th>${columns.map(([key]) => html`<th scope="col">${t.term(key)}</th>`)}</tr>
      </thead>
      <tbody>
        ${row('stats.bitrate', (m) => formatBitrate(lang, m.bitrateKbps))}
        ${row('stats.loss', (m) => formatPercent(lang, m.packetLossPercent))}
        ${row('stats.jitter', (m) => formatMs(lang, m.jitterMs))}
        ${row('stats.rtt', (m) => formatMs(lang, m.roundTripTimeMs))}
        ${row('stats.codec', (m) => (m.codec ? `${m.codec}${m.codecProfile ? ` (${m.codecProfile})` : ''}` : '–'))}
        ${row('stats.fps', (m) => formatNumber(lang, m.framesPerSecond))}
        ${row('stats.resolution', (m) => (m.frameWidth ? `${m.frameWidth}×${m.frameHeight}` : '–'))}
        ${row('stats.limitation', (m) => m.qualityLimitationReason ?? '–')}
        ${row('stats.freezes', (m) => (m.freezeCountTotal === null ? '–' : `${formatNumber(lang, m.freezeCountTotal)} (${formatMs(lang, m.freezeDurationMsTotal)})`))}
        ${row('stats.concealed', (m) => formatPercent(lang, m.concealedPercent))}
      </tbody>
      <tbody>
        <tr><th scope="row">${t.term('stats.route')}</th><td colspan=${span} data-cell="route">${c ? t.term(c.relayed ? 'stats.relayed' : 'stats.direct') : '–'}</td></tr>
        <tr><th scope="row">${t.term('stats.candidates')}</th><td colspan=${span} data-cell="candidates">${candidates}</td></tr>
        <tr><th scope="row">${t.term('stats.available')}</th><td colspan=${span}>${formatBitrate(lang, c?.availableOutgoingBitrateKbps)}</td></tr>
      </tbody>
    </table>`;
}

/**
 * One row per remote participant, with the figures of the connection that carries them. The
 * "sent" column only where some connection carries one participant alone (a mesh): what a shared
 * sending connection sends is the room's, in the summary.
 */
function roomTable(kit: DetailsKit, view: DetailsView, sample: StatsSample) {
  const { html, formatBitrate, formatMs, formatPercent, bitrateOf, sentTo, linkRtt, receivedLoss } = kit;
  const t = view.strings;
  const lang = t.lang;
  const rows = sample.connections.flatMap((c) => (c.received ? c.participants.map((id) => [id, c] as const) : []));
  const sent = rows.some(([, c]) => sentTo(c));
  const keys: TextKey[] = [
    'stats.participant',
    'stats.quality',
    'stats.route',
    'stats.rtt',
    'stats.loss',
    'stats.received',
    ...(sent ? (['stats.sent'] as const) : []),
  ];
  return html`<table part="table">
      <caption class="visually-hidden">${t.term('stats.label')}</caption>
      <thead><tr>${keys.map((key) => html`<th scope="col">${t.term(key)}</th>`)}</tr></thead>
      <tbody>${rows.map(([id, c]) => {
        const name = view.name(id);
        return html`<tr>
          <th scope="row"><button part="participant" type="button" data-participant=${id}
            aria-label=${t.term('stats.details', { name })} @click=${() => view.openRow(id)}>${name}</button></th>
          <td>${c.quality ? t.term(`quality.${c.quality}`) : '–'}</td>
          <td>${c.candidatePair ? t.term(c.candidatePair.relayed ? 'stats.relayed' : 'stats.direct') : '–'}</td>
          <td>${formatMs(lang, linkRtt(c))}</td>
          <td>${formatPercent(lang, receivedLoss(c))}</td>
          <td>${formatBitrate(lang, bitrateOf(c.received))}</td>
          ${sent ? html`<td>${formatBitrate(lang, bitrateOf(sentTo(c)))}</td>` : ''}
        </tr>`;
      })}</tbody>
    </table>`;
}

/**
 * One value per sample: of the connection that carries participant `id` (what we receive, plus
 * what we send them where it is theirs alone), or of the whole room (the worst connection, the
 * total bitrate).
 */
function seriesOf(
  kit: DetailsKit,
  samples: readonly StatsSample[],
  name: SeriesName,
  id: string | null,
): (number | null)[] {
  const { bitrateOf, connectionOf, sentTo, linkRtt, receivedLoss } = kit;
  return samples.map((sample) => {
    const own = id ? connectionOf(sample, id) : undefined;
    const shown = own ? [own] : id ? [] : sample.connections;
    if (name === 'bitrate')
      return id
        ? own
          ? (bitrateOf(sentTo(own)) ?? 0) + (bitrateOf(own.received) ?? 0)
          : null
        : sample.sentBitrateKbps + sample.receivedBitrateKbps;
    return max(shown.map(name === 'rtt' ? linkRtt : receivedLoss));
  });
}

/**
 * A sparkline: the values as a polyline in a 60 × 20 box (one step per sample; the newest at the
 * right end), scaled to the largest value. Gaps (null) are skipped.
 */
function sparkline({ svg }: DetailsKit, values: readonly (number | null)[]) {
  const top = Math.max(1, ...values.filter((v): v is number => v !== null));
  const step = 60 / Math.max(1, values.length - 1);
  const points = values
    .map((v, i) => (v === null ? '' : `${(i * step).toFixed(1)},${(19 - (v / top) * 18).toFixed(1)}`))
    .filter(Boolean)
    .join(' ');
  return svg`<svg viewBox="0 0 60 20" preserveAspectRatio="none" aria-hidden="true" focusable="false">
    <polyline points=${points} fill="none" stroke="currentColor" stroke-width="1.4" vector-effect="non-scaling-stroke"
      stroke-linejoin="round"/></svg>`;
}
