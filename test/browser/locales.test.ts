/**
 * The shipped languages as a page gets them: nothing but a `lang` attribute. An English page
 * loads no locale module; a room inside `lang="de"` renders in German once the kit has imported
 * `locales/de.js`, and only that module; `lang="ar" dir="rtl"` renders in Arabic, mirrored. Errors,
 * the core's and a real server's, are shown and announced in the room's language by their code.
 * Which modules loaded is read from the page's resource timing entries.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { RtcRoom } from '../../src/components/room/room.js';
import '../../src/components/room/rtc-room.js';
import { RtcError } from '../../src/core/errors.js';
import type { RtcErrorEvent } from '../../src/events/rtc-error.js';
import { loadLocale, onStringsChange } from '../../src/i18n/localize.js';
import { nextEvent, uniqueRoom } from './helpers.js';
import { addRoom } from './room-helpers.js';
import { canvasStream, StaticSession, staticParticipant } from './static-session.js';
import { describeWithWebRTC } from './webrtc.js';

// Room for every module this page loads (the default buffer holds 250 entries).
performance.setResourceTimingBufferSize(100_000);

/** The locale modules this page has loaded so far, by file name. */
function localesLoaded(): string[] {
  return performance
    .getEntriesByType('resource')
    .map((entry) => new URL(entry.name).pathname)
    .filter((path) => path.includes('/src/locales/'))
    .map((path) => path.slice(path.lastIndexOf('/') + 1))
    .sort();
}

/** Resolves at the next change of the strings (a shipped table arriving, for one). */
function stringsChange(): Promise<void> {
  return new Promise((resolve) => {
    const stop = onStringsChange(() => {
      stop();
      resolve();
    });
  });
}

type Lit = HTMLElement & { updateComplete: Promise<boolean> };
const inside = (host: Element, selector: string) => host.shadowRoot!.querySelector<Lit>(selector)!;
const text = (room: RtcRoom, part: string) => inside(room, `[part~=${part}]`).textContent!.trim();
const button = (room: RtcRoom, name: string) => inside(inside(room, 'rtc-controls'), `button[part~=${name}]`);

describe('shipped languages, picked by lang', () => {
  const sessions: StaticSession[] = [];

  function call(names: string[]) {
    const session = new StaticSession(
      'connected',
      names.map((name, i) => staticParticipant(`p${i}`, name, i === 0, canvasStream(name, i * 60))),
    );
    sessions.push(session);
    return session;
  }

  afterEach(() => {
    for (const session of sessions.splice(0)) {
      for (const p of session.participants) for (const track of p.stream?.getTracks() ?? []) track.stop();
    }
  });

  it('an English page loads no locale module', async () => {
    const room = await fixture<RtcRoom>(html`<rtc-room .session=${call(['Ada', 'Grace'])}></rtc-room>`);
    await room.updateComplete;
    expect(text(room, 'status')).to.equal('Connected · 2 people');
    expect(button(room, 'microphone').getAttribute('aria-label')).to.equal('Microphone');
    expect(localesLoaded()).to.deep.equal([]);
  });

  it('lang="de" on an ancestor: the room renders in German, and only de.js was loaded', async () => {
    const before = localesLoaded();
    const arrived = stringsChange();
    const wrapper = await fixture<HTMLDivElement>(
      html`<div lang="de"><rtc-room room="planung" .session=${call(['Lena', 'Jonas'])}></rtc-room></div>`,
    );
    const room = wrapper.querySelector('rtc-room')!;
    await arrived;
    await room.updateComplete;
    await inside(room, 'rtc-controls').updateComplete;
    expect(text(room, 'status')).to.equal('Verbunden · 2 Personen');
    expect(inside(room, '[part=base]').getAttribute('aria-label')).to.equal('Videoraum planung');
    expect(
      ['microphone', 'camera', 'screen', 'hand', 'leave'].map((b) => button(room, b).getAttribute('aria-label')),
    ).to.deep.equal(['Mikrofon', 'Kamera', 'Bildschirm freigeben', 'Hand heben', 'Anruf verlassen']);
    const added = localesLoaded().filter((file) => !before.includes(file));
    expect(added).to.deep.equal(['de.js']);
    await expect(room).to.be.accessible();
  });

  it('lang="ar" dir="rtl": Arabic, its dual, a mirrored control bar, and only ar.js more', async () => {
    const before = localesLoaded();
    const arrived = stringsChange();
    const wrapper = await fixture<HTMLDivElement>(
      html`<div lang="ar" dir="rtl" style="width: 800px"><rtc-room .session=${call(['ليلى', 'عمر'])}></rtc-room></div>`,
    );
    const room = wrapper.querySelector('rtc-room')!;
    await arrived;
    await room.updateComplete;
    await inside(room, 'rtc-controls').updateComplete;
    expect(text(room, 'status')).to.equal('متصل · شخصان');
    expect(button(room, 'microphone').getAttribute('aria-label')).to.equal('الميكروفون');
    expect(button(room, 'leave').getAttribute('aria-label')).to.equal('مغادرة المكالمة');
    // Right to left, as before: the microphone comes first, at the right; leave last, at the left.
    expect(button(room, 'microphone').getBoundingClientRect().left).to.be.greaterThan(
      button(room, 'leave').getBoundingClientRect().left,
    );
    const status = inside(room, '[part=status]').getBoundingClientRect();
    const header = inside(room, '[part=header]').getBoundingClientRect();
    expect(header.right - status.right).to.be.lessThan(header.width / 4);
    expect(localesLoaded().filter((file) => !before.includes(file))).to.deep.equal(['ar.js']);
    await expect(room).to.be.accessible();
  });

  it('shows and announces an error in the room language, by its code, not the English message', async () => {
    await loadLocale('de');
    const session = call(['Lena']);
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="de"><rtc-room .session=${session}></rtc-room></div>`);
    const room = wrapper.querySelector('rtc-room')!;
    await room.updateComplete;
    const error = new RtcError('room-full', 'Room "planung" is full (32 peers)');
    session.moveTo('error', error);
    session.report(error, true);
    await room.updateComplete;
    const box = inside(room, '[part=error]');
    expect(box.getAttribute('role')).to.equal('alert');
    expect(box.querySelector('strong')!.textContent).to.equal('Der Raum ist voll.');
    expect(box.textContent).to.contain('Versuchen Sie es gleich noch einmal.').and.not.contain('peers');
    expect(inside(room, '.visually-hidden[role=status]').textContent!.trim()).to.equal(
      'Der Raum ist voll. Versuchen Sie es gleich noch einmal.',
    );
    expect(error.message).to.equal('Room "planung" is full (32 peers)');
    // The language changes: so does the error.
    wrapper.lang = 'fr';
    await loadLocale('fr');
    await room.updateComplete;
    expect(box.querySelector('strong')!.textContent).to.equal('La salle est pleine.');
    expect(box.textContent).to.contain('Réessayez dans un instant.');
  });
});

describeWithWebRTC('a real server refusal, in the room language', () => {
  let server: { id: string; url: string } | undefined;

  afterEach(async () => {
    if (server) await executeServerCommand('rtc-stop', { id: server.id });
    server = undefined;
  });

  it('a full room says so in German to the one who does not fit', async () => {
    server = await executeServerCommand<{ id: string; url: string }, { args: string[] }>('rtc-server-start', {
      args: ['--max-peers-per-room', '1'],
    });
    const container = await fixture<HTMLDivElement>(html`<div lang="de" style="width: 800px"></div>`);
    const name = uniqueRoom('voll');
    await addRoom(container, name, 'Erste', server.url);
    const second = document.createElement('rtc-room');
    Object.assign(second, { room: name, name: 'Zweite', server: server.url });
    const refused = nextEvent<RtcErrorEvent>(second, 'rtc-error', (e) => e.fatal);
    container.append(second);
    expect((await refused).code).to.equal('room-full');
    await second.updateComplete;
    const alert = inside(second, '[role=alert]');
    expect(alert.querySelector('strong')!.textContent).to.equal('Der Raum ist voll.');
    expect(alert.textContent).to.contain('Versuchen Sie es gleich noch einmal.');
    expect(alert.querySelector('[part=retry]')!.textContent).to.equal('Erneut versuchen');
    container.replaceChildren();
  });
});
