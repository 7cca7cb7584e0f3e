import { expect, fixture, html } from '@open-wc/testing';
import { pressKey } from '../../../test/browser/keys.js';
import { StaticSession, staticParticipant } from '../../../test/browser/static-session.js';
import { recordedSamples, sfuSamples } from '../../../test/browser/stats-samples.js';
import type { RtcQualityChangeEvent } from '../../events/rtc-quality-change.js';
import { loadLocale } from '../../i18n/localize.js';
import './rtc-stats.js';
import type { RtcStats } from './stats.js';

const ada = staticParticipant('a', 'Ada', true, null);
const bo = staticParticipant('b', 'Bo', false, null);
const cy = staticParticipant('c', 'Cy', false, null);
const session = () => new StaticSession('connected', [ada, bo, cy]);

describe('<rtc-stats> with recorded samples', () => {
  it('says there is nothing yet before the first sample', async () => {
    const el = await fixture<RtcStats>(html`<rtc-stats .session=${session()}></rtc-stats>`);
    expect(el.shadowRoot!.querySelector('[part=empty]')!.textContent).to.equal('No measurements yet');
    expect(el.snapshot).to.equal(null);
  });

  it('shows one line for the room: your uplink, the route, bitrates, round-trip time and loss', async () => {
    const samples = recordedSamples(['b', 'c'], { poor: ['c'] });
    const el = await fixture<RtcStats>(html`<rtc-stats .session=${session()} .samples=${samples}></rtc-stats>`);
    const summary = el.shadowRoot!.querySelector('[part=summary]')!;
    expect(summary.querySelector('[part=level]')!.textContent).to.equal('Good connection');
    expect(summary.querySelector('[part=quality]')!.getAttribute('aria-label')).to.equal('Good connection');
    // One of the links is relayed: the room says so.
    expect(summary.querySelector('[part=route]')!.textContent).to.equal('Relayed (TURN)');
    expect(summary.textContent).to.match(/\d\s?(Mb|kb)/);
    expect(el.shadowRoot!.querySelector('table')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('shows a remote participant in detail: sparklines over the minute, a table with headers, the copy button', async () => {
    const samples = recordedSamples(['b', 'c'], { poor: ['c'] });
    const events: RtcQualityChangeEvent[] = [];
    const el = await fixture<RtcStats>(
      html`<rtc-stats detailed .session=${session()} .participant=${cy} .samples=${samples}
        @rtc-quality-change=${(e: RtcQualityChangeEvent) => events.push(e)}></rtc-stats>`,
    );
    await el.updateComplete;
    const root = el.shadowRoot!;
    for (const series of ['bitrate', 'rtt', 'loss']) {
      const points = root.querySelector(`[data-series=${series}] polyline`)!.getAttribute('points')!.split(' ');
      expect(points.length, series).to.equal(60);
    }
    expect(root.querySelector('[data-series=loss]')!.getAttribute('aria-label')).to.match(
      /^Packet loss over the last minute, now \d/,
    );
    const table = root.querySelector('table')!;
    expect(table.querySelector('caption')!.textContent).to.equal('Call statistics for Cy');
    expect([...table.querySelectorAll('tbody th[scope=row]')].map((th) => th.textContent)).to.include.members([
      'Bitrate',
      'Packet loss',
      'Codec',
      'Candidates (local / remote)',
    ]);
    // A mesh link carries Cy alone: what we send her shows, in the line and in the table.
    expect([...root.querySelectorAll('[part=summary] dt')].map((dt) => dt.textContent)).to.include('Sent');
    expect([...table.querySelectorAll('thead th[scope=colgroup]')].map((th) => th.textContent)).to.deep.equal([
      'Sent',
      'Received',
    ]);
    expect(root.querySelector('[data-cell=candidates]')!.textContent).to.equal('relay / relay (udp)');
    expect(root.querySelector('[data-cell=route]')!.textContent).to.equal('Relayed (TURN)');
    expect(table.textContent).to.include('video/VP8').and.include('audio/opus (minptime=10;useinbandfec=1)');
    expect(root.querySelector('[part=level]')!.textContent).to.equal('Poor connection');
    expect(el.snapshot!.connections.map((c) => c.participants)).to.deep.equal([['c']]);
    expect(JSON.parse(JSON.stringify(el.snapshot))).to.deep.equal(el.snapshot);
    await new Promise((resolve) => setTimeout(resolve));
    expect(events.map((e) => [e.participant?.name, e.level])).to.deep.equal([['Cy', 'poor']]);
    expect(root.querySelector('[part=copy]')!.textContent).to.equal('Copy as JSON');
    await expect(el).to.be.accessible();
  });

  it('through an SFU (one connection sends for everyone): what we send shows once, in the room’s line', async () => {
    const samples = sfuSamples(['b', 'c'], { poor: ['b'] });
    const room = await fixture<RtcStats>(
      html`<rtc-stats detailed .session=${session()} .samples=${samples}></rtc-stats>`,
    );
    const cyStats = await fixture<RtcStats>(
      html`<rtc-stats detailed .session=${session()} .participant=${cy} .samples=${samples}></rtc-stats>`,
    );
    const terms = (el: RtcStats) =>
      [...el.shadowRoot!.querySelectorAll('[part=summary] dt')].map((dt) => dt.textContent);
    const headers = (el: RtcStats) => [...el.shadowRoot!.querySelectorAll('thead th')].map((th) => th.textContent);
    expect(terms(room)).to.include('Sent');
    // One row each for Bo and Cy, both at the receiving connection's level; no "Sent" column.
    const rows = [...room.shadowRoot!.querySelectorAll('tbody tr')].map((tr) =>
      [...tr.children].slice(0, 2).map((cell) => cell.textContent!.trim()),
    );
    expect(rows).to.deep.equal([
      ['Bo', 'Poor connection'],
      ['Cy', 'Poor connection'],
    ]);
    expect(headers(room)).to.include('Received').and.not.include('Sent');
    // Cy: what we receive on the connection that carries her, nothing "sent" to her.
    expect(terms(cyStats)).to.include('Received').and.not.include('Sent');
    expect(headers(cyStats)).to.include('Received').and.not.include('Sent');
    expect(cyStats.snapshot!.connections.map((c) => c.id)).to.deep.equal(['down']);
    expect(cyStats.shadowRoot!.querySelector('[part=level]')!.textContent).to.equal('Poor connection');
    await expect(room).to.be.accessible();
    await expect(cyStats).to.be.accessible();
  });

  it('lists everyone in the room view, and formats numbers in the page language', async () => {
    await loadLocale('fr');
    const samples = recordedSamples(['b', 'c']);
    const wrapper = await fixture(
      html`<div lang="fr"><rtc-stats detailed .session=${session()} .samples=${samples}></rtc-stats></div>`,
    );
    const el = wrapper.querySelector('rtc-stats')!;
    await el.updateComplete;
    const rows = [...el.shadowRoot!.querySelectorAll('tbody tr')].map((tr) => tr.querySelector('th')!.textContent);
    expect(rows).to.deep.equal(['Bo', 'Cy']);
    const summary = el.shadowRoot!.querySelector('[part=summary]')!.textContent!;
    expect(summary).to.include('Bonne connexion').and.include('Directe');
    // French numbers: a decimal comma and a no-break space before the unit.
    expect(summary).to.match(/\d,\d\s?Mbit\/s/);
  });

  it('opens one participant’s detail from the room table (their codecs), and gives the focus back to the row', async () => {
    const samples = recordedSamples(['b', 'c'], { poor: ['c'] });
    const el = await fixture<RtcStats>(
      html`<rtc-stats detailed .session=${session()} .samples=${samples}></rtc-stats>`,
    );
    const root = el.shadowRoot!;
    const row = (id: string) => root.querySelector<HTMLButtonElement>(`[part=participant][data-participant=${id}]`)!;
    expect([row('b').textContent, row('b').getAttribute('aria-label')]).to.deep.equal(['Bo', 'Details for Bo']);
    // Each row's link is theirs alone (a mesh): what we send each shows in a column.
    expect([...root.querySelectorAll('thead th')].map((th) => th.textContent)).to.include('Sent');
    expect(row('c').getAttribute('aria-label')).to.equal('Details for Cy');
    row('c').focus();
    await pressKey('Enter');
    await el.updateComplete;
    const detail = root.querySelector('[part=detail]')!;
    expect(
      root.activeElement === detail.querySelector('[part=back]'),
      `the focus is on ${root.activeElement?.outerHTML ?? 'nothing inside the element'}`,
    ).to.equal(true);
    expect(detail.querySelector('[part=back]')!.textContent).to.equal('Back to everyone');
    expect(detail.querySelector('caption')!.textContent).to.equal('Call statistics for Cy');
    expect(detail.textContent).to.include('video/VP8').and.include('audio/opus (minptime=10;useinbandfec=1)');
    // The sparklines follow the link shown; the summary stays the room's.
    expect(root.querySelector('[data-series=rtt]')!.getAttribute('aria-label')).to.match(/now \d/);
    expect(root.querySelector('[part=level]')!.textContent).to.equal('Good connection');
    await expect(el).to.be.accessible();

    // Escape closes it (and says it handled the key), the focus back on Cy's row.
    const escaped = new Promise<KeyboardEvent>((resolve) =>
      el.addEventListener('keydown', (e) => e.key === 'Escape' && resolve(e), { once: true }),
    );
    await pressKey('Escape');
    expect((await escaped).defaultPrevented, 'Escape not marked as handled').to.equal(true);
    await el.updateComplete;
    expect(root.querySelector('[part=detail]')).to.equal(null);
    expect(
      root.activeElement === row('c'),
      `the focus is on ${root.activeElement?.outerHTML ?? 'nothing inside the element'}`,
    ).to.equal(true);
    // The back button does the same.
    await pressKey('Enter');
    await el.updateComplete;
    expect(root.activeElement?.getAttribute('part')).to.equal('back');
    await pressKey('Enter');
    await el.updateComplete;
    expect(root.querySelector('[part=detail]')).to.equal(null);
    expect(
      root.activeElement === row('c'),
      `the focus is on ${root.activeElement?.outerHTML ?? 'nothing inside the element'}`,
    ).to.equal(true);
  });
});
