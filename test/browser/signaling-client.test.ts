/**
 * The core's `SignalingClient` alone (no peer connection, so in every engine, WebKit included)
 * against the real signaling server: joining, seeing others come and go, relaying messages,
 * resuming after a dropped socket, and the server's refusals with their codes.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { RtcError, resolveSignalingUrl, SignalingClient, type SignalingState } from '../../src/core/index.js';
import type { RelayedMessage } from '../../src/core/protocol.js';
import { nextEvent, uniqueRoom } from './helpers.js';

type Detail<T> = CustomEvent<T>;

describe('SignalingClient against the real server', () => {
  const clients: SignalingClient[] = [];
  const started: string[] = [];

  function client(url = resolveSignalingUrl(undefined)): SignalingClient {
    const made = new SignalingClient(url);
    clients.push(made);
    return made;
  }

  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    for (const id of started.splice(0)) await executeServerCommand('rtc-stop', { id });
  });

  it('joins, sees others come and go, and relays offers, answers and candidates between them', async () => {
    const room = uniqueRoom('signal');
    const ada = client();
    const bob = client();
    const first = await ada.join({ room, name: 'Ada' });
    expect(first.room).to.equal(room);
    expect(first.peers).to.deep.equal([]);
    expect(ada.state).to.equal('joined');
    expect(ada.id).to.equal(first.id);

    const adaSeesBob = nextEvent<Detail<{ id: string; name: string; state: object }>>(ada, 'peer-joined');
    const second = await bob.join({ room, name: 'Bob 😀' });
    // Protocol 1.1: everyone comes with their state, `{}` when they set none.
    expect(second.peers).to.deep.equal([{ id: first.id, name: 'Ada', state: {} }]);
    expect((await adaSeesBob).detail).to.deep.equal({ id: second.id, name: 'Bob 😀', state: {} });

    const offer = nextEvent<Detail<RelayedMessage>>(ada, 'signal');
    bob.send('offer', first.id, { type: 'offer', sdp: 'v=0\r\n' });
    expect((await offer).detail).to.deep.equal({
      type: 'offer',
      from: second.id,
      data: { type: 'offer', sdp: 'v=0\r\n' },
    });
    const answer = nextEvent<Detail<RelayedMessage>>(bob, 'signal', (e) => e.detail.type === 'answer');
    const candidate = nextEvent<Detail<RelayedMessage>>(bob, 'signal', (e) => e.detail.type === 'ice-candidate');
    ada.send('answer', second.id, { type: 'answer', sdp: 'v=0\r\n' });
    ada.send('ice-candidate', second.id, null);
    expect((await answer).detail.from).to.equal(first.id);
    expect((await candidate).detail.data).to.equal(null);

    const adaSeesBobLeave = nextEvent<Detail<{ id: string }>>(ada, 'peer-left');
    bob.close();
    expect(bob.state).to.equal('closed');
    expect((await adaSeesBobLeave).detail.id).to.equal(second.id);
  });

  it('resumes after a dropped socket under the same id, and relays again', async () => {
    const proxy = await executeServerCommand<{ id: string; url: string }, { target: string }>('rtc-proxy-start', {
      target: resolveSignalingUrl(undefined),
    });
    started.push(proxy.id);
    const room = uniqueRoom('signal-resume');
    const dropped = client(proxy.url);
    const steady = client();
    const { id } = await dropped.join({ room, name: 'Dropped' });
    await steady.join({ room, name: 'Steady' });
    const left: string[] = [];
    steady.addEventListener('peer-left', (e) => left.push(e.detail.id));
    const states: SignalingState[] = [];
    dropped.addEventListener('state', (e) => states.push(e.detail.state));
    const back = nextEvent<Detail<{ resumed: boolean }>>(dropped, 'welcome');

    const { dropped: count } = await executeServerCommand<{ dropped: number }, { id: string }>('rtc-proxy-drop', {
      id: proxy.id,
    });
    expect(count).to.be.greaterThan(0);
    expect((await back).detail.resumed).to.equal(true);
    expect(states).to.deep.equal(['reconnecting', 'joined']);
    expect(dropped.id).to.equal(id);

    const relayed = nextEvent<Detail<RelayedMessage>>(dropped, 'signal');
    steady.send('offer', id, { type: 'offer', sdp: 'after the drop' });
    expect((await relayed).detail.data).to.deep.equal({ type: 'offer', sdp: 'after the drop' });
    expect(left).to.deep.equal([]);
  });

  it('rejects joins the server refuses, with their codes: a full room, a missing or wrong token', async () => {
    const small = await executeServerCommand<{ id: string; url: string }, { args: string[] }>('rtc-server-start', {
      args: ['--max-peers-per-room', '1'],
    });
    started.push(small.id);
    const room = uniqueRoom('signal-full');
    await client(small.url).join({ room });
    const refused = client(small.url);
    const full = await refused.join({ room }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(full).to.be.instanceOf(RtcError);
    expect((full as RtcError).code).to.equal('room-full');
    expect(refused.state).to.equal('closed');

    const secret = 'test-secret-for-this-run';
    const guarded = await executeServerCommand<{ id: string; url: string }, { args: string[] }>('rtc-server-start', {
      args: ['--jwt-secret', secret],
    });
    started.push(guarded.id);
    const anonymous = await client(guarded.url)
      .join({ room })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect((anonymous as RtcError).code).to.equal('unauthorized');
    const elsewhere = await executeServerCommand<string, object>('rtc-mint-token', { secret, room: 'another-room' });
    const wrong = await client(guarded.url)
      .join({ room, token: elsewhere })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect((wrong as RtcError).code).to.equal('unauthorized');
    const token = await executeServerCommand<string, object>('rtc-mint-token', { secret, room, name: 'By Token' });
    const member = client(guarded.url);
    await member.join({ room, token });
    expect(member.state).to.equal('joined');
  });
});
