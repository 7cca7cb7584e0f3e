import { expect, fixture, html } from '@open-wc/testing';
import { eventually, nextEvent } from '../../../test/browser/helpers.js';
import { pressKey, shiftEnter, typeKeys } from '../../../test/browser/keys.js';
import { StaticSession, staticParticipant } from '../../../test/browser/static-session.js';
import { RtcError } from '../../core/errors.js';
import type { RtcUnreadChangeEvent } from '../../events/rtc-unread-change.js';
import { loadLocale, resetStrings, setStrings } from '../../i18n/localize.js';
import { MAX_CHAT_HISTORY } from '../../core/chat-log.js';
import { chatMessage, chatText, isChatMessage, MAX_CHAT_BYTES, utf8Length } from '../../core/chat-message.js';
import { linkPieces } from './links.js';
import './rtc-chat.js';
import type { RtcChat } from './chat.js';

const ada = () => staticParticipant('ada', 'Ada', true, null);
const bo = staticParticipant('bo', 'Bo', false, null);
const cy = staticParticipant('cy', 'Cy', false, null);

const $ = <E extends Element = HTMLElement>(chat: RtcChat, selector: string) =>
  chat.shadowRoot!.querySelector<E>(selector);
const $$ = (chat: RtcChat, selector: string) => [...chat.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
const field = (chat: RtcChat) => $<HTMLTextAreaElement>(chat, 'textarea')!;
const sendButton = (chat: RtcChat) => $<HTMLButtonElement>(chat, '[part=send]')!;
const bubbles = (chat: RtcChat) => $$(chat, '[part~=message]').map((p) => p.textContent);
const sends = (session: StaticSession) => session.calls.filter(([name]) => name === 'send');

/** Puts `text` in the field as one input (typing 4 KB key by key would take minutes). */
async function fill(chat: RtcChat, text: string) {
  const input = field(chat);
  input.value = text;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  await chat.updateComplete;
}

async function chatWith(session: StaticSession, attributes = ''): Promise<RtcChat> {
  const chat = await fixture<RtcChat>(html`<rtc-chat .session=${session}></rtc-chat>`);
  if (attributes) chat.setAttribute('style', attributes);
  await chat.updateComplete;
  return chat;
}

/** A message from `from`, as a room reports one, and the chat rendered after it. */
async function receive(chat: RtcChat, session: StaticSession, from = bo, text = 'Hi') {
  session.receive(from, chatMessage(text));
  await chat.updateComplete;
}

describe('<rtc-chat>', () => {
  afterEach(() => resetStrings());

  it('sends what is typed on Enter, as a chat message, and shows it as yours; Shift+Enter starts a line', async () => {
    const session = new StaticSession('connected', [ada(), bo]);
    const chat = await chatWith(session);
    expect(chat.matches(':state(empty)')).to.equal(true);
    expect($(chat, '[part=empty]')!.textContent).to.contain('No messages yet');
    await expect(chat).to.be.accessible();
    chat.focus();
    expect(chat.shadowRoot!.activeElement).to.equal(field(chat));
    await typeKeys('Hello');
    await shiftEnter();
    await typeKeys('there ');
    expect(sends(session)).to.have.length(0);
    await pressKey('Enter');
    await chat.updateComplete;
    const [[, data, options]] = sends(session) as [[string, Record<string, unknown>, unknown]];
    expect(options).to.equal(undefined);
    expect(Object.keys(data).sort()).to.deep.equal(['at', 'id', 'text', 'type']);
    expect(data.type).to.equal('chat');
    expect(data.text).to.equal('Hello\nthere');
    expect(data.id).to.match(/^[0-9a-f]{24}$/);
    expect(Math.abs(Date.now() - (data.at as number))).to.be.below(60_000);
    expect(isChatMessage(data)).to.equal(true);
    expect(field(chat).value).to.equal('');
    expect(bubbles(chat)).to.deep.equal(['Hello\nthere']);
    const group = $(chat, '[part~=group]')!;
    expect(group.getAttribute('part')).to.equal('group own-group');
    expect($(chat, '[part=name]')!.textContent).to.equal('You');
    expect(chat.messages.map((m) => [m.from, m.local, m.text])).to.deep.equal([['ada', true, 'Hello\nthere']]);
    // Enter on an empty field sends nothing; the Send button sends too.
    await pressKey('Enter');
    expect(sends(session)).to.have.length(1);
    await fill(chat, '  second  ');
    sendButton(chat).click();
    await chat.updateComplete;
    expect((sends(session)[1]![1] as { text: string }).text).to.equal('second');
    expect(bubbles(chat)).to.deep.equal(['Hello\nthere', 'second']);
    // Typed and sent within one task (a paste and Enter, a script): the field is still cleared.
    field(chat).value = 'third';
    field(chat).dispatchEvent(new InputEvent('input'));
    $<HTMLFormElement>(chat, 'form')!.requestSubmit();
    await chat.updateComplete;
    expect([field(chat).value, bubbles(chat).at(-1)]).to.deep.equal(['', 'third']);
    await expect(chat).to.be.accessible();
  });

  it('enforces the 4 KB limit: shows what is left, refuses more, and counts UTF-8 bytes', async () => {
    const session = new StaticSession('connected', [ada(), bo]);
    const chat = await chatWith(session);
    await fill(chat, 'a'.repeat(3000));
    expect($(chat, '[part=counter]')).to.equal(null);
    await fill(chat, 'a'.repeat(MAX_CHAT_BYTES - 10));
    expect($(chat, '[part=counter]')!.textContent).to.equal('10 bytes left');
    await fill(chat, 'a'.repeat(MAX_CHAT_BYTES - 1));
    expect($(chat, '[part=counter]')!.textContent).to.equal('1 byte left');
    // 1024 emoji are exactly 4096 bytes: allowed. One more "é" (2 bytes) is too much.
    await fill(chat, '😀'.repeat(1024));
    expect(sendButton(chat).disabled).to.equal(false);
    await fill(chat, `${'😀'.repeat(1024)}é`);
    expect(chat.matches(':state(too-long)')).to.equal(true);
    expect($(chat, '[part=counter]')!.textContent).to.equal('Too long by 2 bytes: a message holds at most 4 KB.');
    expect(field(chat).getAttribute('aria-invalid')).to.equal('true');
    expect(field(chat).getAttribute('aria-describedby')).to.contain('counter');
    expect(sendButton(chat).disabled).to.equal(true);
    field(chat).focus();
    await pressKey('Enter');
    $<HTMLFormElement>(chat, 'form')!.requestSubmit();
    await chat.updateComplete;
    expect(sends(session)).to.have.length(0);
    expect(field(chat).value).to.equal(`${'😀'.repeat(1024)}é`);
    await expect(chat).to.be.accessible();
    await pressKey('Backspace');
    await pressKey('Enter');
    await chat.updateComplete;
    expect(sends(session)).to.have.length(1);
    expect(utf8Length((sends(session)[0]![1] as { text: string }).text)).to.equal(MAX_CHAT_BYTES);
    expect(() => chatMessage('x'.repeat(MAX_CHAT_BYTES + 1))).to.throw(RangeError);
    expect(() => chatMessage(' \n\t ')).to.throw(RangeError);
  });

  it('renders names and messages as text, never as HTML, and links web addresses safely', async () => {
    const session = new StaticSession('connected', [ada(), bo]);
    const chat = await chatWith(session);
    const mallory = staticParticipant('m', '<b onmouseover="alert(1)">Mallory</b>', false, null);
    const attack = '<img src=x onerror="window.__chatPwned = true"><script>window.__chatPwned = true</script>';
    await receive(chat, session, mallory, attack);
    await receive(chat, session, bo, 'see https://example.org/a_(b)?q=1. and javascript:alert(1) or http://x');
    expect(bubbles(chat)[0]).to.equal(attack);
    expect($(chat, '[part=name]')!.textContent).to.equal('<b onmouseover="alert(1)">Mallory</b>');
    expect(chat.shadowRoot!.querySelectorAll('img, script, b').length).to.equal(0);
    const links = $$(chat, '[part=link]') as HTMLAnchorElement[];
    expect(links.map((a) => [a.textContent, a.href, a.target, a.rel])).to.deep.equal([
      ['https://example.org/a_(b)?q=1', 'https://example.org/a_(b)?q=1', '_blank', 'noopener noreferrer'],
      ['http://x', 'http://x/', '_blank', 'noopener noreferrer'],
    ]);
    expect(bubbles(chat)[1]).to.equal('see https://example.org/a_(b)?q=1. and javascript:alert(1) or http://x');
    // Give an injected handler every chance to run: a frame later, nothing ran.
    await new Promise((resolve) => requestAnimationFrame(resolve));
    expect((window as { __chatPwned?: boolean }).__chatPwned).to.equal(undefined);
    expect(linkPieces('(see https://a.example/x), "https://b.example/y"!')).to.deep.equal([
      { text: '(see ' },
      { text: 'https://a.example/x', href: 'https://a.example/x' },
      { text: '), "' },
      { text: 'https://b.example/y', href: 'https://b.example/y' },
      { text: '"!' },
    ]);
    expect(linkPieces('xhttps://a.example https://')).to.deep.equal([{ text: 'xhttps://a.example https://' }]);
    await expect(chat).to.be.accessible();
  });

  it('ignores anything that is not a valid chat message', async () => {
    const session = new StaticSession('connected', [ada(), bo]);
    const chat = await chatWith(session);
    let events = 0;
    chat.addEventListener('rtc-unread-change', () => events++);
    const good = { type: 'chat', text: 'ok', id: 'id-1', at: 1 };
    const bad: unknown[] = [
      null,
      undefined,
      'chat',
      42,
      [good],
      { ...good, type: 'other' },
      { ...good, text: '' },
      { ...good, text: ' \n\t ' },
      { ...good, text: 7 },
      { ...good, text: 'x'.repeat(MAX_CHAT_BYTES + 1) },
      { ...good, text: 'é'.repeat(MAX_CHAT_BYTES / 2 + 1) },
      { ...good, text: 'bell\u0007' },
      { ...good, text: 'nul\u0000' },
      { ...good, id: '' },
      { ...good, id: 'x'.repeat(65) },
      { ...good, id: 3 },
      { ...good, at: Number.NaN },
      { ...good, at: Number.POSITIVE_INFINITY },
      { ...good, at: '1' },
      { text: 'ok', id: 'id-1', at: 1 },
    ];
    for (const data of bad) {
      expect(isChatMessage(data), JSON.stringify(data)).to.equal(false);
      session.receive(bo, data);
    }
    await chat.updateComplete;
    expect(chat.messages).to.have.length(0);
    expect(chat.matches(':state(empty)')).to.equal(true);
    expect([chat.unread, events]).to.deep.equal([0, 0]);
    for (const data of [
      good,
      { ...good, text: `  ${'x'.repeat(MAX_CHAT_BYTES)}\n`, extra: true },
      { ...good, text: 'tab\tline\n' },
    ])
      expect(isChatMessage(data), JSON.stringify(data).slice(0, 40)).to.equal(true);
    session.receive(bo, { ...good, text: '  padded\n' });
    await chat.updateComplete;
    expect(bubbles(chat)).to.deep.equal(['padded']);
    expect(chatText('a\r\nb\u0000c\u001b  ')).to.equal('a\nbc');
  });

  it('counts unread messages from others while not open, with rtc-unread-change', async () => {
    const session = new StaticSession('connected', [ada(), bo]);
    const chat = await chatWith(session);
    expect([chat.open, chat.unread]).to.deep.equal([false, 0]);
    let changed = nextEvent<RtcUnreadChangeEvent>(chat, 'rtc-unread-change');
    await receive(chat, session);
    expect((await changed).unread).to.equal(1);
    await receive(chat, session, cy);
    expect(chat.unread).to.equal(2);
    expect(chat.matches(':state(unread)')).to.equal(true);
    // Your own messages are never unread.
    await fill(chat, 'mine');
    sendButton(chat).click();
    await chat.updateComplete;
    expect(chat.unread).to.equal(2);
    changed = nextEvent<RtcUnreadChangeEvent>(chat, 'rtc-unread-change');
    chat.open = true;
    await chat.updateComplete;
    expect((await changed).unread).to.equal(0);
    expect(chat.matches(':state(unread)')).to.equal(false);
    let events = 0;
    chat.addEventListener('rtc-unread-change', () => events++);
    await receive(chat, session);
    expect([chat.unread, events]).to.deep.equal([0, 0]);
    chat.open = false;
    await receive(chat, session);
    expect([chat.unread, events]).to.deep.equal([1, 1]);
  });

  it(`keeps the newest ${MAX_CHAT_HISTORY} messages, grouped by sender, with time stamps in the element's language`, async () => {
    const session = new StaticSession('connected', [ada(), bo, cy]);
    await loadLocale('de');
    const wrapper = await fixture<HTMLElement>(html`<div lang="de"><rtc-chat .session=${session}></rtc-chat></div>`);
    const chat = wrapper.querySelector('rtc-chat')!;
    await receive(chat, session, bo, 'one');
    await receive(chat, session, bo, 'two');
    await receive(chat, session, cy, 'three');
    await fill(chat, 'four');
    sendButton(chat).click();
    await chat.updateComplete;
    const groups = $$(chat, '[part~=group]');
    expect(groups.map((g) => g.querySelector('[part=name]')!.textContent)).to.deep.equal(['Bo', 'Cy', 'Sie']);
    expect(groups.map((g) => g.querySelectorAll('[part~=message]').length)).to.deep.equal([2, 1, 1]);
    const time = groups[0]!.querySelector('time')!;
    const received = chat.messages[0]!.received;
    expect(time.textContent).to.equal(
      new Intl.DateTimeFormat('de', { hour: 'numeric', minute: '2-digit' }).format(received),
    );
    expect(new Date(time.dateTime).getTime()).to.equal(received);
    for (let i = 0; i < MAX_CHAT_HISTORY + 10; i++) session.receive(i % 2 ? bo : cy, chatMessage(`m${i}`));
    await chat.updateComplete;
    expect(chat.messages).to.have.length(MAX_CHAT_HISTORY);
    expect(chat.messages[0]!.text).to.equal('m10');
    expect(chat.messages.at(-1)!.text).to.equal(`m${MAX_CHAT_HISTORY + 9}`);
    expect($$(chat, '[part~=message]')).to.have.length(MAX_CHAT_HISTORY);
  });

  it('is disabled with a hint until joined, and starts again with a new session', async () => {
    const session = new StaticSession('connecting', [ada(), bo]);
    const chat = await chatWith(session);
    await fill(chat, 'early');
    expect(sendButton(chat).disabled).to.equal(true);
    expect($(chat, '[part=hint]')!.textContent).to.equal('You can send messages once you have joined the call.');
    expect(field(chat).getAttribute('aria-describedby')).to.contain('hint');
    expect(chat.matches(':state(joined)')).to.equal(false);
    field(chat).focus();
    await pressKey('Enter');
    expect(sends(session)).to.have.length(0);
    await expect(chat).to.be.accessible();
    session.moveTo('connected');
    await chat.updateComplete;
    expect(sendButton(chat).disabled).to.equal(false);
    expect($(chat, '[part=hint]')).to.equal(null);
    expect(chat.matches(':state(joined)')).to.equal(true);
    await receive(chat, session);
    expect([chat.messages.length, chat.unread]).to.deep.equal([1, 1]);
    const reset = nextEvent<RtcUnreadChangeEvent>(chat, 'rtc-unread-change');
    const next = new StaticSession('connected', [ada(), cy]);
    chat.session = next;
    expect((await reset).unread).to.equal(0);
    await chat.updateComplete;
    expect(chat.messages).to.have.length(0);
    expect(chat.matches(':state(empty)')).to.equal(true);
    // The old session is no longer followed; the new one is.
    await receive(chat, session, bo, 'old');
    await receive(chat, next, cy, 'new');
    expect(bubbles(chat)).to.deep.equal(['new']);
    // Out of the page and back, the same session keeps its history.
    const parent = chat.parentElement!;
    chat.remove();
    parent.append(chat);
    await chat.updateComplete;
    await receive(chat, next, cy, 'again');
    expect(bubbles(chat)).to.deep.equal(['new', 'again']);
  });

  it('says so when a message cannot be sent, and keeps the text', async () => {
    class Refusing extends StaticSession {
      override send(): void {
        throw new RtcError('too-large', 'no');
      }
    }
    const session = new Refusing('connected', [ada(), bo]);
    const chat = await chatWith(session);
    await fill(chat, 'kept');
    sendButton(chat).click();
    await chat.updateComplete;
    expect($(chat, '[part=error]')!.textContent).to.equal('The message could not be sent. Try again.');
    expect(field(chat).value).to.equal('kept');
    expect(chat.messages).to.have.length(0);
    await expect(chat).to.be.accessible();
    await fill(chat, 'kept!');
    expect($(chat, '[part=error]')).to.equal(null);
  });

  it('follows the newest messages unless you scrolled up, then offers a "new messages" button', async () => {
    const session = new StaticSession('connected', [ada(), bo]);
    const chat = await chatWith(session, 'height: 260px');
    const list = $(chat, '[part=messages]')!;
    const atEnd = () => list.scrollHeight - list.scrollTop - list.clientHeight < 2;
    for (let i = 0; i < 30; i++) await receive(chat, session, i % 3 ? bo : cy, `message ${i}`);
    expect(list.scrollHeight).to.be.above(list.clientHeight * 2);
    expect(atEnd()).to.equal(true);
    const scrolled = nextEvent(list, 'scroll');
    list.scrollTop = 0;
    await scrolled;
    await receive(chat, session, bo, 'while away');
    await receive(chat, session, bo, 'and more');
    expect(list.scrollTop).to.equal(0);
    const pill = $<HTMLButtonElement>(chat, '[part=new-messages]')!;
    expect(pill.textContent).to.equal('2 new messages');
    await expect(chat).to.be.accessible();
    pill.click();
    await chat.updateComplete;
    expect(atEnd()).to.equal(true);
    expect($(chat, '[part=new-messages]')).to.equal(null);
    // Your own message always brings you to the end.
    list.scrollTop = 0;
    await nextEvent(list, 'scroll');
    await fill(chat, 'mine');
    sendButton(chat).click();
    await chat.updateComplete;
    expect(atEnd()).to.equal(true);
  });

  it('announces messages from others (not yours) politely, and follows the strings table and the language', async () => {
    setStrings('fr', {
      'chat.new-messages': { one: '{count} nouveau message', other: '{count} nouveaux messages' },
      'chat.announce': '{name} : {text}',
      'chat.send': 'Envoyer',
    });
    const session = new StaticSession('connected', [ada(), bo]);
    const wrapper = await fixture<HTMLElement>(html`<div lang="fr"><rtc-chat .session=${session}></rtc-chat></div>`);
    const chat = wrapper.querySelector('rtc-chat')!;
    await chat.updateComplete;
    const live = $(chat, '[aria-live=polite]')!;
    expect(live.getAttribute('role')).to.equal('log');
    await receive(chat, session, bo, 'Salut');
    await fill(chat, 'mine');
    sendButton(chat).click();
    await chat.updateComplete;
    expect([...live.children].map((p) => p.textContent)).to.deep.equal(['Bo : Salut']);
    expect(sendButton(chat).getAttribute('aria-label')).to.equal('Envoyer');
    // The messages follow the strings and the language (names, time stamps).
    const when = chat.messages[0]!.received;
    expect($(chat, 'time')!.textContent).to.equal(
      new Intl.DateTimeFormat('fr', { hour: 'numeric', minute: '2-digit' }).format(when),
    );
    setStrings('fr', { 'room.you': 'Moi' });
    await chat.updateComplete;
    expect($$(chat, '[part=name]').map((n) => n.textContent)).to.deep.equal(['Bo', 'Moi']);
    wrapper.lang = 'en-US';
    await eventually(() => $$(chat, '[part=name]')[1]?.textContent === 'You', 'the language did not change');
    expect($(chat, 'time')!.textContent).to.equal(
      new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit' }).format(when),
    );
  });

  it('mirrors in right-to-left pages, shows focus, and can be run by keyboard', async () => {
    const session = new StaticSession('connected', [ada(), bo]);
    for (const dir of ['ltr', 'rtl']) {
      const wrapper = await fixture<HTMLElement>(
        html`<div dir=${dir} style="width: 360px"><rtc-chat .session=${session}></rtc-chat></div>`,
      );
      const chat = wrapper.querySelector('rtc-chat')!;
      await receive(chat, session, bo, 'theirs');
      await fill(chat, 'mine');
      sendButton(chat).click();
      await chat.updateComplete;
      const [theirs, mine] = $$(chat, '[part~=message]').map((p) => p.getBoundingClientRect());
      const box = chat.getBoundingClientRect();
      const start = (r: DOMRect) => (dir === 'ltr' ? r.left - box.left : box.right - r.right);
      expect(start(theirs!), `${dir}: theirs at the start`).to.be.below(30);
      expect(start(mine!), `${dir}: mine at the end`).to.be.above(200);
      await expect(chat).to.be.accessible();
    }
    const chat = document.querySelector<RtcChat>('[dir=rtl] rtc-chat')!;
    chat.focus();
    await typeKeys('by keys');
    await pressKey('Tab');
    expect(chat.shadowRoot!.activeElement).to.equal(sendButton(chat));
    expect(getComputedStyle(sendButton(chat)).boxShadow).to.not.equal('none');
    await pressKey('Enter');
    await chat.updateComplete;
    expect(bubbles(chat).at(-1)).to.equal('by keys');
    await eventually(() => field(chat).value === '', 'the field was not cleared');
  });
});
