import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { eventually, nextEvent, uniqueRoom } from '../../../test/browser/helpers.js';
import { addRoom, tiles } from '../../../test/browser/room-helpers.js';
import { staticParticipant, StaticSession } from '../../../test/browser/static-session.js';
import { describeWithWebRTC } from '../../../test/browser/webrtc.js';
import { RtcError } from '../../core/errors.js';
import type { Participant } from '../../core/participant.js';
import type { RtcChatToggleEvent } from '../../events/rtc-chat-toggle.js';
import type { RtcSettingsToggleEvent } from '../../events/rtc-settings-toggle.js';
import { loadLocale, resetStrings, setStrings } from '../../i18n/localize.js';
import type { RtcParticipant } from '../participant/participant.js';
import type { RtcRoom } from '../room/room.js';
import { canPictureInPicture, type RtcControls } from './controls.js';
import './rtc-controls.js';
import { skip } from '../../../test/browser/skip.js';

/** `list` with `pip` before its last item, where the browser can do picture-in-picture (the button shows there only). */
const withPip = <T>(list: T[], pip: T): T[] =>
  canPictureInPicture() ? [...list.slice(0, -1), pip, list.at(-1)!] : list;
const ORDER = withPip(['microphone', 'camera', 'screen', 'hand', 'chat', 'settings', 'leave'], 'pip');

/** A joined session: you (microphone and camera on) and Bo. */
function joined(): { session: StaticSession; me: Participant; bo: Participant } {
  const me = staticParticipant('me', 'Ada', true, null, {
    state: { audio: true, video: true, screen: false, hand: false },
  });
  const bo = staticParticipant('bo', 'Bo', false, null);
  return { session: new StaticSession('connected', [me, bo]), me, bo };
}

function button(el: RtcControls, name: string): HTMLButtonElement {
  const found = el.shadowRoot!.querySelector<HTMLButtonElement>(`button[part~=${name}]`);
  if (!found) throw new Error(`no ${name} button`);
  return found;
}

function shown(el: RtcControls): string[] {
  return [...el.shadowRoot!.querySelectorAll('button')].map((b) => b.dataset.button!);
}

/** WebKitGTK, driven through WebDriver classic: a chord is one string of WebDriver key codes. */
const webDriver = /AppleWebKit/.test(navigator.userAgent) && !/Chrom/.test(navigator.userAgent);
const WEBDRIVER_KEYS: Record<string, string> = {
  Control: '\uE009',
  Alt: '\uE00A',
  Shift: '\uE008',
  Tab: '\uE004',
  Enter: '\uE007',
  Escape: '\uE00C',
};

/** Presses `key` (a letter, `Tab`, `Enter`, `Escape`, ' ') while holding `modifiers`, as a person would: real key events. */
async function press(key: string, ...modifiers: string[]) {
  if (webDriver) {
    await sendKeys({ press: [...modifiers, key].map((k) => WEBDRIVER_KEYS[k] ?? k).join('') });
    return;
  }
  for (const modifier of modifiers) await sendKeys({ down: modifier });
  await sendKeys({ press: key });
  for (const modifier of modifiers.reverse()) await sendKeys({ up: modifier });
}

/** One turn of the event loop: a settled action's last steps and any unhandled rejection have run. */
const tick = () => new Promise((resolve) => setTimeout(resolve));

let chat = 0;
function chatMessage(text: string) {
  return { type: 'chat', text, id: `m${++chat}`, at: Date.now() };
}

/** Keeps a shortcut the controls left alone from reaching the browser (Ctrl+E would leave the page for the search bar). */
const guard = (event: KeyboardEvent) => {
  if (event.ctrlKey || event.metaKey) event.preventDefault();
};

describe('<rtc-controls>', () => {
  before(() => window.addEventListener('keydown', guard));
  after(() => window.removeEventListener('keydown', guard));
  afterEach(() => resetStrings());

  it('shows every button in order, with names, pressed states, shortcuts and tooltips', async () => {
    const { session } = joined();
    const el = await fixture<RtcControls>(html`<rtc-controls .session=${session}></rtc-controls>`);
    expect(shown(el)).to.deep.equal(ORDER);
    const bar = el.shadowRoot!.querySelector('[part~=bar]')!;
    expect(bar.getAttribute('role')).to.equal('group');
    expect(bar.getAttribute('aria-label')).to.equal('Call controls');
    const names = ORDER.map((name) => button(el, name).getAttribute('aria-label'));
    expect(names).to.deep.equal(
      withPip(
        ['Microphone', 'Camera', 'Share screen', 'Raise hand', 'Chat', 'Settings', 'Leave call'],
        'Picture in picture',
      ),
    );
    const pressed = ORDER.map((name) => button(el, name).getAttribute('aria-pressed'));
    expect(pressed).to.deep.equal(withPip(['true', 'true', 'false', 'false', 'false', 'false', null], 'false'));
    const shortcuts = ORDER.map((name) => button(el, name).getAttribute('aria-keyshortcuts'));
    expect(shortcuts).to.deep.equal(
      withPip(['Control+D', 'Control+E', 'Control+Alt+S', 'Control+Alt+H', 'Control+Alt+C', null, null], null),
    );
    const tips = ORDER.map((name) => button(el, name).querySelector('[part~=tooltip]')!.textContent);
    expect(tips).to.deep.equal(
      withPip(
        [
          'Microphone (Ctrl+D)',
          'Camera (Ctrl+E)',
          'Share screen (Ctrl+Alt+S)',
          'Raise hand (Ctrl+Alt+H)',
          'Chat (Ctrl+Alt+C)',
          'Settings',
          'Leave call',
        ],
        'Picture in picture',
      ),
    );
    expect(ORDER.some((name) => button(el, name).ariaDisabled === 'true')).to.equal(false);
    for (const state of ['muted', 'camera-off', 'sharing', 'hand-raised', 'unread']) {
      expect(el.matches(`:state(${state})`), state).to.equal(false);
    }
    await expect(el).to.be.accessible();
  });

  it('asks the session for each change and shows the state that results', async () => {
    const { session } = joined();
    const el = await fixture<RtcControls>(html`<rtc-controls .session=${session}></rtc-controls>`);
    const click = async (name: string) => {
      button(el, name).click();
      await tick();
      await el.updateComplete;
    };

    await click('microphone');
    expect(button(el, 'microphone').getAttribute('aria-pressed')).to.equal('false');
    expect(button(el, 'microphone').classList.contains('off')).to.equal(true);
    expect(el.matches(':state(muted)')).to.equal(true);
    await click('camera');
    expect(button(el, 'camera').getAttribute('aria-pressed')).to.equal('false');
    expect(el.matches(':state(camera-off)')).to.equal(true);
    await click('screen');
    expect(button(el, 'screen').getAttribute('aria-pressed')).to.equal('true');
    expect(el.matches(':state(sharing)')).to.equal(true);
    await click('hand');
    expect(button(el, 'hand').getAttribute('aria-pressed')).to.equal('true');
    expect(el.matches(':state(hand-raised)')).to.equal(true);
    // Muted, camera off, sharing and hand raised at once: still accessible.
    await expect(el).to.be.accessible();
    // The "off" colour differs from the resting one.
    expect(getComputedStyle(button(el, 'microphone')).backgroundColor).to.not.equal(
      getComputedStyle(button(el, 'settings')).backgroundColor,
    );

    await click('microphone');
    await click('camera');
    await click('screen');
    await click('hand');
    for (const state of ['muted', 'camera-off', 'sharing', 'hand-raised']) {
      expect(el.matches(`:state(${state})`), state).to.equal(false);
    }
    await click('leave');
    expect(session.calls).to.deep.equal([
      ['setMicrophoneEnabled', false],
      ['setCameraEnabled', false],
      ['startScreenShare'],
      ['setState', { hand: true }],
      ['setMicrophoneEnabled', true],
      ['setCameraEnabled', true],
      ['stopScreenShare'],
      ['setState', { hand: false }],
      ['leave'],
    ]);
  });

  it("follows your participant's state wherever it changes, and a participant that arrives on joining", async () => {
    const session = new StaticSession('connecting', []);
    const el = await fixture<RtcControls>(html`<rtc-controls .session=${session}></rtc-controls>`);
    // Not joined yet: the media buttons wait (but stay focusable), leave cancels joining.
    for (const name of ['microphone', 'camera', 'screen', 'hand']) {
      expect(button(el, name).ariaDisabled, name).to.equal('true');
    }
    expect(button(el, 'leave').ariaDisabled).to.equal(null);
    button(el, 'microphone').click();
    expect(session.calls).to.deep.equal([]);
    await expect(el).to.be.accessible();

    const me = staticParticipant('me', 'Ada', true, null, { state: { audio: false, video: true } });
    session.participants = [me];
    session.moveTo('connected');
    await el.updateComplete;
    expect(button(el, 'microphone').ariaDisabled).to.equal(null);
    expect(button(el, 'microphone').getAttribute('aria-pressed')).to.equal('false');
    expect(el.matches(':state(muted)')).to.equal(true);
    // Changed from elsewhere (another view of the room, the page's own code).
    await session.setMicrophoneEnabled(true);
    session.setState({ hand: true });
    await el.updateComplete;
    expect(button(el, 'microphone').getAttribute('aria-pressed')).to.equal('true');
    expect(el.matches(':state(hand-raised)')).to.equal(true);

    session.participants = [];
    session.moveTo('closed');
    await el.updateComplete;
    expect(button(el, 'leave').ariaDisabled).to.equal('true');
  });

  it('leaves the button as things are when the session could not do it, and throws nothing', async () => {
    class Refusing extends StaticSession {
      override async startScreenShare(): Promise<void> {
        this.calls.push(['startScreenShare']);
        const error = new RtcError('media-denied', 'Screen sharing was declined', { devices: ['screen'] });
        this.report(error);
        throw error;
      }
    }
    const { me, bo } = joined();
    const session = new Refusing('connected', [me, bo]);
    const el = await fixture<RtcControls>(html`<rtc-controls .session=${session}></rtc-controls>`);
    const unhandled: unknown[] = [];
    const onUnhandled = (event: PromiseRejectionEvent) => unhandled.push(event.reason);
    window.addEventListener('unhandledrejection', onUnhandled);
    try {
      let reported = oneEvent(session, 'error');
      button(el, 'screen').click();
      expect((await reported).detail.fatal).to.equal(false);
      await tick();
      await el.updateComplete;
      expect(button(el, 'screen').getAttribute('aria-pressed')).to.equal('false');
      expect(el.matches(':state(sharing)')).to.equal(false);
      // It can be tried again.
      reported = oneEvent(session, 'error');
      button(el, 'screen').click();
      await reported;
      await tick();
      expect(session.calls).to.deep.equal([['startScreenShare'], ['startScreenShare']]);
      expect(unhandled).to.deep.equal([]);
    } finally {
      window.removeEventListener('unhandledrejection', onUnhandled);
    }
  });

  it('toggles chat and settings, firing events on user input only', async () => {
    const el = await fixture<RtcControls>(html`<rtc-controls></rtc-controls>`);
    const events: string[] = [];
    el.addEventListener('rtc-chat-toggle', (e: RtcChatToggleEvent) => events.push(`chat ${e.open}`));
    el.addEventListener('rtc-settings-toggle', (e: RtcSettingsToggleEvent) => events.push(`settings ${e.open}`));
    const toggled = oneEvent(el, 'rtc-chat-toggle');
    button(el, 'chat').click();
    const event = await toggled;
    expect(event.bubbles && !event.composed).to.equal(true);
    await el.updateComplete;
    expect(el.chatOpen).to.equal(true);
    expect(el.hasAttribute('chat-open')).to.equal(true);
    expect(button(el, 'chat').getAttribute('aria-pressed')).to.equal('true');
    expect(button(el, 'chat').classList.contains('active')).to.equal(true);
    button(el, 'settings').click();
    await el.updateComplete;
    expect(el.settingsOpen).to.equal(true);
    expect(button(el, 'settings').getAttribute('aria-pressed')).to.equal('true');
    await expect(el).to.be.accessible();
    // Set by the page: no event.
    el.chatOpen = false;
    el.settingsOpen = false;
    await el.updateComplete;
    expect(button(el, 'chat').getAttribute('aria-pressed')).to.equal('false');
    expect(events).to.deep.equal(['chat true', 'settings true']);
    button(el, 'settings').click();
    expect(events).to.deep.equal(['chat true', 'settings true', 'settings true']);
  });

  it('counts chat messages that arrive while the chat is closed, and says so in the button name', async () => {
    const { session, me, bo } = joined();
    const el = await fixture<RtcControls>(html`<rtc-controls .session=${session}></rtc-controls>`);
    const chatButton = () => button(el, 'chat');
    session.receive(bo, chatMessage('hello'));
    await el.updateComplete;
    expect(el.unread).to.equal(1);
    expect(chatButton().getAttribute('aria-label')).to.equal('Chat, 1 unread message');
    expect(chatButton().querySelector('[part~=badge]')!.textContent).to.equal('1');
    expect(el.matches(':state(unread)')).to.equal(true);
    // Not chat, or not well formed: not counted; your own messages are not unread.
    session.receive(bo, { type: 'reaction', emoji: '👍' });
    session.receive(bo, { type: 'chat', text: 5, id: 'x', at: 1 });
    session.receive(bo, 'chat');
    session.receive(me, chatMessage('mine'));
    session.receive(bo, chatMessage('<b>two</b>'));
    session.receive(bo, chatMessage('three'));
    await el.updateComplete;
    expect(el.unread).to.equal(3);
    expect(chatButton().getAttribute('aria-label')).to.equal('Chat, 3 unread messages');
    expect(chatButton().querySelector('[part~=badge]')!.textContent).to.equal('3');
    await expect(el).to.be.accessible();

    // Opening the chat (by the button or by the page) reads them; while open nothing counts.
    chatButton().click();
    await el.updateComplete;
    expect(el.unread).to.equal(0);
    expect(chatButton().querySelector('[part~=badge]')).to.equal(null);
    expect(chatButton().getAttribute('aria-label')).to.equal('Chat');
    session.receive(bo, chatMessage('seen'));
    await el.updateComplete;
    expect(el.unread).to.equal(0);
    el.chatOpen = false;
    for (let i = 0; i < 120; i++) session.receive(bo, chatMessage(`n${i}`));
    await el.updateComplete;
    expect(chatButton().querySelector('[part~=badge]')!.textContent).to.equal('99+');
    expect(chatButton().getAttribute('aria-label')).to.equal('Chat, 120 unread messages');
    el.chatOpen = true;
    await el.updateComplete;
    expect(el.unread).to.equal(0);
    expect(el.matches(':state(unread)')).to.equal(false);
  });

  it('takes its strings from the strings table, in the language around it', async () => {
    setStrings('fr', {
      'controls.microphone': 'Micro',
      'controls.chat.unread': { one: 'Discussion, {count} non lu', other: 'Discussion, {count} non lus' },
      'controls.tooltip': '{label} · {shortcut}',
      'controls.key.control': 'Ctrl',
    });
    const { session, bo } = joined();
    await loadLocale('fr');
    const wrapper = await fixture<HTMLElement>(
      html`<div lang="fr"><rtc-controls .session=${session}></rtc-controls></div>`,
    );
    const el = wrapper.querySelector('rtc-controls')!;
    await el.updateComplete;
    expect(button(el, 'microphone').getAttribute('aria-label')).to.equal('Micro');
    expect(button(el, 'microphone').querySelector('[part~=tooltip]')!.textContent).to.equal('Micro · Ctrl+D');
    expect(button(el, 'camera').getAttribute('aria-label')).to.equal('Caméra');
    session.receive(bo, chatMessage('salut'));
    session.receive(bo, chatMessage('ça va'));
    await el.updateComplete;
    expect(button(el, 'chat').getAttribute('aria-label')).to.equal('Discussion, 2 non lus');
  });

  it('picture-in-picture: the button asks its host (rtc-picture-in-picture-toggle) and shows what the host set', async function () {
    if (!canPictureInPicture())
      skip(this, 'this browser has no picture-in-picture (neither Document Picture-in-Picture nor a video one)');
    const { session } = joined();
    const el = await fixture<RtcControls>(html`<rtc-controls .session=${session}></rtc-controls>`);
    const asked: boolean[] = [];
    el.addEventListener('rtc-picture-in-picture-toggle', (event) => asked.push(event.open));
    button(el, 'pip').click();
    await el.updateComplete;
    expect(button(el, 'pip').getAttribute('aria-pressed'), 'the host opens it, not the button').to.equal('false');
    el.pictureInPicture = true;
    await el.updateComplete;
    expect(button(el, 'pip').getAttribute('aria-pressed')).to.equal('true');
    button(el, 'pip').click();
    expect(asked).to.deep.equal([true, false]);
    expect(session.calls).to.deep.equal([]);
  });

  it('leaves out the buttons named in hide, and their shortcuts', async () => {
    const { session } = joined();
    const el = await fixture<RtcControls>(
      html`<rtc-controls .session=${session} hide="screen  Settings PIP leave"></rtc-controls>`,
    );
    expect(shown(el)).to.deep.equal(['microphone', 'camera', 'hand', 'chat']);
    el.hide = 'microphone';
    await el.updateComplete;
    expect(shown(el)).to.deep.equal(withPip(['camera', 'screen', 'hand', 'chat', 'settings', 'leave'], 'pip'));
    await press('d', 'Control');
    expect(session.calls).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('hides screen share where the browser cannot share a screen (no getDisplayMedia)', async () => {
    const { session } = joined();
    const devices = navigator.mediaDevices;
    // What a phone browser has: a MediaDevices without getDisplayMedia.
    Object.defineProperty(devices, 'getDisplayMedia', { value: undefined, configurable: true });
    try {
      const el = await fixture<RtcControls>(html`<rtc-controls .session=${session}></rtc-controls>`);
      expect(shown(el)).to.deep.equal(withPip(['microphone', 'camera', 'hand', 'chat', 'settings', 'leave'], 'pip'));
      await press('s', 'Control', 'Alt');
      expect(session.calls).to.deep.equal([]);
    } finally {
      delete (devices as { getDisplayMedia?: unknown }).getDisplayMedia;
    }
    expect(typeof navigator.mediaDevices.getDisplayMedia).to.equal('function');
  });

  it('runs every toggle from its keyboard shortcut', async () => {
    const { session } = joined();
    const el = await fixture<RtcControls>(html`<rtc-controls .session=${session}></rtc-controls>`);
    const chatEvent = oneEvent<RtcChatToggleEvent>(el, 'rtc-chat-toggle');
    await press('d', 'Control');
    await press('e', 'Control');
    await press('s', 'Control', 'Alt');
    await press('h', 'Control', 'Alt');
    await press('c', 'Control', 'Alt');
    expect((await chatEvent).open).to.equal(true);
    await el.updateComplete;
    expect(el.chatOpen).to.equal(true);
    // Not shortcuts: another modifier, or none.
    await press('d', 'Control', 'Shift');
    await press('d', 'Alt');
    await press('d');
    expect(session.calls).to.deep.equal([
      ['setMicrophoneEnabled', false],
      ['setCameraEnabled', false],
      ['startScreenShare'],
      ['setState', { hand: true }],
    ]);
    await el.updateComplete;
    expect(el.matches(':state(muted)') && el.matches(':state(camera-off)')).to.equal(true);
  });

  it('ignores shortcuts while you type in a field (in shadow roots too), when turned off, and once removed', async () => {
    const { session } = joined();
    const wrapper = await fixture<HTMLElement>(html`<div>
      <input aria-label="Name" />
      <textarea aria-label="Message"></textarea>
      <select aria-label="Pick"><option>One</option></select>
      <div contenteditable="true" aria-label="Notes" role="textbox"></div>
      <span id="host"></span>
      <input type="checkbox" aria-label="Agree" />
      <rtc-controls .session=${session}></rtc-controls>
    </div>`);
    const el = wrapper.querySelector('rtc-controls')!;
    const inShadow = document.createElement('textarea');
    inShadow.setAttribute('aria-label', 'In a shadow root');
    wrapper.querySelector('#host')!.attachShadow({ mode: 'open' }).append(inShadow);
    const fields: HTMLElement[] = [
      wrapper.querySelector('input')!,
      wrapper.querySelector('textarea')!,
      wrapper.querySelector('select')!,
      wrapper.querySelector<HTMLElement>('[contenteditable]')!,
      inShadow,
    ];
    for (const field of fields) {
      field.focus();
      await sendKeys({ type: 'd' });
      await press('d', 'Control');
      await press('h', 'Control', 'Alt');
    }
    expect(session.calls).to.deep.equal([]);
    expect(wrapper.querySelector('input')!.value).to.equal('d');

    // A checkbox is not typing: the shortcut works there.
    wrapper.querySelector<HTMLInputElement>('input[type=checkbox]')!.focus();
    await press('d', 'Control');
    expect(session.calls).to.deep.equal([['setMicrophoneEnabled', false]]);

    el.noShortcuts = true;
    await el.updateComplete;
    expect(button(el, 'microphone').hasAttribute('aria-keyshortcuts')).to.equal(false);
    expect(button(el, 'microphone').querySelector('[part~=tooltip]')!.textContent).to.equal('Microphone');
    await press('e', 'Control');
    el.noShortcuts = false;
    el.remove();
    await press('e', 'Control');
    expect(session.calls).to.deep.equal([['setMicrophoneEnabled', false]]);
  });

  it('lets the first controls in the page handle a shortcut, once', async () => {
    const first = joined();
    const second = joined();
    await fixture<HTMLElement>(html`<div>
      <rtc-controls .session=${first.session}></rtc-controls>
      <rtc-controls .session=${second.session}></rtc-controls>
    </div>`);
    await press('d', 'Control');
    expect(first.session.calls).to.deep.equal([['setMicrophoneEnabled', false]]);
    expect(second.session.calls).to.deep.equal([]);
  });

  it('is operated by keyboard alone: Tab order left to right, visible focus, tooltip on focus, Escape hides it', async () => {
    const { session } = joined();
    const wrapper = await fixture<HTMLElement>(
      html`<div><button id="before">Before</button><rtc-controls .session=${session}></rtc-controls></div>`,
    );
    const el = wrapper.querySelector('rtc-controls')!;
    wrapper.querySelector<HTMLButtonElement>('#before')!.focus();
    const order: string[] = [];
    for (let i = 0; i < ORDER.length; i++) {
      await press('Tab');
      order.push((el.shadowRoot!.activeElement as HTMLElement | null)?.dataset.button ?? 'none');
    }
    expect(order).to.deep.equal(ORDER);
    // Back to the microphone: focus shows, and so does its tooltip.
    for (let i = 0; i < ORDER.length - 1; i++) await press('Tab', 'Shift');
    const mic = button(el, 'microphone');
    expect(el.shadowRoot!.activeElement).to.equal(mic);
    expect(getComputedStyle(mic).outlineStyle).to.equal('solid');
    const tip = mic.querySelector('[part~=tooltip]')!;
    expect(getComputedStyle(tip).visibility).to.equal('visible');
    await press('Escape');
    await el.updateComplete;
    expect(getComputedStyle(tip).visibility).to.equal('hidden');
    await press('Enter');
    await press('Tab');
    await press(' ');
    await el.updateComplete;
    // Focus moved: tooltips are back.
    expect(getComputedStyle(button(el, 'camera').querySelector('[part~=tooltip]')!).visibility).to.equal('visible');
    expect(session.calls).to.deep.equal([
      ['setMicrophoneEnabled', false],
      ['setCameraEnabled', false],
    ]);
  });

  it('mirrors in right-to-left pages', async () => {
    const { session } = joined();
    const wrapper = await fixture<HTMLElement>(
      html`<div dir="rtl" style="inline-size: 640px"><rtc-controls .session=${session}></rtc-controls></div>`,
    );
    const el = wrapper.querySelector('rtc-controls')!;
    const x = (name: string) => button(el, name).getBoundingClientRect().left;
    expect(x('microphone')).to.be.greaterThan(x('camera'));
    expect(x('camera')).to.be.greaterThan(x('leave'));
    await expect(el).to.be.accessible();
  });
});

describeWithWebRTC('<rtc-controls> in a real call', () => {
  let container: HTMLElement | null = null;

  afterEach(() => {
    // Removing the rooms leaves the call and releases the cameras and connections.
    container?.remove();
    container = null;
  });

  it("mutes and raises a hand through the server: the other side's participant and tile show it; chat from there counts as unread", async () => {
    container = document.createElement('div');
    document.body.append(container);
    const name = uniqueRoom('controls');
    const ada = await addRoom(container, name, 'Ada');
    const bo = await addRoom(container, name, 'Bo');
    bo.id = `bo-${name}`;
    // Ada's controls sit in her room (context); Bo's are elsewhere in the page (for=).
    const adaControls = document.createElement('rtc-controls');
    ada.append(adaControls);
    const boControls = document.createElement('rtc-controls');
    boControls.for = bo.id;
    boControls.noShortcuts = true;
    container.append(boControls);
    await eventually(
      () =>
        [ada, bo].every((r) => [...(r.session?.remote.values() ?? [])].some((p) => p.connectionState === 'connected')),
      'the two rooms did not connect',
    );
    await eventually(
      () => adaControls.session === ada.session && boControls.session === bo.session,
      'no session found',
    );
    await Promise.all([adaControls.updateComplete, boControls.updateComplete]);
    const adaAtBo = [...bo.session!.remote.values()][0]!;
    const boAtAda = [...ada.session!.remote.values()][0]!;
    const tileOf = (room: RtcRoom, participant: Participant) =>
      tiles(room).find((t) => (t as RtcParticipant).participant === participant)!;
    expect(adaAtBo.state.audio).to.equal(true);

    button(adaControls, 'microphone').click();
    await until(adaAtBo, () => adaAtBo.state.audio === false, 'Bo does not see Ada muted');
    await eventually(() => tileOf(bo, adaAtBo)?.matches(':state(muted)'), "Ada's tile at Bo does not show muted");
    await adaControls.updateComplete;
    expect(button(adaControls, 'microphone').getAttribute('aria-pressed')).to.equal('false');
    expect(adaControls.matches(':state(muted)')).to.equal(true);

    button(boControls, 'hand').click();
    await until(boAtAda, () => boAtAda.state.hand === true, 'Ada does not see Bo raise a hand');
    await eventually(() => tileOf(ada, boAtAda)?.matches(':state(hand-raised)'), "Bo's tile at Ada shows no hand");
    await boControls.updateComplete;
    expect(button(boControls, 'hand').getAttribute('aria-pressed')).to.equal('true');

    // A chat message from Bo, over the data channel: Ada's closed chat counts it.
    bo.session!.send({ type: 'chat', text: 'Can you hear me?', id: 'm-1', at: Date.now() });
    await eventually(() => adaControls.unread === 1, 'the chat message did not count as unread');
    await adaControls.updateComplete;
    expect(button(adaControls, 'chat').getAttribute('aria-label')).to.equal('Chat, 1 unread message');

    // Unmute by shortcut, as a person would.
    await press('d', 'Control');
    await until(adaAtBo, () => adaAtBo.state.audio === true, 'Bo does not see Ada unmuted');
    await expect(adaControls).to.be.accessible();

    button(boControls, 'leave').click();
    await eventually(() => bo.state === 'closed', 'Bo did not leave');
    await eventually(() => ada.session!.remote.size === 0, 'Ada still sees Bo');
  });
});

/** Resolves once `check` holds, following `participant`'s `state` events (a generous deadline). */
function until(participant: Participant, check: () => boolean, message: string): Promise<unknown> {
  return check()
    ? Promise.resolve()
    : nextEvent(participant, 'state', check, 30_000).catch(() => {
        throw new Error(message);
      });
}
