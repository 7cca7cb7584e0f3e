/**
 * Two `<rtc-room>` elements in one call through the real server: what one does shows on the
 * other's tiles (the speaking ring, a muted badge, a shared screen as a tile of its own). Firefox
 * has no fake screen: it runs the test of a browser with no screen to give instead of the share.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { RtcError } from '../../src/core/errors.js';
import type { RtcParticipant } from '../../src/components/participant/participant.js';
import type { RtcRoom } from '../../src/components/room/room.js';
import { ALWAYS_A_SCREEN, inUserGesture, NO_FAKE_SCREEN } from './call-helpers.js';
import { eventually, uniqueRoom } from './helpers.js';
import { addRoom, everyoneSeesEveryone } from './room-helpers.js';
import { itIn } from './skip.js';
import { describeWithWebRTC } from './webrtc.js';

const tileOf = (room: RtcRoom, id: string, screen = false) =>
  [...room.shadowRoot!.querySelectorAll<RtcParticipant>('rtc-participant')].find(
    (tile) => tile.participant?.id === id && tile.screen === screen,
  ) ?? null;

const part = (tile: RtcParticipant, name: string) => tile.shadowRoot!.querySelector(`[part~=${name}]`);

/** A button of the room's own controls (`microphone`, `camera`, …). */
const controlOf = (room: RtcRoom, name: string) =>
  room.shadowRoot!.querySelector('rtc-controls')!.shadowRoot!.querySelector<HTMLButtonElement>(`[part~=${name}]`)!;

describeWithWebRTC('<rtc-room> in a call', () => {
  let container: HTMLElement;

  beforeEach(async () => {
    container = await fixture(html`<div style="display: grid; grid-template-columns: 1fr 1fr; width: 1200px"></div>`);
  });

  afterEach(() => container.replaceChildren());

  it('the speaking ring and the muted badge follow the microphone at the other side', async () => {
    const name = uniqueRoom('room-speak');
    const ada = await addRoom(container, name, 'Ada');
    const bo = await addRoom(container, name, 'Bo');
    await everyoneSeesEveryone([ada, bo]);
    const adaId = ada.session!.local!.id;
    const adaAtBo = () => tileOf(bo, adaId)!;
    // The speaking ring: Ada's fake microphone makes sound, and Bo's room plays it.
    await eventually(() => adaAtBo().matches(':state(speaking)'), "Ada's tile at Bo's never shows her speaking");
    expect(!!part(adaAtBo(), 'muted'), 'a muted badge before Ada muted').to.equal(false);

    // Ada mutes with her room's microphone button: Bo's tile of her says so, and the ring goes.
    const microphone = controlOf(ada, 'microphone');
    microphone.click();
    await eventually(() => adaAtBo().matches(':state(muted)'), "Ada's tile at Bo's does not show her muted");
    await adaAtBo().updateComplete;
    expect(part(adaAtBo(), 'muted')?.getAttribute('aria-label'), "no muted badge on Ada's tile at Bo's").to.equal(
      'Microphone off',
    );
    await eventually(() => !adaAtBo().matches(':state(speaking)'), "Ada's tile at Bo's still shows her speaking");
    // Her own tile says so too.
    expect(!!part(tileOf(ada, adaId)!, 'muted'), 'no muted badge on her own tile').to.equal(true);

    microphone.click();
    await eventually(() => !adaAtBo().matches(':state(muted)'), "Ada's tile at Bo's stays muted after she unmuted");
    await adaAtBo().updateComplete;
    expect(!!part(adaAtBo(), 'muted'), "the muted badge stayed on Ada's tile at Bo's").to.equal(false);
    await eventually(
      () => adaAtBo().matches(':state(speaking)'),
      "Ada's tile at Bo's does not show her speaking again",
    );
  });

  itIn(
    ['chromium', 'webkit'],
    NO_FAKE_SCREEN,
    'a shared screen becomes a large tile at the other side, and goes when the track ends',
    async () => {
      const name = uniqueRoom('room-screen');
      const ada = await addRoom(container, name, 'Ada');
      const bo = await addRoom(container, name, 'Bo');
      await everyoneSeesEveryone([ada, bo]);
      const adaId = ada.session!.local!.id;
      // getDisplayMedia wants a user gesture: a real click gives one.
      expect(await inUserGesture(() => ada.session!.startScreenShare())).to.equal(null);
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
    },
  );

  itIn(
    ['firefox'],
    ALWAYS_A_SCREEN,
    'with no screen to give, the call goes on, the room says why, and no screen tile shows',
    async () => {
      const name = uniqueRoom('room-no-screen');
      const ada = await addRoom(container, name, 'Ada');
      const bo = await addRoom(container, name, 'Bo');
      await everyoneSeesEveryone([ada, bo]);
      const adaId = ada.session!.local!.id;
      const error = (await inUserGesture(() => ada.session!.startScreenShare())) as RtcError | null;
      expect(error, 'a screen was shared where the browser has none').to.not.equal(null);
      expect(error!.code).to.equal('media-unavailable');
      expect(error!.devices).to.deep.equal(['screen']);
      await ada.updateComplete;
      expect(ada.shadowRoot!.querySelector('[part~=notice]')!.textContent).to.contain(
        'The screen could not be shared.',
      );
      expect(ada.matches(':state(connected)')).to.equal(true);
      expect(tileOf(bo, adaId, true)).to.equal(null);
      expect(tileOf(ada, adaId, true)).to.equal(null);
    },
  );
});
