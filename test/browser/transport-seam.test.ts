/**
 * The transport seam: a `Room` moves media and messages through the `RoomTransport` its options
 * give. What every session does over any transport (joining, media, state, messages, leaving) is
 * session-suite.test.ts's, run against a `Room` over the loopback transport (loopback-transport.ts:
 * the rooms of this page hand each other their tracks and messages) as against the mesh. Here:
 * `<rtc-room>` joins with the transport of its property, and the mesh, the default, reports the
 * connections its participants show.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/components/room/rtc-room.js';
import type { RtcRoom } from '../../src/components/room/room.js';
import { Room } from '../../src/core/index.js';
import { meshTransport } from '../../src/core/transport/mesh/mesh-transport.js';
import type { RoomTransport } from '../../src/core/transport/transport.js';
import { eventually, nextEvent, receivesMedia, uniqueRoom } from './helpers.js';
import { loopbackTransport } from './loopback-transport.js';
import { videos } from './room-helpers.js';
import { describeWithWebRTC } from './webrtc.js';

const rooms: Room[] = [];
function makeRoom(name: string, label: string, options: Partial<ConstructorParameters<typeof Room>[0]> = {}) {
  const room = new Room({ room: name, name: label, transport: loopbackTransport, ...options });
  rooms.push(room);
  return room;
}

/** The participant `room` knows as `other`'s local one. */
const seen = (room: Room, other: Room) => room.remote.get(other.local!.id)!;

describeWithWebRTC('the transport seam', () => {
  afterEach(() => {
    for (const room of rooms.splice(0)) room.leave();
  });

  it('<rtc-room> joins with the transport of its transport property', async () => {
    const name = uniqueRoom('loopback-element');
    const container = await fixture<HTMLElement>(html`<div style="width: 1200px"></div>`);
    const add = async (label: string) => {
      const element = document.createElement('rtc-room') as RtcRoom;
      Object.assign(element, { room: name, name: label, transport: loopbackTransport });
      const joined = nextEvent(element, 'rtc-joined');
      container.append(element);
      await joined;
      return element;
    };
    try {
      const ada = await add('Ada');
      const bo = await add('Bo');
      const adaAtBo = await eventually(() => bo.session?.remote.get(ada.session!.local!.id), 'Bo never saw Ada');
      const boAtAda = await eventually(() => ada.session?.remote.get(bo.session!.local!.id), 'Ada never saw Bo');
      // No peer connection: the loopback carries the media, and says it is up.
      expect([adaAtBo, boAtAda].map((p) => [p.peerConnection, p.connectionState])).to.deep.equal([
        [null, 'connected'],
        [null, 'connected'],
      ]);
      // Its tiles show the loopback's media.
      await eventually(
        () => [ada, bo].every((r) => videos(r).length === 2 && videos(r).every((v) => v.matches(':state(has-video)'))),
        'a tile shows no live video',
      );
    } finally {
      container.replaceChildren();
    }
  });

  it('the mesh, the default, reports the connections its participants show', async () => {
    const name = uniqueRoom('mesh-connections');
    const made: RoomTransport[] = [];
    const transport = (context: Parameters<typeof meshTransport>[0]) => {
      made.push(meshTransport(context));
      return made.at(-1)!;
    };
    const alice = makeRoom(name, 'Alice', { transport });
    const bob = makeRoom(name, 'Bob', { transport: undefined });
    await alice.join();
    await bob.join();
    const bobAtAlice = await eventually(() => alice.remote.get(bob.local!.id), 'Alice never saw Bob');
    await eventually(() => bobAtAlice.connectionState === 'connected', 'Alice never connected to Bob');
    expect(made).to.have.length(1);
    // One two-way connection, carrying Bob, the one his tile shows; the room passes them on.
    const connections = made[0]!.connections();
    expect(connections.map((c) => [c.id, c.direction, c.participants])).to.deep.equal([
      [bobAtAlice.id, 'both', [bobAtAlice.id]],
    ]);
    expect(connections[0]!.peerConnection).to.be.an.instanceOf(RTCPeerConnection);
    expect(connections[0]!.peerConnection).to.equal(bobAtAlice.peerConnection);
    expect(connections[0]!.connectionState).to.equal('connected');
    const viaRoom = alice.connections();
    expect(
      viaRoom.length === 1 && viaRoom[0]!.peerConnection === bobAtAlice.peerConnection,
      'Room.connections()',
    ).to.equal(true);
    // Bob's room took the default: the mesh too.
    await receivesMedia(seen(bob, alice).peerConnection!, 'Bob from Alice');
  });
});
