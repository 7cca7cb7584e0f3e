// The order of a join, as pure logic: our media can take a while (a permission prompt) after the
// server has welcomed us, and whoever joins meanwhile offers at once. A plain fake mesh records
// what reaches each link; real calls exercise the rest (test/browser).
import { expect } from '@open-wc/testing';
import type { Mesh } from './transport/mesh/mesh-transport.js';
import type { Participant } from './participant.js';
import { Remotes } from './remotes.js';

function fakeMesh() {
  const received: string[] = [];
  const links = new Map<
    string,
    { pc: { remoteDescription: null }; receive(type: string, data: unknown): Promise<void> }
  >();
  const mesh = {
    get: (id: string) => links.get(id),
    open(participant: Participant, initiator: boolean) {
      const link = {
        pc: { remoteDescription: null },
        receive: async (type: string, data: unknown) => {
          received.push(`${participant.id} ${type} ${JSON.stringify(data)}`);
        },
      };
      links.set(participant.id, link);
      received.push(`open ${participant.id}${initiator ? ' (we offer)' : ''}`);
      return link;
    },
    close: (id: string) => links.delete(id),
    restartStalled: () => undefined,
  };
  return { mesh: mesh as unknown as Mesh, received };
}

describe('Remotes', () => {
  it('keeps what a later joiner sends while our media is still starting, and hands it over in order once we can link', () => {
    let mesh: Mesh | null = null;
    const events: string[] = [];
    const remotes = new Remotes({ mesh: () => mesh, emit: (type, p) => events.push(`${type} ${p.id}`) });
    // Welcomed (with "a" already there), but the camera is not ready: no mesh yet.
    remotes.add({ id: 'b', name: 'B', state: {} }, false);
    remotes.route('b', 'offer', { type: 'offer', sdp: 'v=0' });
    remotes.route('b', 'ice-candidate', { candidate: 'candidate:1', sdpMid: '0' });
    remotes.route('b', 'ice-candidate', null);
    const fake = fakeMesh();
    expect(fake.received).to.deep.equal([]);
    mesh = fake.mesh;
    remotes.welcome([{ id: 'a', name: 'A', state: {} }], false, false);
    expect(fake.received).to.deep.equal([
      'open a (we offer)',
      'open b',
      'b offer {"type":"offer","sdp":"v=0"}',
      'b ice-candidate {"candidate":"candidate:1","sdpMid":"0"}',
      'b ice-candidate null',
    ]);
    expect(events).to.deep.equal(['participant-joined b', 'participant-joined a']);
  });

  it('forgets what it kept when the room closes before it could link', () => {
    let mesh: Mesh | null = null;
    const remotes = new Remotes({ mesh: () => mesh, emit: () => undefined });
    remotes.route('b', 'offer', { type: 'offer', sdp: 'v=0' });
    remotes.clear();
    const fake = fakeMesh();
    mesh = fake.mesh;
    remotes.welcome([], false, false);
    expect(fake.received).to.deep.equal([]);
  });
});
