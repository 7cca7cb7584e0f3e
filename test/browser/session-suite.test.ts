/**
 * Every `RoomSession` passes `roomSessionSuite` (session-suite.ts): the mesh `Room` and a `Room`
 * over the loopback transport, both through the real signaling server, and static sessions
 * sharing a `StaticRoom` of the page (written with the package's public entry points only, which
 * the last test checks). WebKitGTK has no RTCPeerConnection: the two `Room`s skip there.
 */
import { expect } from '@open-wc/testing';
import { Room, type TransportFactory } from '../../src/core/index.js';
import { NO_FAKE_SCREEN } from './call-helpers.js';
import { loopbackTransport } from './loopback-transport.js';
import { type MakeSessionRoom, roomSessionSuite } from './session-suite.js';
import { StaticRoom } from './static-room.js';
import { canvasStream, StaticSession } from './static-session.js';
import { describeWithWebRTC } from './webrtc.js';

/** `Room`s over `transport` (the mesh by default), with the page's (fake) camera and microphone. */
const rooms =
  (transport?: TransportFactory): MakeSessionRoom =>
  async ({ room }) => {
    const opened: Room[] = [];
    return {
      async open(name) {
        const session = new Room({ room, name, ...(transport && { transport }) });
        opened.push(session);
        return session;
      },
      close: () => {
        for (const session of opened) session.leave();
      },
    };
  };

/** Static sessions in one `StaticRoom`, each sending a canvas and a tone. */
const statics: MakeSessionRoom = async () => {
  const hub = new StaticRoom();
  const audio = new AudioContext();
  const streams: MediaStream[] = [];
  const opened: StaticSession[] = [];
  return {
    async open(name) {
      const stream = canvasStream(name);
      const tone = audio.createOscillator();
      const destination = audio.createMediaStreamDestination();
      tone.connect(destination);
      tone.start();
      stream.addTrack(destination.stream.getAudioTracks()[0]!);
      streams.push(stream);
      const session = new StaticSession('idle', [], stream, { room: hub, name });
      opened.push(session);
      return session;
    },
    close() {
      for (const session of opened) session.leave();
      for (const track of streams.flatMap((s) => s.getTracks())) track.stop();
      void audio.close();
    },
  };
};

/** Firefox has no fake screen to share: a `Room` shares one elsewhere. */
const REAL_SCREEN = { engines: ['chromium', 'webkit'], reason: NO_FAKE_SCREEN } as const;

describeWithWebRTC('RoomSession contract: the mesh Room', () => roomSessionSuite(rooms(), { screen: REAL_SCREEN }));

describeWithWebRTC('RoomSession contract: a Room over the loopback transport', () =>
  roomSessionSuite(rooms(loopbackTransport), { screen: REAL_SCREEN }),
);

describe('RoomSession contract: static sessions in a StaticRoom', () => {
  roomSessionSuite(statics);

  it('the static session imports nothing from src/ but the public entry points', async () => {
    const fromSrc: string[] = [];
    for (const file of ['./static-session.js', './static-room.js', '../../stories/support/static-session.js']) {
      const text = await (await fetch(new URL(file, import.meta.url))).text();
      for (const [, path] of text.matchAll(/from\s+['"]([^'"?]+)/g))
        if (path!.includes('/src/')) fromSrc.push(`${file} imports ${path!.replace(/^.*\/src\//, 'src/')}`);
    }
    const internal = fromSrc.filter((line) => !/ imports src\/(core\/)?index\.js$/.test(line));
    expect(internal).to.deep.equal([]);
    expect(fromSrc.length, 'no import of a public entry point found').to.be.greaterThan(0);
  });
});
