/**
 * The core's call controls through the real signaling server, two `Room`s in one page: mute,
 * camera off and on, a device switch without renegotiation, screen share, messages, names,
 * shared state and the speaking state. Firefox has no fake screen, so it runs the test of a browser
 * with no screen to give instead of the share; your own level needs Web Audio, which Firefox here
 * cannot run (no audio output): both are skipped there with their reason.
 */
import { expect } from '@open-wc/testing';
import { type Participant, type Room, RtcError } from '../../src/core/index.js';
import { ALWAYS_A_SCREEN, inUserGesture, joinedPair, NO_FAKE_SCREEN, skipWithoutWebAudio } from './call-helpers.js';
import { eventually, inbound, nextEvent } from './helpers.js';
import { itIn } from './skip.js';
import { describeWithWebRTC } from './webrtc.js';

const rooms: Room[] = [];

const pair = (prefix: string) => joinedPair(prefix, (room) => rooms.push(room));

/** Outbound RTP packets of `kind` on a peer connection. */
async function packetsSent(pc: RTCPeerConnection, kind: 'audio' | 'video'): Promise<number> {
  let sent = 0;
  (await pc.getStats()).forEach((r) => {
    if (r.type === 'outbound-rtp' && r.kind === kind) sent += r.packetsSent ?? 0;
  });
  return sent;
}

/** Counts signaling-state changes (each renegotiation makes some) from now on. */
function renegotiations(...pcs: RTCPeerConnection[]): () => number {
  let count = 0;
  for (const pc of pcs) pc.addEventListener('signalingstatechange', () => count++);
  return () => count;
}

/** Resolves once `check(participant)` holds, following the participant's `event`. */
function until(
  participant: Participant,
  event: 'state' | 'name' | 'stream' | 'speaking',
  check: () => boolean,
  timeout = 30_000,
) {
  return check() ? Promise.resolve() : nextEvent(participant, event, check, timeout).then(() => undefined);
}

describeWithWebRTC('core: call controls', () => {
  afterEach(() => {
    for (const room of rooms.splice(0)) room.leave();
  });

  it('mute stops outbound audio packets and the other side sees it within a second; unmute resumes', async () => {
    const { a, aSeesB, bSeesA } = await pair('mute');
    const pc = aSeesB.peerConnection!;
    const sending = await packetsSent(pc, 'audio');
    await eventually(async () => (await packetsSent(pc, 'audio')) > sending, 'audio is not being sent');
    const seen = until(bSeesA, 'state', () => bSeesA.state.audio === false, 1_000);
    await a.setMicrophoneEnabled(false);
    await seen;
    expect(a.local!.state.audio).to.equal(false);
    // No packet leaves once the sender lets go of the track: two readings a second apart agree.
    await eventually(async () => {
      const before = await packetsSent(pc, 'audio');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      return (await packetsSent(pc, 'audio')) === before;
    }, 'audio packets still leave after mute');
    const heard = (await inbound(bSeesA.peerConnection!)).audioPackets;
    await a.setMicrophoneEnabled(true);
    await until(bSeesA, 'state', () => bSeesA.state.audio === true);
    await eventually(async () => (await inbound(bSeesA.peerConnection!)).audioPackets > heard, 'audio did not resume');
  });

  it('camera off ends the camera track; camera on brings video back to the other side', async () => {
    const { a, bSeesA } = await pair('camera');
    const camera = a.localStream!.getVideoTracks()[0]!;
    await a.setCameraEnabled(false);
    expect(camera.readyState).to.equal('ended');
    expect(a.localStream!.getVideoTracks()).to.have.length(0);
    await until(bSeesA, 'state', () => bSeesA.state.video === false);
    await a.setCameraEnabled(true);
    const again = a.localStream!.getVideoTracks()[0]!;
    expect(again.readyState).to.equal('live');
    expect(again).to.not.equal(camera);
    await until(bSeesA, 'state', () => bSeesA.state.video === true);
    const frames = (await inbound(bSeesA.peerConnection!)).framesDecoded;
    await eventually(
      async () => (await inbound(bSeesA.peerConnection!)).framesDecoded > frames + 10,
      'video did not come back',
    );
  });

  it('switching the microphone mid-call keeps the call up without renegotiation', async () => {
    const { a, aSeesB, bSeesA } = await pair('switch');
    const mics = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'audioinput' && d.deviceId);
    const old = a.localStream!.getAudioTracks()[0]!;
    const target = mics.find((d) => d.deviceId !== old.getSettings().deviceId) ?? mics[0]!;
    const count = renegotiations(aSeesB.peerConnection!, bSeesA.peerConnection!);
    await a.switchDevice('audioinput', target.deviceId);
    const track = a.localStream!.getAudioTracks()[0]!;
    expect(track).to.not.equal(old);
    expect(old.readyState).to.equal('ended');
    const sender = aSeesB.peerConnection!.getSenders().find((s) => s.track?.kind === 'audio');
    expect(sender?.track).to.equal(track);
    expect(a.device('audioinput')).to.equal(target.deviceId);
    const heard = (await inbound(bSeesA.peerConnection!)).audioPackets;
    await eventually(
      async () => (await inbound(bSeesA.peerConnection!)).audioPackets > heard + 20,
      'no audio from the new microphone',
    );
    expect(aSeesB.peerConnection!.connectionState).to.equal('connected');
    expect(count()).to.equal(0);
  });

  it('sends messages, names and shared state to the others, and refuses what it cannot send', async () => {
    const { a, b, bSeesA } = await pair('talk');
    const got = nextEvent<CustomEvent<{ from: Participant; data: unknown }>>(b, 'message');
    a.send({ text: '<b>hi</b>', n: [1, 2] });
    const message = (await got).detail;
    expect(message.from).to.equal(bSeesA);
    expect(message.data).to.deep.equal({ text: '<b>hi</b>', n: [1, 2] });
    const direct = nextEvent<CustomEvent<{ data: unknown }>>(a, 'message');
    b.send('just you', { to: a.local!.id });
    expect((await direct).detail.data).to.equal('just you');
    expect(() => a.send('x'.repeat(20_000)))
      .to.throw(RtcError)
      .with.property('code', 'too-large');
    expect(() => a.send(undefined))
      .to.throw(RtcError)
      .with.property('code', 'bad-message');
    expect(() => a.send(1, { to: 'nobody' }))
      .to.throw(RtcError)
      .with.property('code', 'unknown-peer');

    a.setName('Ada L.');
    await until(bSeesA, 'name', () => bSeesA.name === 'Ada L.');
    expect(() => a.setName('x'.repeat(65)))
      .to.throw(RtcError)
      .with.property('code', 'invalid-name');
    a.setState({ hand: true, mood: 'curious' });
    await until(bSeesA, 'state', () => bSeesA.state.hand === true);
    expect(bSeesA.handRaised).to.equal(true);
    expect(bSeesA.state.mood).to.equal('curious');
    expect(bSeesA.state.audio).to.equal(true);
    a.setState({ mood: undefined, hand: false });
    await until(bSeesA, 'state', () => bSeesA.state.hand === false && !('mood' in bSeesA.state));
    expect(b.local!.state).to.include({ audio: true, video: true, screen: false, hand: false });
  });

  it('the speaking state follows the microphone at the other side', async () => {
    const { a, b, bSeesA } = await pair('speak');
    // Play what arrives, as any app does (the level of audio nobody plays is only what the sender says).
    const audio = document.createElement('audio');
    audio.srcObject = bSeesA.stream;
    document.body.append(audio);
    await audio.play();
    const active = b.activeSpeaker
      ? Promise.resolve()
      : nextEvent<CustomEvent<{ participant: Participant | null }>>(
          b,
          'active-speaker',
          (e) => e.detail.participant !== null,
        );
    // The fake microphones make sound: each side hears the other speak.
    await until(bSeesA, 'speaking', () => bSeesA.speaking);
    await active;
    expect(bSeesA.audioLevel).to.be.greaterThan(0);
    await a.setMicrophoneEnabled(false);
    await until(bSeesA, 'speaking', () => !bSeesA.speaking);
    expect(bSeesA.audioLevel).to.equal(0);
    await a.setMicrophoneEnabled(true);
    await until(bSeesA, 'speaking', () => bSeesA.speaking);
    audio.remove();
  });

  it('your own speaking state follows your microphone (measured with Web Audio)', async function () {
    // Your own level comes from an AudioContext: wherever one can run, the test waits for it.
    await skipWithoutWebAudio(this);
    const { a } = await pair('speak-own');
    const me = a.local!;
    await until(me, 'speaking', () => me.speaking);
    expect(me.audioLevel).to.be.greaterThan(0);
    await a.setMicrophoneEnabled(false);
    await until(me, 'speaking', () => !me.speaking);
    expect(me.audioLevel).to.equal(0);
    await a.setMicrophoneEnabled(true);
    await until(me, 'speaking', () => me.speaking);
  });

  itIn(
    ['chromium', 'webkit'],
    NO_FAKE_SCREEN,
    'a shared screen reaches the other side as its own stream, and ends with the track',
    async () => {
      const { a, bSeesA } = await pair('screen');
      // getDisplayMedia wants a user gesture: a real click from the test runner gives one.
      expect(await inUserGesture(() => a.startScreenShare())).to.equal(null);
      expect(a.local!.state.screen).to.equal(true);
      await until(bSeesA, 'state', () => bSeesA.state.screen === true);
      await eventually(
        () => bSeesA.screenStream?.getVideoTracks().some((t) => t.readyState === 'live'),
        'no screen track arrived',
      );
      const frames = (await inbound(bSeesA.peerConnection!)).framesDecoded;
      await eventually(
        async () => (await inbound(bSeesA.peerConnection!)).framesDecoded > frames + 10,
        'no frames of the screen arrive',
      );
      // The browser's own "Stop sharing" ends the track.
      a.screenStream!.getVideoTracks()[0]!.stop();
      a.screenStream?.getVideoTracks()[0]?.dispatchEvent(new Event('ended'));
      await until(bSeesA, 'state', () => bSeesA.state.screen === false);
      expect(a.screenStream).to.equal(null);
    },
  );

  itIn(
    ['firefox'],
    ALWAYS_A_SCREEN,
    'with no screen to give, the call goes on, nothing is shared, and the room says why',
    async () => {
      const { a, bSeesA } = await pair('no-screen');
      const error = (await inUserGesture(() => a.startScreenShare())) as RtcError | null;
      expect(error, 'a screen was shared where the browser has none').to.be.instanceOf(RtcError);
      expect(error!.code).to.equal('media-unavailable');
      expect(error!.devices).to.deep.equal(['screen']);
      expect(a.local!.state.screen).to.equal(false);
      expect(a.screenStream).to.equal(null);
      expect(a.state).to.equal('connected');
      expect(bSeesA.state.screen).to.equal(false);
      // (A remote participant's screen stream is there from the start, empty until a screen arrives.)
      expect(bSeesA.screenStream?.getTracks().length ?? 0).to.equal(0);
    },
  );
});
