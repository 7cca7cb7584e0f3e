/**
 * The SFU's layers and pausing, through a real Janus: a camera shown small is received in the low
 * simulcast layer sent (its frames at most half the top layer's height), a camera nobody sees stops
 * coming (`view` null), and so does every video while the page is in the background; shown again,
 * it comes back in the layer its tile needs.
 */
import { expect } from '@open-wc/testing';
import { eventually } from '../helpers.js';
import { describeWithWebRTC } from '../webrtc.js';
import { framesRise, framesStopRising, receivedVideo, type SfuCall, sentTop, sfuCall } from './sfu-call.js';

describeWithWebRTC('Janus transport: layers and pausing', () => {
  let call: SfuCall | undefined;
  afterEach(() => call?.leave());

  it('a small tile gets the low layer, a hidden one nothing, and shown again it plays', async () => {
    call = await sfuCall(2);
    const ada = call.seen(1, 0);
    const view = call.transports[1]!.view!.bind(call.transports[1]);
    // Before any view: everything comes, the top layer included.
    await framesRise(ada, 'Bo receives Ada');
    // The top layer as Ada sends it now. Not any layer 240 lines or more high: a call starts on a
    // low bandwidth estimate, which holds the top layer back, and Janus relays the next one down.
    const top = await eventually(async () => {
      const [sent, { height }] = await Promise.all([sentTop(call!.rooms[0]!), receivedVideo(ada)]);
      return sent > 0 && height === sent ? height : 0;
    }, 'Bo never receives the top layer Ada sends');
    view(ada.id, { width: 160 / devicePixelRatio, height: 120 / devicePixelRatio });
    // The lowest layer sent: Chromium sends at most two layers of a 640x480 camera (its simulcast
    // limit by resolution), the top one and half of it; a larger camera sends the quarter too.
    const low = await eventually(async () => {
      const { height } = await receivedVideo(ada);
      return height > 0 && height <= top / 2 ? height : 0;
    }, `Bo still receives Ada at more than half of ${top} lines`);
    expect(low).to.be.at.most(top / 2);
    await framesRise(ada, 'Bo receives the low layer');
    view(ada.id, null);
    await framesStopRising(ada, 'Ada hidden');
    view(ada.id, { width: 640, height: 480 });
    await framesRise(ada, 'Ada shown again');
    await eventually(async () => {
      const [sent, { height }] = await Promise.all([sentTop(call!.rooms[0]!), receivedVideo(ada)]);
      return sent > 0 && height === sent;
    }, 'Ada shown large is not the top layer she sends');
  });

  it('while the page is in the background every video stops, and comes back when it is shown', async () => {
    call = await sfuCall(2);
    const ada = call.seen(1, 0);
    await framesRise(ada, 'Bo receives Ada');
    const visibility = Object.getOwnPropertyDescriptor(Document.prototype, 'visibilityState')!;
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    try {
      document.dispatchEvent(new Event('visibilitychange'));
      await framesStopRising(ada, 'the page in the background');
    } finally {
      delete (document as { visibilityState?: unknown }).visibilityState;
      expect(Object.getOwnPropertyDescriptor(Document.prototype, 'visibilityState')).to.deep.equal(visibility);
      document.dispatchEvent(new Event('visibilitychange'));
    }
    await framesRise(ada, 'the page shown again');
  });
});
