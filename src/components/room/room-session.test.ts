import { expect, fixture, html } from '@open-wc/testing';
import { nextEvent, uniqueRoom } from '../../../test/browser/helpers.js';
import { canvasStream, StaticSession, staticParticipant } from '../../../test/browser/static-session.js';
import { itWithWebRTC } from '../../../test/browser/webrtc.js';
import { RtcError } from '../../core/errors.js';
import { resetStrings, setStrings } from '../../i18n/localize.js';
import type { RtcErrorEvent } from '../../events/rtc-error.js';
import './rtc-room.js';
import type { RtcRoom } from './room.js';

const text = (room: RtcRoom, part: string) =>
  room.shadowRoot!.querySelector(`[part~=${part}]`)?.textContent?.trim() ?? '';

function people(count: number) {
  return Array.from({ length: count }, (_, i) =>
    staticParticipant(`p${i}`, `Person ${i}`, i === 0, canvasStream(`P${i}`, i * 40)),
  );
}

function stopAll(session: StaticSession) {
  for (const p of session.participants) for (const t of p.stream?.getTracks() ?? []) t.stop();
}

describe('<rtc-room> with a session of the page', () => {
  let room: RtcRoom;
  let session: StaticSession | undefined;

  beforeEach(async () => {
    room = await fixture(html`<rtc-room></rtc-room>`);
  });

  afterEach(() => {
    if (session) stopAll(session);
    session = undefined;
    resetStrings();
  });

  it('renders the given session, its states and plural counts, and never joins or leaves it', async () => {
    session = new StaticSession('connected', people(3));
    room.session = session;
    await room.updateComplete;
    expect(room.matches(':state(connected)')).to.equal(true);
    expect(text(room, 'status')).to.equal('Connected · 3 people');
    expect(room.shadowRoot!.querySelectorAll('.tile').length).to.equal(3);
    session.moveTo('reconnecting');
    await room.updateComplete;
    expect(room.matches(':state(reconnecting)')).to.equal(true);
    expect(text(room, 'status')).to.equal('Reconnecting…');
    await expect(room).to.be.accessible();
    room.remove();
    expect([session.joins, session.leaves]).to.deep.equal([0, 0]);
  });

  it('shows a fatal error with its title and retries through the session', async () => {
    session = new StaticSession('connected', people(1));
    room.session = session;
    const reported = nextEvent<RtcErrorEvent>(room, 'rtc-error');
    const error = new RtcError('room-full', 'Room "x" is full (4 peers)');
    session.moveTo('error', error);
    session.report(error, true);
    expect((await reported).code).to.equal('room-full');
    await room.updateComplete;
    expect(room.error).to.equal(error);
    expect(text(room, 'error')).to.contain('The room is full.').and.contain('Try again in a moment.');
    room.shadowRoot!.querySelector<HTMLButtonElement>('[part=retry]')!.click();
    expect(session.joins).to.equal(1);
    await expect(room).to.be.accessible();
  });

  it('tells which device could not be used, in the page language', async () => {
    setStrings('fr', {
      'notice.denied.camera': 'L’accès à la caméra a été refusé.',
      'notice.microphone-only': 'Vous participez avec votre micro seulement.',
      'notice.retry': 'Réessayer',
    });
    room.lang = 'fr';
    const mic = (await navigator.mediaDevices.getUserMedia({ audio: true })).getAudioTracks();
    session = new StaticSession('connected', people(1), new MediaStream(mic));
    room.session = session;
    session.report(new RtcError('media-denied', 'Permission to use the camera was refused', { devices: ['camera'] }));
    await room.updateComplete;
    expect(text(room, 'notice')).to.equal(
      'L’accès à la caméra a été refusé. Réessayer Vous participez avec votre micro seulement.',
    );
    for (const track of mic) track.stop();
  });

  it('re-renders when the lang of an ancestor or the strings change, and mirrors with dir', async () => {
    session = new StaticSession('connected', people(2));
    const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 800px"><rtc-room></rtc-room></div>`);
    const inner = wrapper.querySelector('rtc-room')!;
    inner.session = session;
    await inner.updateComplete;
    setStrings('pl', {
      'room.status.connected': 'Połączono',
      'room.people': { one: '{count} osoba', few: '{count} osoby', many: '{count} osób', other: '{count} osoby' },
    });
    wrapper.lang = 'pl';
    await inner.updateComplete;
    expect(text(inner, 'status')).to.equal('Połączono · 2 osoby');
    setStrings('pl', { 'room.status.connected': 'Jesteś w pokoju' });
    await inner.updateComplete;
    expect(text(inner, 'status')).to.equal('Jesteś w pokoju · 2 osoby');
    // Right to left: a tile's name label sits at the right edge.
    wrapper.dir = 'rtl';
    const video = inner.shadowRoot!.querySelector('rtc-participant')!.shadowRoot!.querySelector('rtc-video')!;
    const label = video.shadowRoot!.querySelector('[part=label]')!.getBoundingClientRect();
    const box = video.getBoundingClientRect();
    expect(box.right - label.right).to.be.lessThan(box.width / 4);
    expect(label.left - box.left).to.be.greaterThan(box.width / 4);
  });

  itWithWebRTC('goes back to joining its own room when the session is set to null', async () => {
    session = new StaticSession('connected', people(1));
    room.session = session;
    room.room = uniqueRoom('own-again');
    await room.updateComplete;
    expect(room.session).to.equal(session);
    const joined = nextEvent(room, 'rtc-joined');
    room.session = null;
    await joined;
    expect(room.session).to.not.equal(session);
    expect(room.matches(':state(connected)')).to.equal(true);
  });
});
