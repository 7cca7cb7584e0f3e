import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { eventually, nextEvent, uniqueRoom } from '../../../test/browser/helpers.js';
import { itWithWebRTC } from '../../../test/browser/webrtc.js';
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
    await sendKeys({ press: 'Tab' });
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

describe('<rtc-room> by keyboard alone', () => {
  itWithWebRTC('joins from the lobby, mutes, chats, closes the chat and leaves without a mouse', async () => {
    const room = await fixture<RtcRoom>(html`<rtc-room lobby room=${uniqueRoom('keys')}></rtc-room>`);
    // The lobby: the name field, then Enter joins.
    const field = await tabTo((e) => e.localName === 'input' && e.getAttribute('name') === 'name', 'the name field');
    expect(showsFocus(field)).to.equal(true);
    await sendKeys({ type: 'Ada' });
    const joined = nextEvent(room, 'rtc-joined');
    await sendKeys({ press: 'Enter' });
    await joined;
    expect(room.name).to.equal('Ada');
    const session = room.session!;

    // The microphone, with Space.
    const microphone = await tabTo(part('microphone'), 'the microphone button');
    expect(showsFocus(microphone)).to.equal(true);
    await sendKeys({ press: ' ' });
    await eventually(() => session.local?.state.audio === false, 'the microphone did not turn off');

    // The chat, with Enter: its text field takes the focus; a message typed and sent with Enter;
    // Escape closes the panel.
    await tabTo(part('chat'), 'the chat button');
    await sendKeys({ press: 'Enter' });
    const input = await eventually(
      () => (part('input')(focused()!) ? focused() : null),
      "the chat's text field has no focus",
    );
    expect(showsFocus(input)).to.equal(true);
    await sendKeys({ type: 'Hello by keyboard' });
    await sendKeys({ press: 'Enter' });
    const chat = room.shadowRoot!.querySelector('rtc-chat')!;
    await eventually(
      () => chat.shadowRoot!.textContent?.includes('Hello by keyboard'),
      'the message is not in the chat',
    );
    await sendKeys({ press: 'Escape' });
    await eventually(
      () => room.shadowRoot!.querySelector<HTMLElement>('[part=panel]')!.hidden,
      'Escape did not close the chat',
    );

    // Leave, with Enter.
    const leave = await tabTo(part('leave'), 'the leave button');
    expect(showsFocus(leave)).to.equal(true);
    const left = nextEvent(room, 'rtc-left');
    await sendKeys({ press: 'Enter' });
    await left;
    expect(session.state).to.equal('closed');
  });
});
