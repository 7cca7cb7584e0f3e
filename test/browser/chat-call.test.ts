/**
 * `<rtc-chat>` in a real call: two `<rtc-room>`s in one page through the real signaling server,
 * one chat inside its room (found through the room's context), the other beside its room (found
 * through `for`). Messages are typed with real key presses and ride on the peer connections'
 * data channels.
 */
import { expect } from '@open-wc/testing';
import '../../src/components/chat/rtc-chat.js';
import '../../src/components/room/rtc-room.js';
import type { RtcChat } from '../../src/components/chat/chat.js';
import type { RtcRoom } from '../../src/components/room/room.js';
import type { RtcUnreadChangeEvent } from '../../src/events/rtc-unread-change.js';
import { eventually, nextEvent, uniqueRoom } from './helpers.js';
import { pressKey, typeKeys } from './keys.js';
import { describeWithWebRTC } from './webrtc.js';

/**
 * A room element joined without camera or microphone (chat needs neither), and a chat that finds
 * it: inside it (through the room's context), or beside it (through `for`).
 */
async function member(container: HTMLElement, room: string, name: string, { open = false, inside = true } = {}) {
  const element = document.createElement('rtc-room') as RtcRoom;
  element.id = `room-${name}`;
  element.room = room;
  element.name = name;
  element.media = false;
  const chat = document.createElement('rtc-chat') as RtcChat;
  chat.open = open;
  if (inside) element.append(chat);
  else chat.setAttribute('for', element.id);
  const joined = nextEvent(element, 'rtc-joined');
  container.append(element);
  if (!inside) container.append(chat);
  await joined;
  return { element, chat };
}

const bubbles = (chat: RtcChat) => [...chat.shadowRoot!.querySelectorAll('[part~=message]')].map((p) => p.textContent);
const names = (chat: RtcChat) => [...chat.shadowRoot!.querySelectorAll('[part=name]')].map((p) => p.textContent);

/** Types `text` into `chat` key by key, then presses Enter. */
async function type(chat: RtcChat, text: string) {
  chat.focus();
  await typeKeys(text);
  await pressKey('Enter');
}

/** Resolves once every room element has a connected remote participant. */
function connected(elements: RtcRoom[]) {
  return eventually(
    () =>
      elements.every((element) =>
        [...(element.session?.remote.values() ?? [])].some((p) => p.connectionState === 'connected'),
      ),
    'the rooms did not connect',
  );
}

describeWithWebRTC('<rtc-chat> in a real call', () => {
  let container: HTMLElement;

  beforeEach(() => {
    container = document.createElement('div');
    document.body.append(container);
  });

  afterEach(() => container.remove());

  it('a message typed in one chat reaches the other as text, one written as HTML included', async () => {
    const room = uniqueRoom('chat');
    const ada = await member(container, room, 'Ada', { open: true });
    const bo = await member(container, room, 'Bo', { inside: false });
    await connected([ada.element, bo.element]);
    expect(ada.chat.session).to.equal(ada.element.session);
    expect(bo.chat.session).to.equal(bo.element.session);
    await eventually(() => ada.chat.matches(':state(joined)'), 'the chat is not enabled');

    const html = '<img src=x onerror="window.__chatCallPwned = 1"><b>bold</b> & co';
    const unread = nextEvent<RtcUnreadChangeEvent>(bo.chat, 'rtc-unread-change');
    await type(ada.chat, html);
    expect((await unread).unread).to.equal(1);
    await bo.chat.updateComplete;
    expect(bubbles(bo.chat)).to.deep.equal([html]);
    expect(names(bo.chat)).to.deep.equal(['Ada']);
    expect(bo.chat.shadowRoot!.querySelectorAll('img, b').length).to.equal(0);
    expect(bubbles(ada.chat)).to.deep.equal([html]);
    expect(names(ada.chat)).to.deep.equal(['You']);

    await type(bo.chat, 'Hello Ada, see https://example.org');
    await eventually(() => ada.chat.messages.length === 2, 'the reply did not arrive');
    await ada.chat.updateComplete;
    expect(bubbles(ada.chat)).to.deep.equal([html, 'Hello Ada, see https://example.org']);
    expect(names(ada.chat)).to.deep.equal(['You', 'Bo']);
    expect(ada.chat.shadowRoot!.querySelector<HTMLAnchorElement>('[part=link]')!.href).to.equal('https://example.org/');
    expect([ada.chat.unread, bo.chat.unread]).to.deep.equal([0, 1]);
    expect((window as { __chatCallPwned?: number }).__chatCallPwned).to.equal(undefined);
    await expect(bo.chat).to.be.accessible();
  });

  it("<rtc-room>'s own chat, opened after messages came, shows them; closed and opened again, it still does", async () => {
    const room = uniqueRoom('chat-late');
    const ada = document.createElement('rtc-room') as RtcRoom;
    Object.assign(ada, { room, name: 'Ada', media: false });
    const joined = nextEvent(ada, 'rtc-joined');
    container.append(ada);
    await joined;
    const bo = await member(container, room, 'Bo', { inside: false });
    await connected([ada, bo.element]);
    await eventually(() => bo.chat.matches(':state(joined)'), "Bo's chat is not enabled");
    const controls = ada.shadowRoot!.querySelector('rtc-controls')!;
    const chatButton = () => controls.shadowRoot!.querySelector<HTMLButtonElement>('[data-button=chat]')!;
    const panelChat = () => ada.shadowRoot!.querySelector<RtcChat>('rtc-chat[part=chat]');
    // Closed: no chat in the room, hidden or not; the session's chat log keeps the messages.
    expect(panelChat()).to.equal(null);
    await type(bo.chat, 'Before you opened');
    await type(bo.chat, 'Still closed');
    await eventually(() => controls.unread === 2, "Ada's control bar did not count Bo's two messages");
    expect(panelChat()).to.equal(null);

    chatButton().click();
    await ada.updateComplete;
    await panelChat()!.updateComplete;
    expect(bubbles(panelChat()!)).to.deep.equal(['Before you opened', 'Still closed']);
    expect(names(panelChat()!)).to.deep.equal(['Bo']);
    expect([controls.unread, panelChat()!.unread]).to.deep.equal([0, 0]);

    chatButton().click();
    await ada.updateComplete;
    expect(panelChat()).to.equal(null);
    await type(bo.chat, 'While it was closed');
    await eventually(() => controls.unread === 1, "Ada's control bar did not count the message that came while closed");
    chatButton().click();
    await ada.updateComplete;
    await panelChat()!.updateComplete;
    expect(bubbles(panelChat()!)).to.deep.equal(['Before you opened', 'Still closed', 'While it was closed']);
    expect(controls.unread).to.equal(0);
  });
});
