/**
 * The transport seam: a `Room` moves media and messages through the `RoomTransport` its options
 * give. A second, trivial transport (loopback-transport.ts: the rooms of this page hand each other
 * their tracks and messages) carries whole calls whose roster comes from the real signaling
 * server, through the core and through `<rtc-room>`; the mesh, the default, reports the
 * connections its participants show.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/components/room/rtc-room.js';
import type { RtcRoom } from '../../src/components/room/room.js';
import { type Participant, Room } from '../../src/core/index.js';
import { meshTransport } from '../../src/core/transport/mesh/mesh-transport.js';
import type { RoomTransport } from '../../src/core/transport/transport.js';
import { eventually, nextEvent, receivesMedia, uniqueRoom } from './helpers.js';
import { loopbackTransport } from './loopback-transport.js';
import { videos } from './room-helpers.js';
import { describeWithWebRTC } from './webrtc.js';

type ParticipantEvent = CustomEvent<{ participant: Participant }>;

const rooms: Room[] = [];
function makeRoom(name: string, label: string, options: Partial<ConstructorParameters<typeof Room>[0]> = {}) {
  const room = new Room({ room: name, name: label, transport: loopbackTransport, ...options });
  rooms.push(room);
  return room;
}

/** The participant `room` knows as `other`'s local one. */
const seen = (room: Room, other: Room) => room.remote.get(other.local!.id)!;

/** Resolves with the count of frames `video` has painted, at its next painted frame. */
function painted(video: HTMLVideoElement, what: string, timeout = 30_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: no video frame painted within ${timeout} ms`)), timeout);
    video.requestVideoFrameCallback((_, metadata) => {
      clearTimeout(timer);
      resolve(metadata.presentedFrames);
    });
  });
}

/** Resolves once `stream` plays video frames, and more of them later (not a single one). */
async function playsFrames(stream: MediaStream, what: string) {
  const video = document.createElement('video');
  video.muted = true;
  video.srcObject = stream;
  document.body.append(video);
  try {
    await video.play();
    const first = await painted(video, what);
    await eventually(async () => (await painted(video, what)) > first, `${what}: the frames stopped`);
  } finally {
    video.remove();
  }
}

/** The messages `room` receives, as `from-name: data`. */
function messages(room: Room): string[] {
  const got: string[] = [];
  room.addEventListener('message', (e) => got.push(`${e.detail.from.name}: ${JSON.stringify(e.detail.data)}`));
  return got;
}

describeWithWebRTC('the transport seam', () => {
  afterEach(() => {
    for (const room of rooms.splice(0)) room.leave();
  });

  it('a loopback transport carries a call whose roster comes from the real server', async () => {
    const name = uniqueRoom('loopback');
    const alice = makeRoom(name, 'Alice');
    const bob = makeRoom(name, 'Bob');
    await alice.join();
    const aliceSeesBob = nextEvent<ParticipantEvent>(alice, 'participant-joined', (e) => !e.detail.participant.local);
    await bob.join();
    expect((await aliceSeesBob).detail.participant.name).to.equal('Bob');
    expect([...bob.remote.values()].map((p) => p.name)).to.deep.equal(['Alice']);
    const [bobAtAlice, aliceAtBob] = [seen(alice, bob), seen(bob, alice)];
    // No peer connection: the loopback carries the media, and says it is up.
    expect([bobAtAlice.peerConnection, aliceAtBob.peerConnection]).to.deep.equal([null, null]);
    expect([bobAtAlice.connectionState, aliceAtBob.connectionState]).to.deep.equal(['connected', 'connected']);
    await playsFrames(bobAtAlice.stream!, 'Alice sees Bob');
    await playsFrames(aliceAtBob.stream!, 'Bob sees Alice');
    expect(bobAtAlice.stream!.getAudioTracks()).to.have.length(1);

    // Bob mutes and turns his camera off: Alice sees it in his state (through the server) and in his media.
    const muted = nextEvent<ParticipantEvent>(alice, 'participant-updated', () => !bobAtAlice.audioEnabled);
    await bob.setMicrophoneEnabled(false);
    await muted;
    const cameraOff = nextEvent<ParticipantEvent>(alice, 'participant-updated', () => !bobAtAlice.videoEnabled);
    await bob.setCameraEnabled(false);
    await cameraOff;
    expect(bobAtAlice.stream!.getTracks()).to.deep.equal([]);
    const cameraOn = nextEvent<ParticipantEvent>(alice, 'participant-updated', () => bobAtAlice.videoEnabled);
    await bob.setCameraEnabled(true);
    await cameraOn;
    await playsFrames(bobAtAlice.stream!, 'Alice sees Bob with his camera back on');
  });

  it('sends to one and to all through it, and a participant who leaves is gone with their media', async () => {
    const name = uniqueRoom('loopback-messages');
    const [alice, bob, carol] = ['Alice', 'Bob', 'Carol'].map((label) => makeRoom(name, label)) as [Room, Room, Room];
    for (const room of [alice, bob, carol]) await room.join();
    await eventually(() => [alice, bob, carol].every((r) => r.remote.size === 2), 'not everyone sees everyone');
    const [atBob, atCarol] = [messages(bob), messages(carol)];
    alice.send({ to: 'Bob' }, { to: bob.local!.id });
    alice.send('to all');
    // Messages arrive in order: once the last one is there, so is what came before it.
    const last = 'Alice: "to all"';
    await eventually(() => atBob.includes(last) && atCarol.includes(last), 'the message to all did not arrive');
    expect(atBob).to.deep.equal(['Alice: {"to":"Bob"}', 'Alice: "to all"']);
    expect(atCarol).to.deep.equal(['Alice: "to all"']);
    expect(() => alice.send('x', { to: 'nobody' })).to.throw('No participant "nobody" here');

    // What the others received of Alice, what Alice sends, and what she received of them.
    const received = [seen(bob, alice), seen(carol, alice)].flatMap((p) => p.stream!.getTracks());
    const sent = alice.localStream!.getTracks();
    const hers = [seen(alice, bob), seen(alice, carol)].flatMap((p) => p.stream!.getTracks());
    expect([received.length, sent.length, hers.length]).to.deep.equal([4, 2, 4]);
    const aliceId = alice.local!.id;
    const left = [bob, carol].map((room) =>
      nextEvent<ParticipantEvent>(room, 'participant-left', (e) => e.detail.participant.id === aliceId),
    );
    alice.leave();
    await Promise.all(left);
    expect([bob.remote.has(aliceId), carol.remote.has(aliceId)]).to.deep.equal([false, false]);
    expect([...sent, ...received, ...hers].map((t) => t.readyState)).to.deep.equal(Array(10).fill('ended'));
    // Bob and Carol still see each other.
    await playsFrames(seen(bob, carol).stream!, 'Bob sees Carol after Alice left');
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
      expect([adaAtBo.peerConnection, adaAtBo.connectionState]).to.deep.equal([null, 'connected']);
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
