/**
 * Media faults, for real: a camera track that ends falls back to another camera (or goes off),
 * getUserMedia failures provoked in the browser map to their codes, and the room element offers
 * to try again. ICE server faults, for real: a TURN server that refuses the credentials, and one
 * that stops answering mid-call (a relay-only link then fails, and its tile says so).
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
import type { RtcParticipant } from '../../src/components/participant/participant.js';
import type { RtcRoom } from '../../src/components/room/room.js';
import '../../src/define.js';
import { RtcError } from '../../src/core/errors.js';
import type { Participant } from '../../src/core/participant.js';
import { joinedPair } from './call-helpers.js';
import { eventually, nextEvent, uniqueRoom } from './helpers.js';
import { engine, skip } from './skip.js';
import { StaticSession, staticParticipant } from './static-session.js';
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

  it('falls back to another camera (Chromium has two fake ones), or goes off with device-lost', async function () {
    // Firefox: its one fake camera's track never delivers a synthetic `ended` to the room's
    // listener (see the report of issue 10), so there the test would test nothing. (WebKit skips
    // the whole suite: no RTCPeerConnection.)
    if (engine === 'firefox') skip(this, 'Firefox here has one fake camera, and its track delivers no synthetic ended');
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

  it('a TURN server refusing the credentials: one ice-server error per URL, and no link blames it before failing', async () => {
    turn = await executeServerCommand<{ id: string; url: string; turnUrl: string }, { wrongSecret: boolean }>(
      'rtc-turn-start',
      { wrongSecret: true },
    );
    const name = uniqueRoom('turn-refused');
    const rtcConfiguration: RTCConfiguration = { iceTransportPolicy: 'relay' };
    // Collected as they come, checked once the room has settled: an assertion in the listener would
    // throw into the room's dispatch, not into this test.
    const reports: { error: RtcError; fatal: boolean }[] = [];
    const a = new Room({ room: name, name: 'A', server: turn.url, rtcConfiguration, media: false });
    a.addEventListener('error', (e) => reports.push(e.detail));
    const errors = () => reports.map((r) => r.error);
    const b = new Room({ room: name, name: 'B', server: turn.url, rtcConfiguration, media: false });
    const c = new Room({ room: name, name: 'C', server: turn.url, rtcConfiguration, media: false });
    rooms.push(a, b, c);
    await a.join();
    await b.join();
    await c.join();
    await eventually(() => errors().some((e) => e.code === 'ice-server'), 'A reports the refusing TURN server');
    const refusal = errors().find((e) => e.code === 'ice-server')!;
    expect(refusal.url).to.contain(turn.turnUrl.split('?')[0]);
    expect(refusal.message).to.contain('credentials');
    // A has two links to that server: still one error for it, once both have given up gathering.
    await eventually(
      () =>
        a.remote.size === 2 && [...a.remote.values()].every((p) => p.peerConnection?.iceGatheringState === 'complete'),
      'A’s links gathered',
    );
    expect(errors().filter((e) => e.url === refusal.url)).to.have.length(1);
    expect(
      reports.filter((r) => r.fatal).map((r) => r.error.code),
      'errors reported as fatal',
    ).to.deep.equal([]);
    expect(a.state).to.equal('connected');
    // With no relay and no candidate at all, the links do not reach `failed` (ICE has nothing to
    // check); a participant's connectionError names the server only once its link has failed.
    for (const p of a.remote.values()) {
      expect(p.connectionError?.code ?? null, `${p.name}: connectionError while ${p.connectionState}`).to.equal(
        p.connectionState === 'failed' ? 'ice-server' : null,
      );
    }
  });

  it('a relay-only call whose TURN server stops answering: both links fail for real, and each tile says Connection failed', async function () {
    // The failure is the browser's to detect: Chromium calls the links failed about 15 s after the
    // cut, Firefox about 30 s (measured on an idle machine); the deadline allows a loaded one.
    this.timeout(180_000);
    turn = await executeServerCommand<{ id: string; url: string; turnUrl: string }, { loss: number }>(
      'rtc-turn-start',
      { loss: 0 },
    );
    const name = uniqueRoom('turn-cut');
    const rtcConfiguration: RTCConfiguration = { iceTransportPolicy: 'relay' };
    const a = new Room({ room: name, name: 'A', server: turn.url, rtcConfiguration, media: false });
    const b = new Room({ room: name, name: 'B', server: turn.url, rtcConfiguration, media: false });
    rooms.push(a, b);
    await a.join();
    await b.join();
    await eventually(
      () => [a, b].every((r) => r.remote.size === 1 && [...r.remote.values()][0]!.connectionState === 'connected'),
      'the relay-only peers did not connect',
      { timeout: 45_000 },
    );
    const peers: Participant[] = [a, b].map((r) => [...r.remote.values()][0]!);
    const view = await fixture<HTMLElement>(
      html`<div>${peers.map((p) => html`<rtc-participant .participant=${p}></rtc-participant>`)}</div>`,
    );
    const tiles = [...view.querySelectorAll<RtcParticipant>('rtc-participant')];
    const status = (tile: RtcParticipant) => tile.shadowRoot!.querySelector('[part=status]')?.textContent ?? null;
    expect(tiles.map(status), 'connected: no status on the tiles').to.deep.equal([null, null]);

    // From now on the lossy proxy in front of coturn drops every datagram, both ways: the only
    // path between A and B is gone, and so is the TURN server for any new allocation.
    const failed = peers.map((p) =>
      nextEvent(p.peerConnection!, 'connectionstatechange', () => p.connectionState === 'failed', 120_000),
    );
    await executeServerCommand('rtc-lossy-set', { id: turn.id, loss: 1 });
    await Promise.all(failed);
    for (const tile of tiles) await tile.updateComplete;
    for (const [i, p] of peers.entries()) {
      const expected =
        p.connectionError?.code === 'ice-server'
          ? 'Connection failed: a relay (TURN/STUN) server could not be used'
          : 'Connection failed';
      expect(status(tiles[i]!), `${p.name}’s tile`).to.equal(expected);
    }
    // Firefox gives up on the unreachable TURN server (its ICE restart's allocation times out after
    // about 11 s) before it calls the link failed: there the tile names the cause. Chromium calls
    // the link failed first, and its allocation times out 30 s later, so its tile says only
    // "Connection failed".
    if (engine === 'firefox') {
      for (const p of peers) {
        expect(p.connectionError?.code, `${p.name}: why the link failed`).to.equal('ice-server');
        expect(p.connectionError?.url).to.contain(turn.turnUrl.split('?')[0]);
      }
    }
    expect([a.state, b.state]).to.deep.equal(['connected', 'connected']);
  });
});
