/**
 * Picture-in-picture in a real call (two `<rtc-room>`s on the real server): the control bar's
 * button, clicked with a real mouse (Document Picture-in-Picture wants a user activation: wtr's
 * sendMouse and sendKeys give real input), opens a window showing the other person's video, whose
 * microphone and camera buttons act on the call (the other side sees it) and whose leave button
 * leaves; closing it leaves the room as it was. Headless Chromium and Firefox (153) both open a
 * Document Picture-in-Picture window. Not tested here: the video picture-in-picture the room falls
 * back to where the browser has no Document Picture-in-Picture (Safari): both engines here have it,
 * and a video's requestPictureInPicture() in headless Chromium detaches the page's frame from the
 * test runner (puppeteer: "Attempted to use detached Frame"), ending the run.
 */
import { expect } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import type { RtcRoom } from '../../src/components/room/room.js';
import { eventually, uniqueRoom } from './helpers.js';
import { addRoom, everyoneSeesEveryone, tiles } from './room-helpers.js';
import { skip } from './skip.js';
import { itWithWebRTC } from './webrtc.js';

/** The Document Picture-in-Picture window open now, if any. */
const pipWindow = () =>
  (window as { documentPictureInPicture?: { window: Window | null } }).documentPictureInPicture?.window ?? null;

function pipButton(room: RtcRoom): HTMLButtonElement {
  return room.shadowRoot!.querySelector('rtc-controls')!.shadowRoot!.querySelector<HTMLButtonElement>('[part~=pip]')!;
}

async function click(element: Element) {
  const box = element.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
}

describe('picture-in-picture', () => {
  const container = document.createElement('div');
  before(() => document.body.append(container));
  afterEach(() => container.replaceChildren());

  itWithWebRTC(
    'opens a window with the other person and working controls; closing it leaves the room as it was',
    async function () {
      if (!('documentPictureInPicture' in window)) skip(this, 'this browser has no Document Picture-in-Picture');
      const name = uniqueRoom('pip');
      const ada = await addRoom(container, name, 'Ada');
      const bo = await addRoom(container, name, 'Bo');
      await everyoneSeesEveryone([ada, bo]);
      await ada.updateComplete;
      const before = tiles(ada).map((tile) => tile.dataset.participant);

      await click(pipButton(ada));
      await eventually(() => pipWindow() !== null, 'the picture-in-picture window did not open');
      const pip = pipWindow()!;
      const video = pip.document.querySelector('video')!;
      const boSeen = [...ada.session!.remote.values()][0]!;
      expect(video.srcObject, "Bo's stream").to.equal(boSeen.stream);
      await eventually(() => video.videoWidth > 0, "the window's video shows no frame");
      await eventually(() => pipButton(ada).getAttribute('aria-pressed') === 'true', 'the bar does not show it open');

      const button = (name: string) => pip.document.querySelector<HTMLButtonElement>(`[data-button=${name}]`)!;
      expect(button('microphone').getAttribute('aria-pressed')).to.equal('true');
      button('microphone').click();
      button('camera').click();
      const adaSeen = () => bo.session!.remote.get(ada.session!.local!.id)!;
      await eventually(
        () => !adaSeen().audioEnabled && !adaSeen().videoEnabled,
        'Bo does not see Ada muted, camera off',
      );
      await eventually(
        () => button('microphone').getAttribute('aria-pressed') === 'false',
        'the window shows the microphone on',
      );
      expect(button('camera').getAttribute('aria-pressed')).to.equal('false');
      expect(ada.session!.local!.audioEnabled).to.equal(false);

      ada.exitPictureInPicture();
      await eventually(() => pipWindow() === null && pip.closed, 'the window did not close');
      await eventually(() => pipButton(ada).getAttribute('aria-pressed') === 'false', 'the bar still shows it open');
      expect(
        tiles(ada).map((tile) => tile.dataset.participant),
        'the same tiles',
      ).to.deep.equal(before);
      expect(ada.state).to.equal('connected');

      // Again from the keyboard (Enter gives the activation too), and leave from the window.
      pipButton(ada).focus();
      await sendKeys({ press: 'Enter' });
      await eventually(() => pipWindow() !== null, 'the window did not open from the keyboard');
      const again = pipWindow()!;
      again.document.querySelector<HTMLButtonElement>('[data-button=leave]')!.click();
      await eventually(() => ada.state === 'closed', 'the leave button did not leave');
      await eventually(() => again.closed && pipWindow() === null, 'the window stayed open after leaving');
      await eventually(() => bo.session!.remote.size === 0, 'Bo still sees Ada');
    },
  );
});
