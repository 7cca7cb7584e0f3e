import { expect, fixture, html } from '@open-wc/testing';
import { eventually, nextEvent, recordUserMedia, uniqueRoom } from '../../../test/browser/helpers.js';
import { addRoom, connections, everyoneSeesEveryone, tiles, videos } from '../../../test/browser/room-helpers.js';
import type { RtcErrorEvent } from '../../events/rtc-error.js';
import type { RtcPeerLeftEvent } from '../../events/rtc-peer-left.js';
import { itWithWebRTC } from '../../../test/browser/webrtc.js';
import './rtc-room.js';
import type { RtcRoom } from './room.js';

/** Every element matching `selector` in `host`'s shadow root, and in the shadow roots inside it at any depth. */
function deepQueryAll(host: Element, selector: string): Element[] {
  const root = host.shadowRoot;
  if (!root) return [];
  const all = [...root.querySelectorAll('*')];
  return [...root.querySelectorAll(selector), ...all.flatMap((el) => deepQueryAll(el, selector))];
}

describe('<rtc-room>', () => {
  let container: HTMLElement;

  beforeEach(async () => {
    container = await fixture(html`<div style="display: grid; grid-template-columns: 1fr 1fr; width: 1000px"></div>`);
  });

  afterEach(() => {
    container.replaceChildren();
  });

  itWithWebRTC('puts two, then three, elements in one call where each decodes everyone else', async () => {
    const name = uniqueRoom('el');
    const alice = await addRoom(container, name, 'Alice');
    expect(alice.matches(':state(connected)')).to.equal(true);
    const bob = await addRoom(container, name, 'Bob');
    await everyoneSeesEveryone([alice, bob]);
    const carol = await addRoom(container, name, 'Carol');
    await everyoneSeesEveryone([alice, bob, carol]);
    // Local tile first, mirrored and muted; labels are the names.
    const [first, ...others] = videos(alice);
    expect(first!.mirrored).to.equal(true);
    expect(first!.muted).to.equal(true);
    expect(first!.shadowRoot!.querySelector('[part=label]')!.textContent).to.equal('Alice (you)');
    // The placeholder's initials come from the name, not from the "(you)" label.
    expect(first!.shadowRoot!.querySelector('[part=avatar]')!.textContent).to.equal('A');
    expect(others.map((v) => v.mirrored || v.muted)).to.deep.equal([false, false]);
    expect(others.map((v) => v.shadowRoot!.querySelector('[part=label]')!.textContent).sort()).to.deep.equal([
      'Bob',
      'Carol',
    ]);
    await expect(alice).to.be.accessible();
  });

  itWithWebRTC(
    'removing an element stops its tracks, closes its connections and removes its tile elsewhere',
    async () => {
      const name = uniqueRoom('el-remove');
      const rooms = [
        await addRoom(container, name, 'A'),
        await addRoom(container, name, 'B'),
        await addRoom(container, name, 'C'),
      ];
      await everyoneSeesEveryone(rooms);
      const [a, b, c] = rooms as [RtcRoom, RtcRoom, RtcRoom];
      const aId = a.session!.local!.id;
      const tracks = a.session!.localStream!.getTracks();
      const pcs = connections(a);
      const players = videos(a).map((v) => v.shadowRoot!.querySelector('video')!);
      const left = [b, c].map((r) => nextEvent<RtcPeerLeftEvent>(r, 'rtc-peer-left', (e) => e.participant.id === aId));
      a.remove();
      expect(tracks.length).to.equal(2);
      expect(tracks.every((t) => t.readyState === 'ended')).to.equal(true);
      expect(pcs.every((pc) => pc.connectionState === 'closed')).to.equal(true);
      expect(a.session).to.equal(null);
      expect(a.matches(':state(idle)')).to.equal(true);
      await Promise.all(left);
      for (const room of [b, c]) {
        await eventually(() => tiles(room).length === 2, 'the tile of the peer who left is still there');
        expect(tiles(room).some((t) => t.dataset.participant === aId)).to.equal(false);
      }
      // Nothing of A's call is left playing in its old <video> elements.
      expect(players.every((v) => v.srcObject === null)).to.equal(true);
    },
  );

  itWithWebRTC(
    'moved in the page while joining (as frameworks do), keeps exactly one camera and microphone',
    async () => {
      const recorder = recordUserMedia();
      try {
        const element = document.createElement('rtc-room');
        element.room = uniqueRoom('el-move');
        container.append(element);
        await element.updateComplete; // joining: the camera is starting
        element.remove();
        const joined = nextEvent(element, 'rtc-joined');
        container.append(element);
        await joined;
        // The first join's camera may come after the second's: it is stopped as it comes.
        await eventually(() => recorder.streams.length === 2, 'the first camera never came');
        const live = () =>
          recorder
            .live()
            .map((t) => t.kind)
            .sort()
            .join();
        await eventually(() => live() === 'audio,video', 'not exactly one camera and one microphone live');
        expect(element.session!.localStream!.getTracks().every((t) => t.readyState === 'live')).to.equal(true);
      } finally {
        recorder.restore();
      }
    },
  );

  it('shows an error state and fires rtc-error for an invalid room name', async () => {
    const element = document.createElement('rtc-room');
    element.room = 'not a valid room!';
    const error = nextEvent<RtcErrorEvent>(element, 'rtc-error');
    container.append(element);
    const event = await error;
    expect(event.code).to.equal('invalid-room');
    expect(event.fatal).to.equal(true);
    await element.updateComplete;
    expect(element.matches(':state(error)')).to.equal(true);
    const alert = element.shadowRoot!.querySelector('[role=alert]')!;
    expect(alert.textContent).to.contain('Invalid room name');
    await expect(element).to.be.accessible();
  });

  itWithWebRTC(
    'shows an error state for an unreachable server, and joins on "Try again" once the server is right',
    async () => {
      const element = document.createElement('rtc-room');
      element.room = uniqueRoom('el-down');
      element.server = 'ws://127.0.0.1:9/signal';
      const error = nextEvent<RtcErrorEvent>(element, 'rtc-error', (e) => e.fatal);
      container.append(element);
      expect((await error).code).to.equal('server-unreachable');
      await element.updateComplete;
      expect(element.matches(':state(error)')).to.equal(true);
      element.server = '';
      await nextEvent(element, 'rtc-joined');
      expect(element.matches(':state(connected)')).to.equal(true);
    },
  );

  itWithWebRTC('joins with the microphone alone when the camera cannot be had, and says so', async () => {
    const element = document.createElement('rtc-room');
    element.room = uniqueRoom('el-no-camera');
    element.media = { audio: true, video: { deviceId: { exact: 'no-such-camera' } } };
    const error = nextEvent<RtcErrorEvent>(element, 'rtc-error');
    const joined = nextEvent(element, 'rtc-joined');
    container.append(element);
    const event = await error;
    // A camera that does not exist, asked for by exact id: OverconstrainedError (was media-unavailable).
    expect(event.code).to.equal('media-constraints');
    expect(event.fatal).to.equal(false);
    await joined;
    await element.updateComplete;
    expect(element.matches(':state(connected)')).to.equal(true);
    expect(element.session!.localStream!.getTracks().map((t) => t.kind)).to.deep.equal(['audio']);
    const notice = element.shadowRoot!.querySelector('[part=notice]')!;
    expect(notice.textContent).to.contain('No camera can do what this page asked.');
    expect(notice.querySelector('[part=notice-retry]')!.textContent).to.equal('Try again');
    expect(notice.textContent).to.contain('microphone only');
    const local = videos(element)[0]!;
    expect(local.matches(':state(has-video)')).to.equal(false);
    await expect(element).to.be.accessible();
  });

  itWithWebRTC('renders names as text, never as HTML', async () => {
    // Markup whose script does nothing visible: were it ever rendered as HTML, the test fails on
    // the element it makes (an alert() would hold the page until the run times out).
    const markup = '<img src=x onerror=window.rtcNameRan=1>';
    const name = uniqueRoom('el-xss');
    const a = await addRoom(container, name, markup);
    const b = await addRoom(container, name, 'B');
    await eventually(() => tiles(b).length === 2, 'B does not show A');
    const labels = videos(b).map((v) => v.shadowRoot!.querySelector('[part=label]')!);
    expect(labels.some((l) => l.textContent === markup)).to.equal(true);
    // The names show inside each tile's own shadow roots: look through every one of them (the
    // search reaches the labels), for an element the name would have made.
    expect(deepQueryAll(b, '[part=label]').map((l) => l.textContent)).to.include(markup);
    expect(deepQueryAll(b, 'img').map((img) => img.outerHTML)).to.deep.equal([]);
    expect(deepQueryAll(a, 'img').map((img) => img.outerHTML)).to.deep.equal([]);
  });

  itWithWebRTC('moves to another room when the room attribute changes', async () => {
    const first = uniqueRoom('el-move-a');
    const second = uniqueRoom('el-move-b');
    const mover = await addRoom(container, first, 'Mover');
    const waiting = await addRoom(container, second, 'Waiting');
    const joined = nextEvent(waiting, 'rtc-peer-joined');
    mover.setAttribute('room', second);
    await joined;
    await everyoneSeesEveryone([mover, waiting]);
  });
});
