/**
 * Requests for the same media made at the same moment (rooms of one page joining together, a
 * component mounted twice) open each device once: the first gets what was opened, the others
 * clones, and each stops its own. Real `getUserMedia` (fake devices), counted by wrapping it.
 */
import { expect } from '@open-wc/testing';
import { getLocalMedia, Room } from '../../src/core/index.js';
import { eventually, receivesMedia, recordUserMedia, uniqueRoom } from './helpers.js';
import { describeWithWebRTC } from './webrtc.js';

describeWithWebRTC('media asked for at the same moment', () => {
  it('opens the camera and microphone once, and each holder stops only its own', async () => {
    const record = recordUserMedia();
    try {
      const [a, b, c] = await Promise.all([getLocalMedia(), getLocalMedia(), getLocalMedia()]);
      expect(record.streams.length).to.equal(1);
      const tracks = [a, b, c].map((m) => m.stream.getTracks());
      expect(tracks.map((t) => t.map((track) => track.kind).sort())).to.deep.equal([
        ['audio', 'video'],
        ['audio', 'video'],
        ['audio', 'video'],
      ]);
      expect(new Set(tracks.flat()).size, 'a track of its own for each').to.equal(6);
      for (const track of tracks[0]!) track.stop();
      expect(
        tracks
          .slice(1)
          .flat()
          .every((t) => t.readyState === 'live'),
      ).to.equal(true);
      // Asked for later, once the first is done: a request of its own.
      const later = await getLocalMedia();
      expect(record.streams.length).to.equal(2);
      for (const track of [...tracks.flat(), ...later.stream.getTracks()]) track.stop();
    } finally {
      record.restore();
    }
  });

  it('lets rooms that join together share one capture, and one leaving does not stop the others', async () => {
    const record = recordUserMedia();
    const room = uniqueRoom('merge');
    const rooms = ['Alice', 'Bob', 'Carol'].map((name) => new Room({ room, name }));
    const [alice, bob, carol] = rooms as [Room, Room, Room];
    try {
      await Promise.all(rooms.map((r) => r.join()));
      expect(record.streams.length).to.equal(1);
      // Alice asked first: she holds what was opened, the others clones of it.
      alice.leave();
      expect(bob.localStream!.getVideoTracks()[0]!.readyState).to.equal('live');
      const bobId = bob.local!.id;
      await eventually(() => carol.remote.get(bobId)?.peerConnection, 'Carol linked to Bob');
      await receivesMedia(carol.remote.get(bobId)!.peerConnection!, "Bob's camera at Carol, after Alice left");
    } finally {
      for (const r of rooms) r.leave();
      record.restore();
    }
  });
});
