/**
 * The page's audio meters in a real call share one `AudioContext` (browsers cap how many a page
 * may run): the rooms' levels (our own microphone) and `<rtc-device-picker>`'s level meter. The
 * contexts are counted by wrapping the page's `AudioContext` constructor in a subclass: each one
 * is still a real context that measures real sound. Web Audio needs an audio output, which Firefox
 * here lacks: skipped there with its reason (skipWithoutWebAudio).
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { RtcDevicePicker } from '../../src/components/device-picker/device-picker.js';
import '../../src/components/device-picker/rtc-device-picker.js';
import type { Room } from '../../src/core/index.js';
import { joinedPair, skipWithoutWebAudio } from './call-helpers.js';
import { eventually } from './helpers.js';
import { itWithWebRTC } from './webrtc.js';

describe("the page's audio meters", () => {
  const rooms: Room[] = [];
  const Real = globalThis.AudioContext;
  afterEach(() => {
    globalThis.AudioContext = Real;
    for (const room of rooms.splice(0)) room.leave();
  });

  itWithWebRTC('share one AudioContext in a real call, and each still moves with its microphone', async function () {
    await skipWithoutWebAudio(this);
    const created: AudioContext[] = [];
    globalThis.AudioContext = class extends Real {
      constructor(options?: AudioContextOptions) {
        super(options);
        created.push(this);
      }
    };
    const { a, b } = await joinedPair('meters', (room) => rooms.push(room));
    const picker = await fixture<RtcDevicePicker>(
      html`<rtc-device-picker kind="audioinput" .session=${a}></rtc-device-picker>`,
    );
    const meter = () => Number(picker.shadowRoot!.querySelector('[part~=meter]')?.getAttribute('aria-valuenow'));
    await eventually(() => meter() > 5, "the picker's meter does not move with the call microphone");
    await eventually(() => a.local!.audioLevel > 0, "Ada's room does not measure her microphone");
    await eventually(() => b.local!.audioLevel > 0, "Bo's room does not measure his microphone");
    expect(created.length, 'AudioContexts the page opened for its three meters').to.equal(1);
    // It closes with its last meter.
    picker.remove();
    a.leave();
    b.leave();
    await eventually(() => created[0]!.state === 'closed', 'the shared context stays open after its last meter');
  });
});
