/**
 * Participant state (protocol 1.1) through `SignalingClient` alone, against the real server:
 * `update` and `peer-updated`, state in `welcome` and `peer-joined`, checks before sending,
 * relays of any JSON value, and the latest state surviving a dropped socket, resumed or not.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { RtcError, SignalingClient, resolveSignalingUrl, type PeerInfo } from '../../src/core/index.js';
import { eventually, nextEvent, uniqueRoom } from './helpers.js';

type Seen = { type: string; detail: unknown };

/** Everything `client` reports from the room, in order. */
function record(client: SignalingClient): Seen[] {
  const seen: Seen[] = [];
  for (const type of ['peer-joined', 'peer-updated', 'peer-left', 'signal', 'server-error'] as const) {
    client.addEventListener(type, (e) => seen.push({ type, detail: e.detail }));
  }
  return seen;
}

/** The error `action` throws. */
function thrown(action: () => unknown): RtcError {
  try {
    action();
  } catch (error) {
    return error as RtcError;
  }
  throw new Error('nothing was thrown');
}

describe('SignalingClient: participant state through the real server', () => {
  const clients: SignalingClient[] = [];
  const started: string[] = [];
  function client(url = resolveSignalingUrl(undefined)): SignalingClient {
    const made = new SignalingClient(url, { reconnectWindowMs: 20_000 });
    clients.push(made);
    return made;
  }

  afterEach(async () => {
    for (const made of clients.splice(0)) made.close();
    for (const id of started.splice(0).reverse()) await executeServerCommand('rtc-stop', { id });
  });

  it('sends state in join and update; the others see it in welcome, peer-joined and peer-updated', async () => {
    const room = uniqueRoom('state');
    const ada = client();
    const bob = client();
    const adaSeen = record(ada);
    const bobSeen = record(bob);
    const adaWelcome = await ada.join({ room, name: 'Ada', state: { audio: true, video: false } });
    expect(adaWelcome.peers).to.deep.equal([]);
    const bobWelcome = await bob.join({ room, name: 'Bob' });
    expect(bobWelcome.peers).to.deep.equal([{ id: ada.id, name: 'Ada', state: { audio: true, video: false } }]);
    await eventually(() => adaSeen.length === 1, 'Ada did not see Bob join');
    expect(adaSeen[0]).to.deep.equal({ type: 'peer-joined', detail: { id: bob.id, name: 'Bob', state: {} } });

    const state = { audio: false, video: true, hand: true };
    ada.update({ state });
    // The client keeps its own copy: changing the object afterwards sends nothing and changes nothing.
    state.hand = false;
    const updated = await nextEvent<CustomEvent<PeerInfo>>(bob, 'peer-updated');
    expect(updated.detail).to.deep.equal({ id: ada.id, name: 'Ada', state: { audio: false, video: true, hand: true } });
    ada.update({ name: 'Ada L.' });
    const renamed = await nextEvent<CustomEvent<PeerInfo>>(bob, 'peer-updated');
    expect(renamed.detail).to.deep.equal({
      id: ada.id,
      name: 'Ada L.',
      state: { audio: false, video: true, hand: true },
    });

    // Relays carry any JSON value, as sent.
    const values = [42, 'text', [1, 'two', null], null, true, { nested: { a: [] } }];
    for (const value of values) ada.send('offer', bob.id!, value);
    await eventually(() => bobSeen.filter((s) => s.type === 'signal').length === values.length, 'relays missing');
    expect(bobSeen.filter((s) => s.type === 'signal').map((s) => (s.detail as { data: unknown }).data)).to.deep.equal(
      values,
    );
    // Nothing came back to Ada: no echo of her updates, no error.
    expect(adaSeen.slice(1)).to.deep.equal([]);
    expect(bobSeen.filter((s) => s.type === 'server-error')).to.deep.equal([]);
  });

  it('checks name and state before sending anything', async () => {
    const ada = client();
    expect(thrown(() => ada.update({ state: { audio: true } })).code).to.equal('not-joined');
    const over = { k: 'é'.repeat(509) };
    for (const state of [[], null, 'on', new Date(), { when: new Date() }, { x: undefined }, { n: Number.NaN }, over]) {
      const error = await ada.join({ room: uniqueRoom('bad'), state: state as never }).then(
        () => null,
        (e: RtcError) => e,
      );
      expect(error, JSON.stringify(state)).to.be.instanceOf(RtcError);
      expect(error!.code).to.equal('invalid-state');
      expect(ada.state).to.equal('idle');
    }
    // Exactly 1 KiB of UTF-8 fits.
    await ada.join({ room: uniqueRoom('ok'), state: { k: 'é'.repeat(508) } });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const state of [[1], over, cyclic, { f: () => 1 }]) {
      expect(thrown(() => ada.update({ state: state as never })).code).to.equal('invalid-state');
    }
    expect(thrown(() => ada.update({ name: 'x'.repeat(65) })).code).to.equal('invalid-name');
    expect(thrown(() => ada.update({ name: 'new\nline' })).code).to.equal('invalid-name');
  });

  it('after a resume, the others get only the latest of the updates made while the socket was down', async () => {
    const proxy = await executeServerCommand<{ id: string; url: string }, { target: string }>('rtc-proxy-start', {
      target: resolveSignalingUrl(undefined),
    });
    started.push(proxy.id);
    const room = uniqueRoom('state-resume');
    const ada = client(proxy.url);
    const bob = client();
    await ada.join({ room, name: 'Ada', state: { audio: true } });
    await bob.join({ room, name: 'Bob' });
    const bobSeen = record(bob);
    const id = ada.id;
    const down = nextEvent(ada, 'state', (e: CustomEvent<{ state: string }>) => e.detail.state === 'reconnecting');
    await executeServerCommand('rtc-proxy-drop', { id: proxy.id });
    await down;
    ada.update({ state: { audio: false } });
    ada.update({ state: { audio: false, hand: true } });
    const back = await nextEvent<CustomEvent<{ resumed: boolean }>>(ada, 'welcome');
    expect(back.detail.resumed).to.equal(true);
    expect(ada.id).to.equal(id);
    // A relay after it shows when everything before it has arrived.
    ada.send('offer', bob.id!, 'marker');
    await eventually(() => bobSeen.some((s) => s.type === 'signal'), 'the marker did not arrive');
    expect(bobSeen.map((s) => s.type)).to.deep.equal(['peer-updated', 'signal']);
    expect(bobSeen[0]!.detail).to.deep.equal({ id, name: 'Ada', state: { audio: false, hand: true } });
  });

  it('when it must join afresh, it joins with its latest name and state', async () => {
    // No grace period: a dropped peer leaves at once, and coming back is a fresh join.
    const server = await executeServerCommand<{ id: string; url: string }, { args: string[] }>('rtc-server-start', {
      args: ['--resume-grace-ms', '0'],
    });
    started.push(server.id);
    const proxy = await executeServerCommand<{ id: string; url: string }, { target: string }>('rtc-proxy-start', {
      target: server.url,
    });
    started.push(proxy.id);
    const room = uniqueRoom('state-fresh');
    const ada = client(proxy.url);
    const bob = client(server.url);
    await ada.join({ room, name: 'Ada', state: { audio: true } });
    await bob.join({ room, name: 'Bob' });
    const bobSeen = record(bob);
    ada.update({ name: 'Ada L.', state: { audio: false } });
    await nextEvent(bob, 'peer-updated');
    const oldId = ada.id;
    const down = nextEvent(ada, 'state', (e: CustomEvent<{ state: string }>) => e.detail.state === 'reconnecting');
    await executeServerCommand('rtc-proxy-drop', { id: proxy.id });
    await down;
    ada.update({ state: { audio: false, screen: true } });
    const back = await nextEvent<CustomEvent<{ resumed: boolean }>>(ada, 'welcome');
    expect(back.detail.resumed).to.equal(false);
    expect(ada.id).to.not.equal(oldId);
    ada.send('offer', bob.id!, 'marker');
    await eventually(() => bobSeen.some((s) => s.type === 'signal'), 'the marker did not arrive');
    // The old id left, the new one joined with the latest name and state, and nothing else.
    expect(bobSeen.map((s) => s.type)).to.deep.equal(['peer-updated', 'peer-left', 'peer-joined', 'signal']);
    expect(bobSeen[1]!.detail).to.deep.equal({ id: oldId });
    expect(bobSeen[2]!.detail).to.deep.equal({ id: ada.id, name: 'Ada L.', state: { audio: false, screen: true } });
  });
});
