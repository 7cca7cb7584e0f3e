import { expect } from '@open-wc/testing';
import { Room } from '../../src/core/index.js';
import { eventually, uniqueRoom } from './helpers.js';
import { describeWithWebRTC } from './webrtc.js';

/** One sender (640×480 camera, no microphone) and `size - 1` receive-only rooms. */
async function roomOf(size: number, keep: (room: Room) => void): Promise<Room> {
  const name = uniqueRoom(`adapt${size}`);
  const sender = new Room({ room: name, name: 'S', media: { audio: false, video: { width: 640, height: 480 } } });
  keep(sender);
  await sender.join();
  for (let i = 1; i < size; i++) {
    const receiver = new Room({ room: name, name: `R${i}`, media: false });
    keep(receiver);
    await receiver.join();
  }
  await eventually(
    () =>
      sender.remote.size === size - 1 &&
      [...sender.remote.values()].every((p) => p.peerConnection?.connectionState === 'connected'),
    `the sender did not connect to ${size - 1} peers`,
  );
  return sender;
}

const cameraSender = (room: Room) =>
  [...room.remote.values()].map((p) => p.peerConnection?.getSenders().find((s) => s.track?.kind === 'video'));

/** The caps on every link's camera, once the room's size has reached them all (no `maxBitrate`: none). */
async function caps(room: Room, maxBitrate: number | undefined, maxFramerate: number) {
  return eventually(
    () => {
      const all = cameraSender(room).map((s) => s!.getParameters().encodings[0]!);
      return all.every((e) => e.maxBitrate === maxBitrate && e.maxFramerate === maxFramerate) ? all : null;
    },
    `every link's camera capped at ${maxBitrate ?? 'no'} b/s, ${maxFramerate} fps`,
  );
}

/** Video bits per second sent on one link, over at least two seconds of its own stats. */
async function bitrate(sender: RTCRtpSender): Promise<number> {
  const read = async () => {
    let out = { bytes: 0, at: 0 };
    (await sender.getStats()).forEach((s: { type: string; bytesSent?: number; timestamp: number }) => {
      if (s.type === 'outbound-rtp') out = { bytes: s.bytesSent ?? 0, at: s.timestamp };
    });
    return out;
  };
  // From the first packets on, so the encoder's ramp-up counts alike in both rooms.
  const first = await eventually(async () => {
    const now = await read();
    return now.bytes > 0 ? now : null;
  }, 'no video sent');
  const last = await eventually(
    async () => {
      const now = await read();
      return now.at - first.at >= 2_000 ? now : null;
    },
    'stats did not move',
    { interval: 250 },
  );
  return ((last.bytes - first.bytes) * 8 * 1000) / (last.at - first.at);
}

/** The width of the first video frames `pc` decoded (polled from its stats). */
function firstWidth(pc: RTCPeerConnection): Promise<number> {
  return eventually(
    async () => {
      let width = 0;
      (await pc.getStats()).forEach(
        (s: { type: string; kind?: string; framesDecoded?: number; frameWidth?: number }) => {
          if (s.type === 'inbound-rtp' && s.kind === 'video' && (s.framesDecoded ?? 0) > 0) width = s.frameWidth ?? 0;
        },
      );
      return width || null;
    },
    'no frame decoded',
    { interval: 20 },
  );
}

/** The first width decoded over two bare connections in this page, the same 640x480 camera sent. */
async function bareFirstWidth(): Promise<number> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false });
  const [a, b] = [new RTCPeerConnection(), new RTCPeerConnection()];
  try {
    a.onicecandidate = ({ candidate }) => candidate && void b.addIceCandidate(candidate);
    b.onicecandidate = ({ candidate }) => candidate && void a.addIceCandidate(candidate);
    a.addTransceiver(stream.getVideoTracks()[0]!, { direction: 'sendonly' });
    await a.setLocalDescription();
    await b.setRemoteDescription(a.localDescription!);
    await b.setLocalDescription();
    await a.setRemoteDescription(b.localDescription!);
    return await firstWidth(b);
  } finally {
    a.close();
    b.close();
    for (const track of stream.getTracks()) track.stop();
  }
}

describeWithWebRTC('bandwidth adaptation', () => {
  const rooms: Room[] = [];
  const keep = (room: Room) => rooms.push(room);
  afterEach(() => {
    for (const room of rooms.splice(0)) room.leave();
  });

  it('sends a call of two its level from the first frame; a room of three starts at the least level', async () => {
    // The first caps each link's camera gets (in Chromium a sender has no encodings to cap until
    // its offer is applied), long before the first measure (2 s in). The sender joins last, so it
    // knows the room's size from its first offer.
    const firstCaps = async (size: number) => {
      const name = uniqueRoom(`first${size}`);
      for (let i = 1; i < size; i++) {
        const receiver = new Room({ room: name, name: `R${i}`, media: false });
        keep(receiver);
        await receiver.join();
      }
      const sender = new Room({ room: name, name: 'S', media: { audio: false, video: { width: 640, height: 480 } } });
      keep(sender);
      await sender.join();
      // (Capped: a frame rate set; the best level sets no bitrate.)
      const first = await eventually(
        () => {
          const all = cameraSender(sender).map((s) => s?.getParameters().encodings[0]);
          return all.length === size - 1 && all.every((e) => e?.maxFramerate !== undefined)
            ? all.map((e) => e?.maxBitrate)
            : null;
        },
        `${size - 1} links' cameras were never capped`,
        { interval: 20 },
      );
      for (const room of rooms.splice(0)) room.leave();
      return first;
    };
    expect(await firstCaps(2), 'a room of 2: full size (level 0, no bitrate cap) at once').to.deep.equal([undefined]);
    const three = await firstCaps(3);
    expect(three, 'a room of 3: the least level while the room joins').to.deep.equal([150_000, 150_000]);
  });

  it('a call of two is as sharp from its first frame as a bare connection', async () => {
    // Chromium given a bitrate cap before its first frames started the encoder at 320x240 and
    // took 8 s or more to come back to 640 (docs/adaptation.md); a bare pair starts at 640.
    // (Firefox starts both at 320: the engine's own start, not the kit's.)
    const bare = await bareFirstWidth();
    const sender = await roomOf(2, keep);
    const receiver = rooms.find((room) => room !== sender)!;
    const pc = await eventually(() => [...receiver.remote.values()][0]?.peerConnection, 'the receiver has no link');
    expect(await firstWidth(pc), `the first frames decoded (a bare pair's: ${bare})`).to.be.at.least(bare);
  });

  it('caps each link by the room size: full size in a room of 2, a quarter of the pixels in a room of 6', async () => {
    const two = await roomOf(2, keep);
    const [pair] = await caps(two, undefined, 30);
    expect(pair!.scaleResolutionDownBy ?? 1).to.equal(1);
    const twoRate = await bitrate(cameraSender(two)[0]!);
    for (const room of rooms.splice(0)) room.leave();

    const six = await roomOf(6, keep);
    const links = await caps(six, 250_000, 20);
    expect(links).to.have.length(5);
    // 480 lines down to 240.
    for (const encoding of links) expect(encoding.scaleResolutionDownBy).to.equal(2);
    const sixRate = await bitrate(cameraSender(six)[0]!);
    expect(sixRate, `room of 6: ${Math.round(sixRate)} b/s a link; room of 2: ${Math.round(twoRate)}`).to.be.below(
      twoRate,
    );
  });
});
