// When the meters look at remote levels, as pure logic with plain fakes: a look reads the level
// the sender wrote in its latest packet, which in Chromium waits on the WebRTC threads and holds
// the page meanwhile; so no look while a room joins, and none before the threads were seen to
// answer quickly. Real calls check the levels themselves (test/browser/room-call.test.ts).
import { expect } from '@open-wc/testing';
import { eventually } from '../../test/browser/helpers.js';
import { joinProgress } from './audio-clock.js';
import { AudioLevels, type AudioLevelSource } from './audio-levels.js';
import { Participant, type ParticipantTransport, updateParticipant } from './participant.js';

type FakeTrack = { kind: 'audio' | 'video'; muted: boolean };

function remote(id: string, connectionState: RTCPeerConnectionState, tracks: FakeTrack[] = [], state = {}) {
  const participant = new Participant(id, id, false, { getTracks: () => tracks } as unknown as MediaStream);
  const transport = { connectionState, peerConnection: null, getStats: async () => new Map() };
  updateParticipant(participant, { transport: transport as unknown as ParticipantTransport, state });
  return participant;
}

/** Each tick reads our microphone once (`sending('audio')`): `ticks` counts them. */
function source(participants: Participant[], starting = false, receiver: unknown = null) {
  const me = new Participant('me', 'me', true);
  const counted: AudioLevelSource & { ticks: number } = {
    ticks: 0,
    participants: () => [me, ...participants],
    tracks: () => ({
      sending: () => {
        counted.ticks++;
        return null;
      },
      starting: () => starting,
    }),
    transport: () => ({ audioReceiver: () => receiver as RTCRtpReceiver }),
  };
  return counted;
}

describe('AudioLevels', () => {
  describe('joinProgress (audio-clock.ts, internal)', () => {
    const progress = (participants: Participant[], starting = false) => joinProgress(source(participants, starting));

    it('is joining while our media starts or a link is not up, and counts what has come', () => {
      expect(progress([], true)).to.equal(0);
      expect(progress([remote('a', 'connecting')])).to.equal(1);
      expect(progress([remote('a', 'connected'), remote('b', 'new')])).to.equal(2);
      expect(progress([remote('a', 'connected')])).to.equal(null);
    });

    it('waits for the media a participant has on, not for what they have off', () => {
      const camera = { kind: 'video', muted: true } as FakeTrack;
      const mic = { kind: 'audio', muted: false } as FakeTrack;
      expect(progress([remote('a', 'connected', [mic, camera])])).to.equal(3);
      expect(progress([remote('a', 'connected', [mic, camera], { video: false })])).to.equal(null);
      camera.muted = false;
      expect(progress([remote('a', 'connected', [mic, camera])])).to.equal(null);
    });
  });

  describe('looks', () => {
    let levels: AudioLevels | undefined;
    afterEach(() => levels?.stop());

    function receiver(probeMs: number) {
      const calls: string[] = [];
      return {
        calls,
        getStats: () => {
          calls.push('probe');
          return new Promise((resolve) => setTimeout(() => resolve(new Map()), probeMs));
        },
        getSynchronizationSources: () => {
          calls.push('look');
          return [{ audioLevel: 0.5 }];
        },
      };
    }

    it('looks only after the WebRTC threads answered a probe quickly', async () => {
      const fake = receiver(0);
      const alice = remote('alice', 'connected');
      levels = new AudioLevels(source([alice], false, fake), () => undefined);
      levels.start();
      await eventually(() => alice.audioLevel === 0.5, 'a level read', { timeout: 5_000 });
      expect(fake.calls[0]).to.equal('probe');
      expect(fake.calls).to.include('look');
      expect(alice.speaking).to.equal(true);
    });

    it('does not look after a slow probe: it probes again later', async () => {
      const fake = receiver(1_100);
      const alice = remote('alice', 'connected');
      levels = new AudioLevels(source([alice], false, fake), () => undefined);
      levels.start();
      await eventually(() => fake.calls.length >= 2, 'a second probe', { timeout: 15_000 });
      expect(fake.calls.slice(0, 2)).to.deep.equal(['probe', 'probe']);
      expect(alice.audioLevel).to.equal(0);
    });

    it('hears a sound that repeats on a beat of its own (a 60 ms beep every 500 ms, between two ticks)', async () => {
      // Chromium's fake microphone beeps that way. The beep falls between the ticks of a clock on
      // a fixed 100 ms beat, at the same place each time: only ticks that move can hear it.
      let first: number | undefined;
      const beeping = {
        getStats: async () => {
          first ??= performance.now();
          return new Map();
        },
        getSynchronizationSources: () => {
          const phase = (performance.now() - first!) % 500;
          return [{ audioLevel: phase >= 220 && phase < 280 ? 0.5 : 0 }];
        },
      };
      const alice = remote('alice', 'connected');
      levels = new AudioLevels(source([alice], false, beeping), () => undefined);
      levels.start();
      await eventually(() => alice.speaking, 'the beep never heard', { timeout: 15_000, interval: 20 });
    });

    it('does not look while a room of the page is joining', async () => {
      const fake = receiver(0);
      const alice = remote('alice', 'connected');
      const joining = new AudioLevels(source([remote('bob', 'connecting')]), () => undefined);
      joining.start();
      const counted = source([alice], false, fake);
      levels = new AudioLevels(counted, () => undefined);
      levels.start();
      try {
        // Ten ticks, and as many chances to look.
        await eventually(() => counted.ticks >= 10, 'ten ticks', { timeout: 10_000, interval: 20 });
        expect(fake.calls).to.deep.equal([]);
      } finally {
        joining.stop();
      }
      await eventually(() => alice.audioLevel === 0.5, 'a level read once the join is over', { timeout: 10_000 });
    });
  });
});
