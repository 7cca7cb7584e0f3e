/**
 * `<rtc-stats>`'s detailed view (sparklines, the tables, the copy button): a chunk of its own that
 * the element loads the first time it is detailed, so a page that never opens the statistics never
 * loads it. It imports nothing but types: the element hands it Lit's `html` and the helpers it
 * shares with the compact view (`DetailsKit`), so it needs no chunk shared with the rest of the kit
 * (the CDN file stays one file, this one beside it).
 */
import type { html, svg } from 'lit';
import type { LocalizeController } from '../../controllers/localize-controller.js';
import type { LinkStats, MediaStats, StatsSample } from '../../core/stats/types.js';
import type { TextKey } from '../../i18n/localize.js';
import type * as Format from './format.js';
import type * as Spark from './link-measures.js';

/** What the element hands over: Lit's `html` and the helpers the compact view uses too. */
export type DetailsKit = { html: typeof html; svg: typeof svg } & Pick<
  typeof Spark,
  'linkBitrate' | 'linkRtt' | 'receivedLoss'
> &
  typeof Format;

/** The largest of the known values, or null. */
const max = (values: (number | null | undefined)[]) => {
  const known = values.filter((v): v is number => typeof v === 'number');
  return known.length ? Math.max(...known) : null;
};

/** The element's state and actions the view reads and calls. */
export interface DetailsView {
  strings: LocalizeController;
  /** The participant whose detail the room's table opened (their id). */
  opened: string | null;
  copied: boolean;
  name(id: string): string;
  openRow(id: string | null): void;
  detailKey(event: KeyboardEvent): void;
  copy(): void;
}

type Column = [label: TextKey, media: MediaStats | null];

/** The three measures the sparklines show. */
type SeriesName = 'bitrate' | 'rtt' | 'loss';

export function detailsView(
  kit: DetailsKit,
  view: DetailsView,
  history: readonly StatsSample[],
  own: LinkStats | null,
  sample: StatsSample,
) {
  const { html, formatBitrate, formatMs, formatPercent } = kit;
  const t = view.strings;
  const lang = t.lang;
  const opened = own ? undefined : sample.links.find((l) => l.participantId === view.opened);
  const link = own ?? opened ?? null;
  const id = link?.participantId ?? null;
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
        opened
          ? html`<div part="detail" @keydown=${view.detailKey}>
              <button part="back" class="pill" type="button" @click=${() => view.openRow(null)}>${t.term('stats.back')}</button>
              ${scroller(kit, view, linkTable(kit, view, opened), opened)}</div>`
          : scroller(kit, view, link ? linkTable(kit, view, link) : roomTable(kit, view, sample), link)
      }
      <button part="copy" class="pill" type="button" @click=${view.copy}>${t.term(view.copied ? 'stats.copied' : 'stats.copy')}</button>`;
}

/** A table in a box of its own that scrolls sideways when the table is wider (a keyboard stop, named like it). */
function scroller(kit: DetailsKit, view: DetailsView, table: unknown, link: LinkStats | null) {
  const { html } = kit;
  const t = view.strings;
  const label = link
    ? t.term('stats.label.participant', { name: view.name(link.participantId) })
    : t.term('stats.label');
  return html`<div class="scroller" role="group" tabindex="0" aria-label=${label}>${table}</div>`;
}

/** Every measure of one link: sent and received, audio and video. */
function linkTable(kit: DetailsKit, view: DetailsView, link: LinkStats) {
  const { html, formatBitrate, formatMs, formatPercent, formatNumber } = kit;
  const t = view.strings;
  const lang = t.lang;
  const columns: Column[] = [
    ['stats.audio', link.sent.audio],
    ['stats.video', link.sent.video],
    ['stats.audio', link.received.audio],
    ['stats.video', link.received.video],
  ];
  const row = (key: TextKey, cell: (m: MediaStats) => unknown) =>
    html`<tr><th scope="row">${t.term(key)}</th>${columns.map(([, m]) => html`<td>${m ? cell(m) : '–'}</td>`)}</tr>`;
  const c = link.connection;
  const candidates = c
    ? `${c.localCandidateType ?? '?'} / ${c.remoteCandidateType ?? '?'}${c.protocol ? ` (${c.protocol})` : ''}`
    : '–';
  return html`<table part="table">
      <caption class="visually-hidden">${t.term('stats.label.participant', { name: view.name(link.participantId) })}</caption>
      <thead>
        <tr><td></td><th scope="colgroup" colspan="2">${t.term('stats.sent')}</th><th scope="colgroup" colspan="2">${t.term('stats.received')}</th></tr>
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
        <tr><th scope="row">${t.term('stats.route')}</th><td colspan="4" data-cell="route">${c ? t.term(c.relayed ? 'stats.relayed' : 'stats.direct') : '–'}</td></tr>
        <tr><th scope="row">${t.term('stats.candidates')}</th><td colspan="4" data-cell="candidates">${candidates}</td></tr>
        <tr><th scope="row">${t.term('stats.available')}</th><td colspan="4">${formatBitrate(lang, c?.availableOutgoingBitrateKbps)}</td></tr>
      </tbody>
    </table>`;
}

/** One row per remote participant. */
function roomTable(kit: DetailsKit, view: DetailsView, sample: StatsSample) {
  const { html, formatBitrate, formatMs, formatPercent, linkBitrate, linkRtt, receivedLoss } = kit;
  const t = view.strings;
  const lang = t.lang;
  return html`<table part="table">
      <caption class="visually-hidden">${t.term('stats.label')}</caption>
      <thead><tr>${(
        [
          'stats.participant',
          'stats.quality',
          'stats.route',
          'stats.rtt',
          'stats.loss',
          'stats.received',
          'stats.sent',
        ] as const
      ).map((key) => html`<th scope="col">${t.term(key)}</th>`)}</tr></thead>
      <tbody>${sample.links.map((l) => {
        const sent = (l.sent.audio?.bitrateKbps ?? 0) + (l.sent.video?.bitrateKbps ?? 0);
        const name = view.name(l.participantId);
        return html`<tr>
          <th scope="row"><button part="participant" type="button" data-participant=${l.participantId}
            aria-label=${t.term('stats.details', { name })} @click=${() => view.openRow(l.participantId)}>${name}</button></th>
          <td>${l.quality ? t.term(`quality.${l.quality}`) : '–'}</td>
          <td>${l.connection ? t.term(l.connection.relayed ? 'stats.relayed' : 'stats.direct') : '–'}</td>
          <td>${formatMs(lang, linkRtt(l))}</td>
          <td>${formatPercent(lang, receivedLoss(l))}</td>
          <td>${formatBitrate(lang, linkBitrate(l) - sent)}</td>
          <td>${formatBitrate(lang, sent)}</td>
        </tr>`;
      })}</tbody>
    </table>`;
}

/** One value per sample: of one participant's link (`id`), or of the whole room (the worst link, the total bitrate). */
function seriesOf(
  kit: DetailsKit,
  samples: readonly StatsSample[],
  name: SeriesName,
  id: string | null,
): (number | null)[] {
  const { linkBitrate, linkRtt, receivedLoss } = kit;
  return samples.map((sample) => {
    const links = id ? sample.links.filter((l) => l.participantId === id) : sample.links;
    if (name === 'bitrate')
      return id ? (links[0] ? linkBitrate(links[0]) : null) : sample.sentBitrateKbps + sample.receivedBitrateKbps;
    return max(links.map(name === 'rtt' ? linkRtt : receivedLoss));
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
