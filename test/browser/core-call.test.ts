/**
 * The core alone, no elements: what only a `Room` over the mesh does, `Room`s in one page joining
 * the same room through the real signaling server. What every session does (joining, the roster,
 * media, leaving as the others see it) is session-suite.test.ts's.
 */
import { expect } from '@open-wc/testing';
import { Room, RtcError } from '../../src/core/index.js';
import { eventually, holdUserMedia, nextEvent, receivesMedia, recordUserMedia, uniqueRoom } from './helpers.js';
import { itWithWebRTC } from './webrtc.js';

const rooms: Room[] = [];
function makeRoom(options: ConstructorParameters<typeof Room>[0]): Room {
  const room = new Room(options);
  rooms.push(room);
  return room;
}

/** Resolves once every room sees every other participant connected. */
async function allConnected(all: Room[]) {
  await eventually(
    () =>
      all.every(
        (r) =>
          r.remote.size === all.length - 1 && [...r.remote.values()].every((p) => p.connectionState === 'connected'),
      ),
    'not every peer connection reached connected',
  );
}

describe('core: Room through the real signaling server', () => {
  afterEach(() => {
    for (const room of rooms.splice(0)) room.leave();
  });

  itWithWebRTC('sees the others while its camera is still starting, then sends it with no second offer', async () => {
    const name = uniqueRoom('core-prompt');
    const alice = makeRoom({ room: name, name: 'Alice' });
    await alice.join();
    const prompt = holdUserMedia();
    try {
      // Bob, then Carol, join while both still look at the permission prompt: Bob offers to Alice
      // and answers Carol before he has a camera.
      const bob = makeRoom({ room: name, name: 'Bob' });
      let settled = 0;
      const bobJoins = bob.join().then(() => settled++);
      const link = (room: Room, peer: Room) => room.remote.get(peer.local?.id ?? '')?.peerConnection;
      await eventually(() => link(bob, alice)?.connectionState === 'connected', 'Bob never connected to Alice');
      const carol = makeRoom({ room: name, name: 'Carol' });
      const carolJoins = carol.join().then(() => settled++);
      await allConnected([alice, bob, carol]);
      // Joined (connected to the server and to the others), but join() waits for their media.
      expect([bob.state, carol.state, settled]).to.deep.equal(['connected', 'connected', 0]);
      expect(bob.localStream!.getTracks()).to.have.length(0);
      await receivesMedia(link(bob, alice)!, 'Bob from Alice while his camera starts');
      const links = [link(bob, alice)!, link(bob, carol)!, link(carol, bob)!];
      const negotiated = links.map((pc) => pc.localDescription!.sdp);
      prompt.release();
      await Promise.all([bobJoins, carolJoins]);
      await receivesMedia(link(alice, bob)!, 'Alice from Bob once his camera started');
      await receivesMedia(link(carol, bob)!, 'Carol from Bob');
      await receivesMedia(link(bob, carol)!, 'Bob from Carol');
      // Their cameras and microphones went on the m-lines negotiated at the join: no new offer.
      expect(links.map((pc) => pc.localDescription!.sdp)).to.deep.equal(negotiated);
    } finally {
      prompt.restore();
    }
  });

  itWithWebRTC('a peer that leaves releases its media and closes its connections', async () => {
    const name = uniqueRoom('core-leave');
    const [a, b] = ['A', 'B'].map((n) => makeRoom({ room: name, name: n })) as [Room, Room];
    for (const room of [a, b]) await room.join();
    await allConnected([a, b]);
    const tracks = a.localStream!.getTracks();
    const connections = [...a.remote.values()].map((p) => p.peerConnection!);
    expect([tracks.length, connections.length]).to.deep.equal([2, 1]);
    a.leave();
    expect(a.state).to.equal('closed');
    expect(tracks.every((t) => t.readyState === 'ended')).to.equal(true);
    expect(connections.every((pc) => pc.connectionState === 'closed')).to.equal(true);
  });

  itWithWebRTC('a receive-only participant still receives', async () => {
    const name = uniqueRoom('core-recv');
    const viewer = makeRoom({ room: name, name: 'Viewer', media: false });
    const speaker = makeRoom({ room: name, name: 'Speaker' });
    await viewer.join();
    await speaker.join();
    expect(viewer.localStream!.getTracks()).to.have.length(0);
    await allConnected([viewer, speaker]);
    await receivesMedia([...viewer.remote.values()][0]!.peerConnection!, 'viewer from speaker');
  });

  itWithWebRTC('falls back to the microphone alone when the camera cannot be had, and says why', async () => {
    const room = makeRoom({
      room: uniqueRoom('core-fallback'),
      media: { audio: true, video: { deviceId: { exact: 'no-such-camera' } } },
    });
    const error = nextEvent<CustomEvent<{ error: RtcError; fatal: boolean }>>(room, 'error');
    await room.join();
    const { detail } = await error;
    // A camera that does not exist, asked for by exact id: OverconstrainedError (was media-unavailable).
    expect(detail.error.code).to.equal('media-constraints');
    expect(detail.fatal).to.equal(false);
    expect(room.localStream!.getTracks().map((t) => t.kind)).to.deep.equal(['audio']);
    expect(room.state).to.equal('connected');
  });

  itWithWebRTC('releases the camera when it leaves while the camera is still starting', async () => {
    const recorder = recordUserMedia();
    try {
      const room = makeRoom({ room: uniqueRoom('core-quick-leave') });
      const joining = room.join();
      room.leave();
      await joining;
      expect(recorder.streams).to.have.length(1);
      expect(recorder.live()).to.deep.equal([]);
      expect(room.state).to.equal('closed');
    } finally {
      recorder.restore();
    }
  });

  it('rejects an invalid room name with invalid-room and never connects', async () => {
    const room = makeRoom({ room: 'no spaces allowed!' });
    const error = await room.join().then(
      () => null,
      (e: RtcError) => e,
    );
    expect(error).to.be.instanceOf(RtcError);
    expect(error!.code).to.equal('invalid-room');
    expect(room.state).to.equal('error');
  });

  itWithWebRTC('reports an unreachable server as server-unreachable and stops the media it started', async () => {
    const room = makeRoom({ room: uniqueRoom('core-down'), server: 'ws://127.0.0.1:9/signal' });
    const error = await room.join().then(
      () => null,
      (e: RtcError) => e,
    );
    expect(error!.code).to.equal('server-unreachable');
    expect(room.state).to.equal('error');
    expect(room.localStream).to.equal(null);
  });
});
