/**
 * A browser that cannot make calls. The first import takes `RTCPeerConnection` out of the page
 * before the kit loads (in Debian's WebKitGTK there is none to take out), so in every engine:
 * `<rtc-room>` says "This browser cannot make video calls" with the reason and fires a fatal
 * `rtc-error` `webrtc-unsupported` (with `lobby` too, at once: no lobby to set up), and the core's `Room.join()` rejects with that code before it
 * starts the camera or opens a socket. A camera preview of the page's own still works.
 */
import { hadPeerConnection } from './no-webrtc.js';
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { Room, RtcError, resolveSignalingUrl, type RoomState } from '../../src/core/index.js';
import type { RtcErrorEvent } from '../../src/events/rtc-error.js';
import '../../src/components/room/rtc-room.js';
import '../../src/components/video/rtc-video.js';
import type { RtcRoom } from '../../src/components/room/room.js';
import type { RtcVideo } from '../../src/components/video/video.js';
import { eventually, nextEvent, recordUserMedia, uniqueRoom } from './helpers.js';

describe(`without WebRTC (${hadPeerConnection ? 'RTCPeerConnection removed from the page' : 'none in this browser'})`, () => {
  let container: HTMLDivElement;
  const stops: (() => unknown)[] = [];

  beforeEach(async () => {
    expect(typeof (globalThis as { RTCPeerConnection?: unknown }).RTCPeerConnection).to.equal('undefined');
    container = await fixture(html`<div style="width: 800px"></div>`);
  });

  afterEach(async () => {
    container.replaceChildren();
    for (const stop of stops.splice(0).reverse()) await stop();
  });

  it('<rtc-room> says this browser cannot make video calls, with the reason, and fires a fatal rtc-error', async () => {
    const recorder = recordUserMedia();
    stops.push(() => recorder.restore());
    const element = document.createElement('rtc-room');
    element.room = uniqueRoom('no-webrtc');
    const error = nextEvent<RtcErrorEvent>(element, 'rtc-error');
    container.append(element);
    const event = await error;
    expect(event.code).to.equal('webrtc-unsupported');
    expect(event.fatal).to.equal(true);
    await element.updateComplete;
    expect(element.matches(':state(error)')).to.equal(true);
    expect(element.state).to.equal('error');
    expect(element.error?.code).to.equal('webrtc-unsupported');
    const box = element.shadowRoot!.querySelector('[part=error]')!;
    expect(box.getAttribute('role')).to.equal('alert');
    expect(box.querySelector('strong')!.textContent).to.equal('This browser cannot make video calls.');
    expect(box.textContent).to.contain('Open this page in an up-to-date Chrome, Edge, Firefox or Safari.');
    // Trying again cannot help, so there is no "Try again".
    expect(element.shadowRoot!.querySelector('[part=retry]')).to.equal(null);
    // No camera was started for a call that cannot happen.
    expect(recorder.streams).to.have.length(0);
    expect(element.session!.localStream).to.equal(null);
    await expect(element).to.be.accessible();
  });

  it('<rtc-room lobby> says so at once, in place of the lobby: no preview, no name, no Join, no camera asked for', async () => {
    const media = navigator.mediaDevices;
    const original = media.getUserMedia;
    let asked = 0;
    media.getUserMedia = function (this: MediaDevices, constraints?: MediaStreamConstraints) {
      asked++;
      return original.call(this, constraints);
    };
    stops.push(() => {
      media.getUserMedia = original;
    });
    const element = document.createElement('rtc-room');
    element.lobby = true;
    element.room = uniqueRoom('no-webrtc-lobby');
    const error = nextEvent<RtcErrorEvent>(element, 'rtc-error');
    container.append(element);
    const event = await error;
    expect([event.code, event.fatal]).to.deep.equal(['webrtc-unsupported', true]);
    await element.updateComplete;
    expect(element.matches(':state(lobby)')).to.equal(false);
    expect(element.matches(':state(error)')).to.equal(true);
    const root = element.shadowRoot!;
    expect(root.querySelector('[part=error] strong')!.textContent).to.equal('This browser cannot make video calls.');
    expect(root.querySelector('[part=error]')!.textContent).to.contain(
      'Open this page in an up-to-date Chrome, Edge, Firefox or Safari.',
    );
    expect(event.error.message, 'the reason, for developers').to.contain('No RTCPeerConnection in this browser');
    for (const what of ['[part=lobby]', 'rtc-device-picker', 'input[name=name]', '[part=join]', '[part=retry]']) {
      expect(root.querySelector(what), what).to.equal(null);
    }
    expect(asked, 'getUserMedia calls').to.equal(0);
    await expect(element).to.be.accessible();
  });

  it('<rtc-room> still shows a camera preview the page puts inside it', async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ video: true });
    stops.push(() => {
      for (const track of stream.getTracks()) track.stop();
    });
    const element = document.createElement('rtc-room') as RtcRoom;
    element.room = uniqueRoom('no-webrtc-preview');
    const preview = document.createElement('rtc-video') as RtcVideo;
    Object.assign(preview, { stream, muted: true, mirrored: true, name: 'Your camera' });
    element.append(preview);
    const error = nextEvent<RtcErrorEvent>(element, 'rtc-error');
    container.append(element);
    expect((await error).code).to.equal('webrtc-unsupported');
    await element.updateComplete;
    expect(preview.assignedSlot).to.not.equal(null);
    await eventually(() => preview.matches(':state(has-video)'), 'the preview shows no live video');
    expect(preview.getBoundingClientRect().height).to.be.greaterThan(0);
    await expect(element).to.be.accessible();
  });

  it('Room.join() rejects with webrtc-unsupported before it starts the camera or opens a socket', async () => {
    const proxy = await executeServerCommand<{ id: string; url: string }, { target: string }>('rtc-proxy-start', {
      target: resolveSignalingUrl(undefined),
    });
    stops.push(() => executeServerCommand('rtc-stop', { id: proxy.id }));
    const recorder = recordUserMedia();
    stops.push(() => recorder.restore());
    const room = new Room({ room: uniqueRoom('no-webrtc-core'), server: proxy.url });
    stops.push(() => room.leave());
    const states: RoomState[] = [];
    room.addEventListener('state', (e) => states.push(e.detail.state));
    const reported = nextEvent<CustomEvent<{ error: RtcError; fatal: boolean }>>(room, 'error');
    const error = await room.join().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(RtcError);
    expect((error as RtcError).code).to.equal('webrtc-unsupported');
    expect((error as RtcError).message).to.contain('RTCPeerConnection');
    const { detail } = await reported;
    expect(detail.error).to.equal(error);
    expect(detail.fatal).to.equal(true);
    expect(states).to.deep.equal(['error']);
    expect(room.error).to.equal(error);
    expect(recorder.streams).to.have.length(0);
    const { accepted } = await executeServerCommand<{ accepted: number }, { id: string }>('rtc-proxy-accepted', {
      id: proxy.id,
    });
    expect(accepted, 'connections to the signaling server').to.equal(0);
  });
});
