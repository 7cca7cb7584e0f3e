/**
 * Two `<rtc-room>` elements in one call through the real server: what one does shows on the
 * other's tiles (a shared screen as a tile of its own, the speaking ring, a muted badge).
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { RtcError } from '../../src/core/errors.js';
import type { RtcParticipant } from '../../src/components/participant/participant.js';
import type { RtcRoom } from '../../src/components/room/room.js';
import { inUserGesture } from './call-helpers.js';
import { eventually, uniqueRoom } from './helpers.js';
import { addRoom, everyoneSeesEveryone } from './room-helpers.js';
import { describeWithWebRTC } from './webrtc.js';

const tileOf = (room: RtcRoom, id: string, screen = false) =>
  [...room.shadowRoot!.querySelectorAll<RtcParticipant>('rtc-participant')].find(
    (tile) => tile.participant?.id === id && tile.screen === screen,
  ) ?? null;

describeWithWebRTC('<rtc-room> in a call', () => {
  let container: HTMLElement;

  beforeEach(async () => {
    container = await fixture(html`<div style="display: grid; grid-template-columns: 1fr 1fr; width: 1200px"></div>`);
  });

  afterEach(() => container.replaceChildren());

  it('a shared screen becomes a large tile at the other side, and goes when the track ends', async () => {
    const name = uniqueRoom('room-screen');
    const ada = await addRoom(container, name, 'Ada');
    const bo = await addRoom(container, name, 'Bo');
    await everyoneSeesEveryone([ada, bo]);
    const adaId = ada.session!.local!.id;
    // The speaking ring: Ada's fake microphone makes sound, and Bo's room plays it.
    await eventually(
      () => tileOf(bo, adaId)?.matches(':state(speaking)'),
      "Ada's tile at Bo's never shows her speaking",
    );

    // getDisplayMedia wants a user gesture: a real click gives one.
    const error = (await inUserGesture(() => ada.session!.startScreenShare())) as RtcError | null;
    if (error) {
      // A browser with no screen to give (Firefox here): the call goes on, no screen tile anywhere.
      expect(error.devices).to.deep.equal(['screen']);
      expect(ada.shadowRoot!.querySelector('[part~=notice]')!.textContent).to.contain(
        'The screen could not be shared.',
      );
      expect(tileOf(bo, adaId, true)).to.equal(null);
      return;
    }
    const screen = await eventually(() => tileOf(bo, adaId, true), 'no screen tile at Bo’s');
    expect(screen.parentElement!.classList.contains('main')).to.equal(true);
    await eventually(
      () => screen.shadowRoot!.querySelector('rtc-video')!.matches(':state(has-video)'),
      'the screen tile shows no picture',
    );
    expect(screen.shadowRoot!.querySelector('rtc-video')!.name).to.equal('Ada is presenting');
    // The browser's own "Stop sharing" ends the track.
    const track = ada.session!.screenStream!.getVideoTracks()[0]!;
    track.stop();
    track.dispatchEvent(new Event('ended'));
    await eventually(() => tileOf(bo, adaId, true) === null, 'the screen tile stayed after sharing ended');
    expect(bo.matches(':state(focus)')).to.equal(false);
  });
});
