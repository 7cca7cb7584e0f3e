// The mesh transport's side of a join, with real peer connections in one page: the room waits for
// our link certificate after the server's welcome, and whoever joins meanwhile offers at once. What
// they relay waits in the transport, in order, until the welcome reaches it.
import { expect } from '@open-wc/testing';
import { eventually } from '../../../../test/browser/helpers.js';
import { itWithWebRTC } from '../../../../test/browser/webrtc.js';
import { LocalTracks } from '../../local-tracks.js';
import { Participant } from '../../participant.js';
import type { IceCandidate, RelayType, WelcomeData } from '../../protocol.js';
import { MeshTransport } from './mesh-transport.js';

const welcome = (id: string): WelcomeData => ({ id, room: 'r', peers: [], iceServers: [], resume: 'x' });

/** A mesh transport that sends nothing (a fresh `LocalTracks`), and what it relays. */
function receiveOnly() {
  const relayed: Array<{ type: RelayType; to: string; data: unknown }> = [];
  const transport = new MeshTransport({
    options: { room: 'r' },
    media: new LocalTracks(),
    relay: (type, to, data) => relayed.push({ type, to, data }),
    roomSize: () => 3,
    post: () => {},
    onSfu: () => false,
  });
  return { transport, relayed };
}

/** A peer that joined after us: a real peer connection that offered, and every candidate it gathered. */
async function newcomer() {
  const pc = new RTCPeerConnection();
  pc.addTransceiver('audio');
  const candidates: (IceCandidate | null)[] = [];
  const gathered = new Promise<void>((resolve) => {
    pc.onicecandidate = ({ candidate }) => {
      candidates.push(candidate ? (candidate.toJSON() as IceCandidate) : null);
      if (!candidate) resolve();
    };
  });
  await pc.setLocalDescription();
  await gathered;
  return { pc, offer: { type: 'offer' as const, sdp: pc.localDescription!.sdp }, candidates };
}

describe('MeshTransport', () => {
  itWithWebRTC(
    'keeps what a later joiner relays before the welcome, and applies it in order once welcomed',
    async () => {
      const { transport, relayed } = receiveOnly();
      const bob = await newcomer();
      const b = new Participant('b', 'B', false);
      try {
        transport.signal(b, 'offer', bob.offer);
        for (const candidate of bob.candidates) transport.signal(b, 'ice-candidate', candidate);
        await transport.ready();
        expect(transport.connections(), 'a link before the welcome').to.deep.equal([]);
        expect(relayed, 'relayed before the welcome').to.deep.equal([]);
        // Welcomed with Alice already there: we offer to her, then answer Bob.
        const a = new Participant('a', 'A', false);
        transport.welcome(welcome('me'), [a], false);
        expect(transport.connections().map((c) => [c.id, c.direction, c.participants])).to.deep.equal([
          ['a', 'both', ['a']],
          ['b', 'both', ['b']],
        ]);
        const answer = await eventually(
          () => relayed.find((r) => r.type === 'answer' && r.to === 'b'),
          'no answer to the offer kept',
        );
        expect(relayed.some((r) => r.type === 'offer' && r.to === 'a')).to.equal(true);
        // Bob's candidates were applied with his offer: Bob needs only our answer to connect.
        await bob.pc.setRemoteDescription(answer.data as RTCSessionDescriptionInit);
        await eventually(() => b.connectionState === 'connected', 'Bob never connected');
        expect(b.peerConnection).to.equal(transport.connections().find((c) => c.id === 'b')!.peerConnection);
      } finally {
        transport.close();
        bob.pc.close();
      }
    },
  );

  itWithWebRTC('forgets what it kept when it closes before the welcome', async () => {
    const { transport, relayed } = receiveOnly();
    const bob = await newcomer();
    transport.signal(new Participant('b', 'B', false), 'offer', bob.offer);
    transport.close();
    transport.welcome(welcome('me'), [], false);
    expect(transport.connections()).to.deep.equal([]);
    expect(relayed).to.deep.equal([]);
    bob.pc.close();
  });
});
