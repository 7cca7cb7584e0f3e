/**
 * `<rtc-room>` by keyboard alone, with real key presses: a whole call (lobby, Join, microphone,
 * camera, screen share, hand, chat, settings, leave) through the real server, and the focus that
 * each panel gives back to the button that opened it when it closes (WCAG 2.4.3), on Escape and on
 * its close button: the chat and the settings (with a session of the page, so in every engine),
 * and a participant's detail in the settings' stats (in a real call: it needs real numbers).
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import { eventually, nextEvent, uniqueRoom } from '../../../test/browser/helpers.js';
import { pressKey, typeKeys } from '../../../test/browser/keys.js';
import { StaticSession, staticParticipant } from '../../../test/browser/static-session.js';
import { itWithWebRTC } from '../../../test/browser/webrtc.js';
import { Room } from '../../core/room.js';
import type { RtcSettingsToggleEvent } from '../../events/rtc-settings-toggle.js';
import type { RtcStats } from '../stats/stats.js';
import './rtc-room.js';
import type { RtcRoom } from './room.js';

/** The element that has the focus, looking into shadow roots. */
function focused(): Element | null {
  let element = document.activeElement;
  while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
  return element;
}

/** Presses Tab until `match` holds for the focused element (a person tabbing through the page). */
async function tabTo(match: (element: Element) => boolean, what: string, max = 40): Promise<Element> {
  const now = focused();
  if (now && match(now)) return now;
  for (let i = 0; i < max; i++) {
    await pressKey('Tab');
    const element = focused();
    if (element && match(element)) return element;
  }
  throw new Error(`Tab never reached ${what} (last: ${focused()?.outerHTML.slice(0, 120)})`);
}

/** The focused control shows it: an outline or a focus ring. */
function showsFocus(element: Element): boolean {
  const style = getComputedStyle(element);
  return (style.outlineStyle !== 'none' && style.outlineWidth !== '0px') || style.boxShadow !== 'none';
}

const part = (name: string) => (element: Element) => (element.getAttribute('part') ?? '').split(' ').includes(name);
/**
 * What has the focus, for failure messages. (Tests compare elements with `===`: an element handed
 * to a failing assertion is serialized with all it reaches, which never ends for a room.)
 */
const where = () => {
  const element = focused();
  return `the focus is on ${element && element !== document.body ? element.outerHTML.slice(0, 100) : 'the page’s body'}`;
};

/** The control bar's button `name` in `room`. */
const barButton = (room: RtcRoom, name: string) =>
  room
    .shadowRoot!.querySelector('rtc-controls')!
    .shadowRoot!.querySelector<HTMLButtonElement>(`[data-button=${name}]`)!;
const panel = (room: RtcRoom) => room.shadowRoot!.querySelector<HTMLElement>('[part=panel]')!;

/** A real click at the middle of `element`. */
async function click(element: Element) {
  element.scrollIntoView({ block: 'center' });
  // Where it stays: a panel still filling (the settings' device list) can move it meanwhile.
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  let box = element.getBoundingClientRect();
  for (let same = 0; same < 3; ) {
    await frame();
    const now = element.getBoundingClientRect();
    same = now.x === box.x && now.y === box.y ? same + 1 : 0;
    box = now;
  }
  await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
  await sendMouse({ type: 'move', position: [0, 0] });
}

describe('<rtc-room> by keyboard alone', () => {
  itWithWebRTC(
    'a whole call: lobby, Join, microphone, camera, screen, hand, chat, settings and leave, the focus coming back from each panel',
    async () => {
      const room = await fixture<RtcRoom>(html`<rtc-room lobby room=${uniqueRoom('keys')}></rtc-room>`);
      // The lobby: the name field, then the Join button.
      const field = await tabTo((e) => e.localName === 'input' && e.getAttribute('name') === 'name', 'the name field');
      expect(showsFocus(field)).to.equal(true);
      await typeKeys('Ada');
      const join = await tabTo(part('join'), 'the Join button');
      expect(showsFocus(join)).to.equal(true);
      const joined = nextEvent(room, 'rtc-joined');
      await pressKey('Enter');
      await joined;
      expect(room.name).to.equal('Ada');
      const session = room.session!;
      await eventually(() => session.local, 'no local participant');

      // The microphone, with Space; the camera, with Enter.
      const microphone = await tabTo(part('microphone'), 'the microphone button');
      expect(showsFocus(microphone)).to.equal(true);
      await pressKey(' ');
      await eventually(() => session.local?.state.audio === false, 'the microphone did not turn off');
      await tabTo(part('camera'), 'the camera button');
      await pressKey('Enter');
      await eventually(() => session.local?.state.video === false, 'the camera did not turn off');

      // The screen: shared where the browser has one to give (Chromium's fake screen); where it has
      // none (Firefox here) the room says the screen could not be shared, and the call goes on.
      await tabTo(part('screen'), 'the screen share button');
      await pressKey('Enter');
      const notice = () => room.shadowRoot!.querySelector('[part~=notice]')?.textContent ?? '';
      await eventually(
        () => session.local?.state.screen === true || notice().includes('The screen could not be shared.'),
        'the screen button did nothing',
      );

      // The hand, with Enter.
      await tabTo(part('hand'), 'the raise hand button');
      await pressKey('Enter');
      await eventually(() => session.local?.handRaised, 'the hand did not go up');

      // The chat, with Enter: its text field takes the focus; a message typed and sent with Enter;
      // Escape closes the panel and gives the focus back to the chat button.
      const chatButton = await tabTo(part('chat'), 'the chat button');
      await pressKey('Enter');
      const input = await eventually(
        () => (part('input')(focused()!) ? focused() : null),
        "the chat's text field has no focus",
      );
      expect(showsFocus(input)).to.equal(true);
      await typeKeys('Hello by keyboard');
      await pressKey('Enter');
      const chat = room.shadowRoot!.querySelector('rtc-chat')!;
      await eventually(
        () => chat.shadowRoot!.textContent?.includes('Hello by keyboard'),
        'the message is not in the chat',
      );
      await pressKey('Escape');
      await eventually(() => panel(room).hidden, 'Escape did not close the chat');
      expect(focused() === chatButton, `not back on Chat: ${where()}`).to.equal(true);

      // The settings, with Enter: the panel takes the focus; Escape gives it back.
      const settingsButton = await tabTo(part('settings'), 'the settings button');
      await pressKey('Enter');
      await eventually(() => focused() === panel(room) && !panel(room).hidden, 'the settings panel has no focus');
      await pressKey('Escape');
      await eventually(() => panel(room).hidden, 'Escape did not close the settings');
      expect(focused() === settingsButton, `not back on Settings: ${where()}`).to.equal(true);

      // Leave, with Enter.
      const leave = await tabTo(part('leave'), 'the leave button');
      expect(showsFocus(leave)).to.equal(true);
      const left = nextEvent(room, 'rtc-left');
      await pressKey('Enter');
      await left;
      expect(session.state).to.equal('closed');
    },
  );

  itWithWebRTC(
    'the lobby’s name field takes 64 characters as the protocol counts them (code points): emoji too',
    async () => {
      const room = await fixture<RtcRoom>(html`<rtc-room lobby room=${uniqueRoom('name')}></rtc-room>`);
      const field = room.shadowRoot!.querySelector<HTMLInputElement>('input[name=name]')!;
      field.focus();
      // 64 code points, 100 UTF-16 units: 36 emoji outside the BMP, and 28 letters, spaces and a comma.
      const name = `Ada ${'🙂🎉'.repeat(18)}Lovelace, Analytical Era`;
      expect([[...name].length, name.length]).to.deep.equal([64, 100]);
      await typeKeys(name);
      expect(field.value).to.equal(name);
      // The 65th character is refused, as maxlength would.
      await typeKeys('🙂');
      expect(field.value).to.equal(name);
      // Leaving the field: its native `change` stays inside the room (the room's `change` is a device's).
      const changes: Event[] = [];
      room.addEventListener('change', (e) => changes.push(e));
      const native = nextEvent(field, 'change');
      await pressKey('Tab');
      await native;
      expect(changes).to.deep.equal([]);
      field.focus();
      const joined = nextEvent(room, 'rtc-joined');
      await pressKey('Enter');
      await joined;
      // The server took it: the name everyone sees.
      expect(room.session!.local!.name).to.equal(name);
    },
  );

  describe('the panels give the focus back to the button that opened them', () => {
    let room: RtcRoom;

    beforeEach(async () => {
      room = await fixture<RtcRoom>(html`<rtc-room></rtc-room>`);
      room.session = new StaticSession('connected', [
        staticParticipant('a', 'Ada', true, null),
        staticParticipant('b', 'Bo', false, null),
      ]);
      await room.updateComplete;
    });

    for (const name of ['chat', 'settings'] as const) {
      it(`${name}: on Escape and on its close button`, async () => {
        const opener = barButton(room, name);
        opener.focus();
        await pressKey('Enter');
        // Opened: the chat's text field, or the settings panel itself, has the focus.
        await eventually(
          () => !panel(room).hidden && panel(room).contains(room.shadowRoot!.activeElement),
          `the ${name} panel did not open with the focus`,
        );
        await pressKey('Escape');
        await eventually(() => panel(room).hidden, `Escape did not close the ${name}`);
        expect(focused() === opener, `after Escape: ${where()}`).to.equal(true);

        await pressKey('Enter');
        await eventually(() => !panel(room).hidden, `Enter did not open the ${name} again`);
        await click(room.shadowRoot!.querySelector('[part=close]')!);
        await eventually(() => panel(room).hidden, `the close button did not close the ${name}`);
        expect(focused() === opener, `after the close button: ${where()}`).to.equal(true);
        await expect(room).to.be.accessible();
      });
    }

    it('chat: once in, it takes no focus the person moved on meanwhile (a key press meant for the next button)', async () => {
      barButton(room, 'chat').click();
      // Before the chat's content is in (its chunk, its first render), the person goes on.
      const settings = barButton(room, 'settings');
      settings.focus();
      const chat = await eventually(
        () => room.shadowRoot!.querySelector<HTMLElement & { updateComplete: Promise<unknown> }>('rtc-chat'),
        'no chat',
      );
      await customElements.whenDefined('rtc-chat');
      await chat.updateComplete;
      // (What would have moved the focus runs once the chat has rendered: two frames later it has.)
      for (let i = 0; i < 2; i++) await new Promise(requestAnimationFrame);
      expect(focused() === settings, `the chat took the focus: ${where()}`).to.equal(true);
      const toggled = nextEvent<RtcSettingsToggleEvent>(room, 'rtc-settings-toggle');
      await pressKey('Enter');
      expect((await toggled).open, 'Enter on the settings button opened the settings').to.equal(true);
    });
  });

  itWithWebRTC(
    'the stats: a row opens that participant’s detail (the codec), and Escape or Back gives the focus back to the row',
    async () => {
      const name = uniqueRoom('stats-keys');
      const room = await fixture<RtcRoom>(html`<rtc-room room=${name} name="Ada"></rtc-room>`);
      await nextEvent(room, 'rtc-joined');
      const bo = new Room({ room: name, name: 'Bo' });
      try {
        await bo.join();
        barButton(room, 'settings').focus();
        await pressKey('Enter');
        await room.updateComplete;
        const stats = room.shadowRoot!.querySelector<RtcStats>('rtc-stats')!;
        const row = () => stats.shadowRoot!.querySelector<HTMLButtonElement>('[part=participant]');
        // Bo's row, once the link is measured: a person tabs to it from the settings panel.
        await eventually(() => row(), 'the stats show no row for Bo', { timeout: 45_000 });
        const bosRow = await tabTo(part('participant'), 'Bo’s row in the stats');
        expect(bosRow.textContent).to.equal('Bo');
        expect(bosRow.getAttribute('aria-label')).to.equal('Details for Bo');
        expect(showsFocus(bosRow)).to.equal(true);
        await pressKey('Enter');
        const detail = await eventually(
          () => stats.shadowRoot!.querySelector('[part=detail]'),
          'Enter opened no detail',
        );
        expect(focused() === detail.querySelector('[part=back]'), where()).to.equal(true);
        expect(detail.querySelector('caption')!.textContent).to.equal('Call statistics for Bo');
        // The codec of each stream, sent and received, as the browser names it.
        const codecs = () => {
          const cells = [...detail.querySelectorAll('tr')].find(
            (tr) => tr.querySelector('th')?.textContent === 'Codec',
          );
          return [...(cells?.querySelectorAll('td') ?? [])].map(
            (td) => td.textContent!.match(/^(audio|video)\/\w+/)?.[0],
          );
        };
        await eventually(
          () => codecs().length === 4 && codecs().every(Boolean),
          'the detail does not name the codec of each stream',
        );
        // Sent and received, audio and video.
        expect(codecs().map((c) => c!.split('/')[0])).to.deep.equal(['audio', 'video', 'audio', 'video']);
        await expect(room).to.be.accessible();

        // Escape closes the detail only (the settings stay open), and the focus is on Bo's row again.
        await pressKey('Escape');
        await eventually(() => !stats.shadowRoot!.querySelector('[part=detail]'), 'Escape did not close the detail');
        expect(panel(room).hidden, 'Escape closed the settings too').to.equal(false);
        expect(focused() === row(), where()).to.equal(true);
        // Back, by keyboard, the same.
        await pressKey('Enter');
        await eventually(() => focused()?.getAttribute('part') === 'back', 'the detail did not open again');
        await pressKey('Enter');
        await eventually(() => !stats.shadowRoot!.querySelector('[part=detail]'), 'Back did not close the detail');
        expect(focused() === row(), where()).to.equal(true);
        // And a second Escape closes the settings, back to their button.
        await pressKey('Escape');
        await eventually(() => panel(room).hidden, 'Escape did not close the settings');
        expect(focused() === barButton(room, 'settings'), where()).to.equal(true);
      } finally {
        bo.leave();
      }
    },
  );
});
