// The chat log's own logic, with a plain fake session (an EventTarget that fires `message` and
// `joined` as a room does, and records what is sent). Real calls: test/browser/chat-call.test.ts.
import { expect } from '@open-wc/testing';
import { ChatLog, type ChatSession, MAX_CHAT_HISTORY, sharedChatLog } from './chat-log.js';
import { chatMessage } from './chat-message.js';
import type { Participant } from './participant.js';

const person = (id: string, local = false) => ({ id, name: id.toUpperCase(), local }) as Participant;
const me = person('me', true);
const bo = person('bo');

class FakeSession extends EventTarget {
  sent: unknown[] = [];
  local = me;
  send(data: unknown) {
    this.sent.push(data);
  }
  receive(from: Participant, data: unknown) {
    this.dispatchEvent(new CustomEvent('message', { detail: { from, data } }));
  }
  join() {
    this.dispatchEvent(new CustomEvent('joined', { detail: { participant: me } }));
  }
}

function logOf(session = new FakeSession()) {
  const log = new ChatLog(session as unknown as ChatSession);
  const unread: number[] = [];
  log.addEventListener('unread', (event) => unread.push(event.detail.unread));
  return { session, log, unread };
}

describe('ChatLog', () => {
  it('keeps the messages of the chat shape, as they arrive, and nothing else', () => {
    const { session, log } = logOf();
    const hello = chatMessage('  hello ');
    session.receive(bo, hello);
    session.receive(bo, { type: 'reaction', emoji: '👍' });
    session.receive(bo, { type: 'chat', text: 5, id: 'x', at: 1 });
    session.receive(bo, 'chat');
    expect(log.messages).to.have.length(1);
    expect(log.messages[0]).to.include({
      id: hello.id,
      from: 'bo',
      name: 'BO',
      local: false,
      text: 'hello',
      at: hello.at,
    });
  });

  it(`keeps the newest ${MAX_CHAT_HISTORY}, in a new array each time`, () => {
    const { session, log } = logOf();
    for (let i = 0; i < MAX_CHAT_HISTORY + 3; i++) session.receive(bo, chatMessage(`m${i}`));
    const before = log.messages;
    expect(before).to.have.length(MAX_CHAT_HISTORY);
    expect([before[0]!.text, before.at(-1)!.text]).to.deep.equal(['m3', `m${MAX_CHAT_HISTORY + 2}`]);
    session.receive(bo, chatMessage('one more'));
    expect(log.messages).to.not.equal(before);
    expect(before.at(-1)!.text).to.equal(`m${MAX_CHAT_HISTORY + 2}`);
  });

  it("counts others' messages no view shows as unread, until read", () => {
    const { session, log, unread } = logOf();
    session.receive(bo, chatMessage('one'));
    session.receive(me, chatMessage('mine'));
    session.receive(bo, chatMessage('two'));
    expect(log.unread).to.equal(2);
    log.read();
    log.read();
    expect(unread).to.deep.equal([1, 2, 0]);
  });

  it('reads what arrives while a view shows the messages, and counts again once it does not', () => {
    const { session, log, unread } = logOf();
    let open = true;
    const remove = log.addView(() => open);
    log.addView(() => false);
    session.receive(bo, chatMessage('seen'));
    expect(log.unread).to.equal(0);
    open = false;
    session.receive(bo, chatMessage('not seen'));
    open = true;
    remove();
    session.receive(bo, chatMessage('not seen either'));
    expect(unread).to.deep.equal([1, 2]);
  });

  it('sends a message in the wire format and keeps it as yours, never unread', () => {
    const { session, log } = logOf();
    const entry = log.send(' hi\r\nthere ');
    expect(session.sent).to.have.length(1);
    const sent = session.sent[0] as Record<string, unknown>;
    expect(Object.keys(sent).sort()).to.deep.equal(['at', 'id', 'text', 'type']);
    expect(sent).to.include({ type: 'chat', text: 'hi\nthere', id: entry.id, at: entry.at });
    expect(entry).to.include({ from: 'me', name: 'ME', local: true, text: 'hi\nthere' });
    expect([log.messages, log.unread]).to.deep.equal([[entry], 0]);
    expect(() => log.send('   ')).to.throw(RangeError);
    expect(session.sent).to.have.length(1);
  });

  it('starts again when the session joins a new call', () => {
    const { session, log, unread } = logOf();
    const events: unknown[] = [];
    log.addEventListener('message', (event) => events.push(event.detail.entry));
    session.receive(bo, chatMessage('old call'));
    session.join();
    expect([log.messages, log.unread, unread]).to.deep.equal([[], 0, [1, 0]]);
    expect(events).to.have.length(2);
    expect(events[1]).to.equal(null);
  });

  it('is one per session (sharedChatLog)', () => {
    const [a, b] = [new FakeSession(), new FakeSession()] as unknown as ChatSession[];
    expect(sharedChatLog(a!)).to.equal(sharedChatLog(a!));
    expect(sharedChatLog(a!)).to.not.equal(sharedChatLog(b!));
  });
});
