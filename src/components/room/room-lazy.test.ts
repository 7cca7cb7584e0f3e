/**
 * `<rtc-room>` loads only what its first screen shows (issue 24): the chat, the device picker and
 * the stats are chunks of their own, fetched the first time a panel (or the lobby, for the picker)
 * shows them. This file imports the room's define file alone, as a page would, in a page of its
 * own: what the browser fetched is in its resource timing entries.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { eventually } from '../../../test/browser/helpers.js';
import { canvasStream, StaticSession, staticParticipant } from '../../../test/browser/static-session.js';
import './rtc-room.js';
import type { RtcRoom } from './room.js';

/** The modules of the three elements: each one's define file and its class. */
const MODULES = ['chat/rtc-chat', 'chat/chat', 'device-picker/rtc-device-picker', 'device-picker/device-picker']
  .concat(['stats/rtc-stats', 'stats/stats'])
  .map((module) => `/src/components/${module}.js`);

/** Which of those modules the page fetched, by element (`chat`, `device-picker`, `stats`). */
function fetched(): string[] {
  const paths = performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname);
  const modules = MODULES.filter((module) => paths.some((path) => path.endsWith(module)));
  return [...new Set(modules.map((module) => module.split('/')[3]!))].sort();
}

const defined = () => ['rtc-chat', 'rtc-device-picker', 'rtc-stats'].filter((tag) => customElements.get(tag));

const panelButton = (room: RtcRoom, name: string) =>
  room
    .shadowRoot!.querySelector('rtc-controls')!
    .shadowRoot!.querySelector<HTMLButtonElement>(`[data-button=${name}]`)!;

describe('<rtc-room> loads the chat, the device picker and the stats on first use', () => {
  const streams: MediaStream[] = [];
  afterEach(() => {
    for (const stream of streams.splice(0)) for (const track of stream.getTracks()) track.stop();
  });

  it('a call on screen fetches none of them; each panel fetches its own as it first opens, and shows it', async () => {
    const people = ['Ada', 'Bo'].map((name, i) => {
      const stream = canvasStream(name[0]!);
      streams.push(stream);
      return staticParticipant(`p${i}`, name, i === 0, stream);
    });
    const room = await fixture<RtcRoom>(html`<rtc-room style="height: 600px; width: 1000px"></rtc-room>`);
    room.session = new StaticSession('connected', people);
    await room.updateComplete;
    await eventually(() => panelButton(room, 'chat'), 'no control bar');
    expect(room.shadowRoot!.querySelectorAll('rtc-participant')).to.have.length(2);
    expect(fetched(), 'fetched with the first screen').to.deep.equal([]);
    expect(defined(), 'defined with the first screen').to.deep.equal([]);

    // The chat: the panel opens, and the chat is in it as soon as its chunk is (its text field).
    panelButton(room, 'chat').click();
    await room.updateComplete;
    const shadow = room.shadowRoot!;
    expect(shadow.querySelector<HTMLElement>('[part=panel]')!.hidden, 'the panel is shown at once').to.equal(false);
    await eventually(
      () => shadow.querySelector('rtc-chat')?.shadowRoot?.querySelector('textarea'),
      'the chat shows no text field',
    );
    expect(fetched(), 'fetched once the chat opened').to.deep.equal(['chat']);
    expect(defined()).to.deep.equal(['rtc-chat']);

    // The settings: the device picker and the stats, the same.
    panelButton(room, 'settings').click();
    await room.updateComplete;
    await eventually(
      () =>
        shadow.querySelector('rtc-device-picker')?.shadowRoot?.firstElementChild &&
        shadow.querySelector('rtc-stats')?.shadowRoot?.firstElementChild,
      'the settings show no device picker or stats',
    );
    expect(fetched(), 'fetched once the settings opened').to.deep.equal(['chat', 'device-picker', 'stats']);
    await expect(room).to.be.accessible();
  });
});
