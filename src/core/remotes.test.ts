// What the roster tells its transport, as pure logic: a plain fake transport records each call.
// The mesh's own handling (links, the signals kept before the welcome) is tested with real peer
// connections in transport/mesh/mesh-transport.test.ts; real calls exercise the rest (test/browser).
import { expect } from '@open-wc/testing';
import type { Participant } from './participant.js';
import type { RelayType, WelcomeData } from './protocol.js';
import { KEY } from './reconcile.js';
import { Remotes } from './remotes.js';
import type { RoomTransport } from './transport/transport.js';

function fakeTransport(relays: readonly RelayType[] = ['offer', 'answer', 'ice-candidate']) {
  const calls: string[] = [];
  const transport = {
    relays,
    welcome: (welcome: WelcomeData, peers: readonly Participant[], resumed: boolean) =>
      calls.push(`welcome ${welcome.id} [${peers.map((p) => p.id).join(' ')}]${resumed ? ' resumed' : ''}`),
    join: (participant: Participant) => calls.push(`join ${participant.id}`),
    drop: (id: string) => calls.push(`drop ${id}`),
    adopt: (from: string, to: string) => calls.push(`adopt ${from} -> ${to}`),
    signal: (from: Participant, type: string, data: unknown) =>
      calls.push(`${from.id} ${type} ${JSON.stringify(data)}`),
  };
  return { transport: transport as unknown as RoomTransport, calls };
}

const welcome = (id: string, peers: WelcomeData['peers']): WelcomeData => ({
  id,
  room: 'r',
  peers,
  iceServers: [],
  resume: 'x',
});

describe('Remotes', () => {
  it('tells the transport who was listed (once they are all in the roster), who came later, and who left', () => {
    const { transport, calls } = fakeTransport();
    const events: string[] = [];
    const remotes = new Remotes({ transport: () => transport, emit: (type, p) => events.push(`${type} ${p.id}`) });
    remotes.welcome(
      welcome('me', [
        { id: 'a', name: 'A', state: {} },
        { id: 'b', name: 'B', state: {} },
      ]),
      false,
      false,
    );
    remotes.add({ id: 'c', name: 'C', state: {} });
    remotes.remove('a');
    expect(calls).to.deep.equal(['welcome me [a b]', 'join c', 'drop a']);
    expect(events).to.deep.equal([
      'participant-joined a',
      'participant-joined b',
      'participant-joined c',
      'participant-left a',
    ]);
  });

  it('hands the transport the signals of the types it uses, from their sender, made a participant if unknown', () => {
    const { transport, calls } = fakeTransport(['offer']);
    const remotes = new Remotes({ transport: () => transport, emit: () => undefined });
    remotes.add({ id: 'a', name: 'A', state: {} });
    remotes.route('a', 'offer', { type: 'offer', sdp: 'v=0' });
    remotes.route('a', 'ice-candidate', null);
    remotes.route('z', 'offer', { type: 'offer', sdp: 'v=1' });
    expect(calls).to.deep.equal([
      'join a',
      'a offer {"type":"offer","sdp":"v=0"}',
      'join z',
      'z offer {"type":"offer","sdp":"v=1"}',
    ]);
    expect([...remotes.map.keys()]).to.deep.equal(['a', 'z']);
  });

  it('after a fresh join, moves a peer known by key to its new id; one that kept its id starts over', () => {
    const { transport, calls } = fakeTransport();
    const remotes = new Remotes({ transport: () => transport, emit: () => undefined });
    const a = remotes.add({ id: 'a1', name: 'A', state: { [KEY]: 'ka' } });
    const b = remotes.add({ id: 'b', name: 'B', state: { [KEY]: 'kb' } });
    calls.length = 0;
    remotes.welcome(
      welcome('me2', [
        { id: 'a2', name: 'A', state: { [KEY]: 'ka' } },
        { id: 'b', name: 'B', state: { [KEY]: 'kb' } },
      ]),
      false,
      true,
    );
    remotes.clear();
    // A kept its participant under its new id; B kept its id, so it saw us leave: its connection starts over.
    expect(a.id).to.equal('a2');
    expect(calls).to.deep.equal(['adopt a1 -> a2', 'drop a2', 'drop b', 'welcome me2 [a2 b]']);
    expect(b.id).to.equal('b');
  });
});
