/**
 * Media faults, for real: a camera track that ends falls back to another camera (or goes off),
 * getUserMedia failures provoked in the browser map to their codes, and the room element offers
 * to try again.
 *
 * An honest "ended": a fake camera cannot be unplugged, and `track.stop()` fires no `ended` (by
 * the spec, only an end the page did not ask for does). So the test dispatches the `ended` event
 * the browser would fire and stops the track in the same task: the room's real handler runs, and
 * what it does (after its first `await`) is done with a track that is truly ended.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { mediaError } from '../../src/core/media-errors.js';
import { Room } from '../../src/core/index.js';
import type { RtcRoom } from '../../src/components/room/room.js';
import '../../src/define.js';
import { RtcError } from '../../src/core/errors.js';
import { joinedPair } from './call-helpers.js';
import { eventually, uniqueRoom } from './helpers.js';
import { fixedTransport, StaticSession, staticParticipant } from './static-session.js';
import { updateParticipant } from '../../src/core/participant.js';
import { describeWithWebRTC } from './webrtc.js';

/**
 * Ends `track` as an unplugged device would: its `ended` event, and the track stopped in the same
 * task, so all the handler does after its first `await` sees a track that is truly ended.
 * (Dispatching after `stop()` works in Chromium, but Firefox delivers no event to a stopped track.)
 */
function unplug(track: MediaStreamTrack) {
  track.dispatchEvent(new Event('ended'));
  track.stop();
}

const cameras = async () => (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput');

describeWithWebRTC('a camera that ends mid-call', () => {
  const rooms: Room[] = [];
  afterEach(() => {
    for (const room of rooms.splice(0)) room.leave();
  });

  // Chromium only: Firefox has one fake camera, and a synthetic `ended` on its track never reaches
  // the room's listener (see the report of issue 10), so there the test would test nothing.
  const chromium = navigator.userAgent.includes('Firefox') ? () => undefined : it;
  chromium('falls back to another camera (Chromium has two fake ones), or goes off with device-lost', async () => {
    const { a, bSeesA } = await joinedPair('ended', (r) => rooms.push(r));
    const before = a.localStream!.getVideoTracks()[0]!;
    const lostId = before.getSettings().deviceId;
    const others = (await cameras()).filter((d) => d.deviceId !== lostId);
    const errors: RtcError[] = [];
    a.addEventListener('error', (e) => errors.push(e.detail.error));
    const device = new Promise<string>((resolve) =>
      a.addEventListener('device', (e) => e.detail.kind === 'videoinput' && resolve(e.detail.deviceId)),
    );
    unplug(before);
    if (others.length) {
      const deviceId = await device;
      expect(deviceId).to.not.equal(lostId);
      const now = a.localStream!.getVideoTracks()[0]!;
      expect(now).to.not.equal(before);
      expect(now.readyState).to.equal('live');
      expect(now.getSettings().deviceId).to.equal(deviceId);
      expect(a.local!.state.video).to.equal(true);
      // Bo keeps getting Ada's video: from the other camera, on the same link (a replaceTrack).
      // Ada's link to Bo sends it now (a replaceTrack, no renegotiation). Frames reaching Bo are not
      // checked: Chromium's second fake camera gives a <video> frames but its WebRTC encoder none
      // (checked by hand with two plain RTCPeerConnections: replaceTrack to fake_device_1 encodes
      // nothing, to fake_device_0 it does), so that would test the fake device, not the room.
      const link = [...a.remote.values()][0]!.peerConnection!;
      await eventually(() => link.getSenders().some((s) => s.track === now), 'the link sends the fallback camera');
      expect(errors.map((e) => e.code)).to.deep.equal([]);
    } else {
      await eventually(() => errors.some((e) => e.code === 'device-lost'), 'device-lost reported');
      expect(errors.find((e) => e.code === 'device-lost')!.devices).to.deep.equal(['camera']);
      expect(a.localStream!.getVideoTracks()).to.deep.equal([]);
      await eventually(() => bSeesA.state.video === false, 'Bo sees Ada’s camera off');
      expect(a.state).to.equal('connected');
    }
  });
});

describeWithWebRTC('getUserMedia failures, provoked for real, map to their codes', () => {
  const rooms: Room[] = [];
  afterEach(() => {
    for (const room of rooms.splice(0)) room.leave();
  });

  it('impossible constraints: media-constraints, and the room joins without that device', async () => {
    const room = new Room({
      room: uniqueRoom('constraints'),
      media: { audio: false, video: { width: { exact: 99_999 } } },
    });
    rooms.push(room);
    const errors: RtcError[] = [];
    room.addEventListener('error', (e) => errors.push(e.detail.error));
    await room.join();
    expect(errors.map((e) => e.code)).to.deep.equal(['media-constraints']);
    expect(errors[0]!.devices).to.deep.equal(['camera']);
    expect(errors[0]!.message).to.contain('camera');
    expect(room.state).to.equal('connected');
  });

  it('a device that does not exist (exact deviceId): media-constraints or media-unavailable, never a crash', async () => {
    const room = new Room({ room: uniqueRoom('gone'), media: { audio: false, video: true } });
    rooms.push(room);
    await room.join();
    const error = await room.switchDevice('videoinput', 'no-such-camera').then(
      () => null,
      (e: RtcError) => e,
    );
    expect(error).to.be.instanceOf(RtcError);
    expect(['media-constraints', 'media-unavailable']).to.include(error!.code);
    expect(error!.devices).to.deep.equal(['camera']);
    expect(room.state).to.equal('connected');
  });

  it('a frame whose permissions policy refuses the camera: NotAllowedError, media-denied', async () => {
    const frame = document.createElement('iframe');
    frame.setAttribute('allow', "camera 'none'; microphone 'none'");
    document.body.append(frame);
    try {
      const failure = await frame.contentWindow!.navigator.mediaDevices.getUserMedia({ video: true }).then(
        (stream) => {
          for (const track of stream.getTracks()) track.stop();
          return null;
        },
        (error: Error) => error,
      );
      expect(failure?.name).to.equal('NotAllowedError');
      const error = mediaError(failure, ['camera']);
      expect(error.code).to.equal('media-denied');
      expect(error.message).to.equal('Permission to use the camera was refused');
    } finally {
      frame.remove();
    }
  });
});

describe('<rtc-room> media notices', () => {
  it('shows a busy camera and a lost microphone, each with a Try again that opens that device again', async () => {
    const session = new StaticSession('connected', [staticParticipant('me', 'Me', true, null)]);
    const el = await fixture<RtcRoom>(html`<rtc-room room="r" .session=${session}></rtc-room>`);
    session.report(mediaError(new DOMException('busy', 'NotReadableError'), ['camera']));
    session.report(new RtcError('device-lost', 'gone', { devices: ['microphone'] }));
    await el.updateComplete;
    const notice = el.shadowRoot!.querySelector('[part=notice]')!;
    expect(notice.textContent).to.contain('The camera is in use by another app.');
    expect(notice.textContent).to.contain('Your microphone stopped');
    const buttons = [...notice.querySelectorAll<HTMLButtonElement>('[part=notice-retry]')];
    expect(buttons.map((b) => b.textContent)).to.deep.equal(['Try again', 'Try again']);
    buttons[0]!.click();
    await eventually(
      () => session.calls.some(([name, on]) => name === 'setCameraEnabled' && on === true),
      'camera retried',
    );
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=notice]')!.textContent).to.not.contain('in use by another app');
    buttons[1]!.click();
    await eventually(
      () => session.calls.some(([name, on]) => name === 'setMicrophoneEnabled' && on === true),
      'microphone retried',
    );
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=notice]')).to.equal(null);
  });
});

describeWithWebRTC('ICE server problems', () => {
  const rooms: Room[] = [];
  let turn: { id: string; url: string; turnUrl: string } | undefined;
  afterEach(async () => {
    for (const room of rooms.splice(0)) room.leave();
    if (turn) await executeServerCommand('rtc-stop', { id: turn.id });
    turn = undefined;
  });

  it('a TURN server refusing the credentials: one ice-server error per URL, which a failed tile names', async () => {
    turn = await executeServerCommand<{ id: string; url: string; turnUrl: string }, { wrongSecret: boolean }>(
      'rtc-turn-start',
      { wrongSecret: true },
    );
    const name = uniqueRoom('turn-refused');
    const rtcConfiguration: RTCConfiguration = { iceTransportPolicy: 'relay' };
    const errors: RtcError[] = [];
    const a = new Room({ room: name, name: 'A', server: turn.url, rtcConfiguration, media: false });
    a.addEventListener('error', (e) => {
      expect(e.detail.fatal).to.equal(false);
      errors.push(e.detail.error);
    });
    const b = new Room({ room: name, name: 'B', server: turn.url, rtcConfiguration, media: false });
    const c = new Room({ room: name, name: 'C', server: turn.url, rtcConfiguration, media: false });
    rooms.push(a, b, c);
    await a.join();
    await b.join();
    await c.join();
    await eventually(() => errors.some((e) => e.code === 'ice-server'), 'A reports the refusing TURN server');
    const refusal = errors.find((e) => e.code === 'ice-server')!;
    expect(refusal.url).to.contain(turn.turnUrl.split('?')[0]);
    expect(refusal.message).to.contain('credentials');
    // A has two links to that server: still one error for it, once both have given up gathering.
    await eventually(
      () =>
        a.remote.size === 2 && [...a.remote.values()].every((p) => p.peerConnection?.iceGatheringState === 'complete'),
      'A’s links gathered',
    );
    expect(errors.filter((e) => e.url === refusal.url)).to.have.length(1);
    expect(a.state).to.equal('connected');
    // With no relay and no candidate at all, the links never reach `failed` (ICE has nothing to
    // check); a link that fails after such an error reports it (PeerLink.error), and the tile
    // shows it: here a tile of a participant whose transport failed with this very error.
    const peer = staticParticipant('p', 'Peer', false, null, { connectionState: 'failed' });
    updateParticipant(peer, { transport: { ...fixedTransport('failed'), error: refusal } });
    expect(peer.connectionError).to.equal(refusal);
    const tile = await fixture<HTMLElement>(html`<rtc-participant .participant=${peer}></rtc-participant>`);
    expect(tile.shadowRoot!.querySelector('[part=status]')!.textContent).to.equal(
      'Connection failed: a relay (TURN/STUN) server could not be used',
    );
  });
});
