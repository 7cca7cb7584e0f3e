import { expect, fixture, html } from '@open-wc/testing';
import { eventually } from '../../../test/browser/helpers.js';
import { canvasStream, StaticSession, staticParticipant } from '../../../test/browser/static-session.js';
import { type Participant, updateParticipant } from '../../core/participant.js';
import { resetStrings, setStrings } from '../../i18n/localize.js';
import './rtc-room.js';
import type { RtcRoom } from './room.js';

const part = (room: RtcRoom, name: string) => room.shadowRoot!.querySelector<HTMLElement>(`[part~=${name}]`);

describe('<rtc-room> while the signaling connection is restored', () => {
  let session: StaticSession;

  beforeEach(() => {
    session = new StaticSession('connected', [
      staticParticipant('me', 'Ada', true, canvasStream('A', 0)),
      staticParticipant('them', 'Grace', false, canvasStream('G', 90)),
    ]);
  });

  afterEach(() => {
    for (const p of session.participants) for (const t of p.stream?.getTracks() ?? []) t.stop();
    resetStrings();
  });

  it('says when the next try starts, counts down, and "Retry now" tries at once', async () => {
    const room = await fixture<RtcRoom>(html`<rtc-room .session=${session}></rtc-room>`);
    expect(part(room, 'reconnecting')).to.equal(null);
    session.retryIn = 2_500;
    session.moveTo('reconnecting');
    await room.updateComplete;
    expect(part(room, 'reconnecting')!.textContent).to.contain('Next try in 3 seconds.');
    session.retryIn = 900;
    // The line counts down by itself (a tick each second), with no event from the session.
    await eventually(() => part(room, 'reconnecting')!.textContent!.includes('Next try in 1 second.'), 'no countdown', {
      timeout: 5_000,
    });
    part(room, 'retry-now')!.click();
    expect(session.calls).to.deep.include(['retryNow']);
    await expect(room).to.be.accessible();
    // A try under way: no countdown, the button waits.
    session.retryIn = null;
    room.requestUpdate();
    await room.updateComplete;
    expect(part(room, 'reconnecting')!.textContent).to.contain('Trying to reconnect…');
    expect(part(room, 'retry-now')!.hasAttribute('disabled')).to.equal(true);
    setStrings('fr', { 'room.retry-now': 'Réessayer maintenant' });
    room.lang = 'fr';
    await room.updateComplete;
    expect(part(room, 'retry-now')!.textContent!.trim()).to.equal('Réessayer maintenant');
    session.moveTo('connected');
    await room.updateComplete;
    expect(part(room, 'reconnecting')).to.equal(null);
  });

  it('keeps a tile (the same element) when its participant gets a new id from a fresh join', async () => {
    const room = await fixture<RtcRoom>(html`<rtc-room .session=${session}></rtc-room>`);
    const them = session.participants[1] as Participant;
    const tile = room.shadowRoot!.querySelector('[data-participant=them]');
    expect(tile).to.not.equal(null);
    updateParticipant(them, { id: 'them-again' });
    session.dispatchEvent(new CustomEvent('participant-updated', { detail: { participant: them } }));
    await room.updateComplete;
    expect(room.shadowRoot!.querySelector('[data-participant=them-again]')).to.equal(tile);
  });
});
