/**
 * A page that puts `<rtc-room>` in and listens on it hears every public event the room's parts
 * fire (the tiles, the control bar, the chat, the settings' device picker and stats), once, as a
 * copy of the same class fired on the room, besides the room's own. One real call through the real
 * server: Ada is an `<rtc-room>` in the page, Bo a core `Room`; each event is provoked as a person
 * (a key press on a control, a message from Bo) or the browser (the stats of the real links, a
 * speaker that cannot be used) would.
 *
 * Each test compares what the parts fired (heard at the room's shadow root, where their events
 * stop) with what the page heard on the room: the same events, field for field, in the same order,
 * each one once. Unplugging a device: a fake device cannot be unplugged, so the real
 * `enumerateDevices` is wrapped to leave one out and a real `devicechange` event is dispatched
 * (as the device picker's own tests do).
 */
import { expect } from '@open-wc/testing';
import type { RtcDevicePicker } from '../../src/components/device-picker/device-picker.js';
import type { RtcParticipant } from '../../src/components/participant/participant.js';
import type { RtcRoom } from '../../src/components/room/room.js';
import { chatMessage } from '../../src/core/chat-message.js';
import { Room } from '../../src/core/index.js';
import { RtcActiveSpeakerEvent } from '../../src/events/rtc-active-speaker.js';
import { RtcChatToggleEvent } from '../../src/events/rtc-chat-toggle.js';
import { RtcDeviceChangeEvent } from '../../src/events/rtc-device-change.js';
import { RtcDeviceLostEvent } from '../../src/events/rtc-device-lost.js';
import { RtcErrorEvent } from '../../src/events/rtc-error.js';
import { RtcJoinedEvent } from '../../src/events/rtc-joined.js';
import { RtcLeftEvent } from '../../src/events/rtc-left.js';
import { RtcPeerJoinedEvent } from '../../src/events/rtc-peer-joined.js';
import { RtcPeerLeftEvent } from '../../src/events/rtc-peer-left.js';
import { RtcPinChangeEvent } from '../../src/events/rtc-pin-change.js';
import { RtcQualityChangeEvent } from '../../src/events/rtc-quality-change.js';
import { RtcSettingsToggleEvent } from '../../src/events/rtc-settings-toggle.js';
import { RtcStateChangeEvent } from '../../src/events/rtc-state-change.js';
import { RtcUnreadChangeEvent } from '../../src/events/rtc-unread-change.js';
import '../../src/define.js';
import { eventually, nextEvent, uniqueRoom } from './helpers.js';
import { pressKey } from './keys.js';
import { skip } from './skip.js';
import { describeWithWebRTC } from './webrtc.js';

type EventClass = { readonly type: string; new (...args: never[]): Event };

/** Every event a page can hear on `<rtc-room>` (the README's table). */
const EVENTS: readonly EventClass[] = [
  RtcJoinedEvent,
  RtcLeftEvent,
  RtcPeerJoinedEvent,
  RtcPeerLeftEvent,
  RtcStateChangeEvent,
  RtcActiveSpeakerEvent,
  RtcErrorEvent,
  RtcQualityChangeEvent,
  RtcPinChangeEvent,
  RtcChatToggleEvent,
  RtcSettingsToggleEvent,
  RtcUnreadChangeEvent,
  RtcDeviceChangeEvent,
  RtcDeviceLostEvent,
];

/** What the parts fired in the room's shadow root, and what the page heard on the room, in order. */
interface Log {
  fired: Event[];
  heard: Event[];
}

function listen(room: RtcRoom): Log {
  const log: Log = { fired: [], heard: [] };
  for (const type of new Set(EVENTS.map((kind) => kind.type))) {
    room.shadowRoot!.addEventListener(type, (event) => log.fired.push(event));
    room.addEventListener(type, (event) => log.heard.push(event));
  }
  return log;
}

/** An event as its class and fields, objects (participants, devices, errors) by identity: equal means the same one. */
const objects = new Map<object, string>();
function fields(event: Event): Record<string, unknown> {
  const ref = (value: unknown) => {
    if (typeof value !== 'object' || value === null) return value;
    if (!objects.has(value)) objects.set(value, `${value.constructor.name} #${objects.size + 1}`);
    return objects.get(value);
  };
  return {
    class: event.constructor.name,
    ...Object.fromEntries(Object.entries(event).map(([key, value]) => [key, ref(value)])),
  };
}

describeWithWebRTC('<rtc-room>: a page listening on it hears every event its parts fire, once', () => {
  let container: HTMLElement;
  let ada: RtcRoom;
  let bo: Room;
  let log: Log;
  const undo: (() => void)[] = [];

  const part = (name: string) => ada.shadowRoot!.querySelector<HTMLElement>(`[part~=${name}]`);
  const button = (name: string) =>
    part('controls')!.shadowRoot!.querySelector<HTMLButtonElement>(`[data-button=${name}]`)!;
  const picker = () => part('settings') as RtcDevicePicker | null;

  /** Where the log stands, to look at what comes after. */
  const mark = () => ({ fired: log.fired.length, heard: log.heard.length });

  /**
   * Waits until the parts fired events of `kind` since `from` (`count` of them, or until `enough`),
   * then checks the page heard exactly those on the room (copies: fired on the room, bubbling, not
   * composed), once each.
   */
  async function expectHeard<E extends Event>(
    kind: EventClass,
    from: ReturnType<typeof mark>,
    count: number | ((fired: E[]) => boolean) = 1,
  ) {
    const fired = () => log.fired.slice(from.fired).filter((e) => e instanceof kind) as E[];
    const enough = typeof count === 'number' ? (events: E[]) => events.length >= count : count;
    await eventually(() => enough(fired()), `not the ${kind.type} events expected from the room's parts`);
    // Forwarding is synchronous: by now every copy has been heard.
    const heard = log.heard.slice(from.heard).filter((e) => e instanceof kind) as E[];
    expect(heard.map(fields), `${kind.type} heard on the room`).to.deep.equal(fired().map(fields));
    // Compared as booleans: an element or event in a failing assertion is serialized with all it reaches.
    for (const event of heard) {
      expect(event.target === ada, `${kind.type} fired on the room`).to.equal(true);
      expect([event.bubbles, event.composed]).to.deep.equal([true, false]);
      expect(fired().includes(event), `${kind.type} heard is a copy`).to.equal(false);
    }
    return heard;
  }

  before(async () => {
    container = document.createElement('div');
    container.style.width = '1100px';
    document.body.append(container);
    const name = uniqueRoom('room-events');
    ada = document.createElement('rtc-room');
    ada.room = name;
    ada.name = 'Ada';
    const joined = nextEvent(ada, 'rtc-joined');
    container.append(ada);
    log = listen(ada);
    await joined;
    bo = new Room({ room: name, name: 'Bo' });
    await bo.join();
    await eventually(
      () => [...ada.session!.remote.values()].some((p) => p.name === 'Bo' && p.connectionState === 'connected'),
      'Bo never connected to Ada',
    );
  });

  after(() => {
    for (const restore of undo.splice(0)) restore();
    bo.leave();
    container.remove();
  });

  afterEach(async () => {
    for (const restore of undo.splice(0)) restore();
    // Panels closed between tests (while the room still shows its controls).
    if (!part('controls')) return;
    for (const name of ['chat', 'settings'] as const) {
      if (button(name).getAttribute('aria-pressed') === 'true') {
        button(name).focus();
        await pressKey('Enter');
      }
    }
    await ada.updateComplete;
  });

  it('rtc-quality-change: each tile’s level, and the settings’ stats (your uplink)', async () => {
    // The tiles' levels come from the stats of the real links once they are measured: from the start.
    const names = (events: RtcQualityChangeEvent[]) => events.map((e) => e.participant?.name ?? null);
    const tiles = await expectHeard<RtcQualityChangeEvent>(RtcQualityChangeEvent, { fired: 0, heard: 0 }, (events) =>
      ['Ada', 'Bo'].every((name) => names(events).includes(name)),
    );
    expect(tiles[0]!.previous, 'the first level known').to.equal(null);
    // The stats in the settings panel: the room's level, your uplink (participant null).
    const from = mark();
    button('settings').focus();
    await pressKey('Enter');
    const stats = await expectHeard<RtcQualityChangeEvent>(RtcQualityChangeEvent, from, (events) =>
      names(events).includes(null),
    );
    expect(stats.find((e) => e.participant === null)!.level).to.be.oneOf(['good', 'fair', 'poor', 'lost']);
  });

  it('rtc-pin-change: a tile’s pin button, by keyboard', async () => {
    // Bo's tile (a new element once it moves to the large place).
    const pin = () =>
      [...ada.shadowRoot!.querySelectorAll<RtcParticipant>('rtc-participant')]
        .find((t) => t.participant?.name === 'Bo')!
        .shadowRoot!.querySelector<HTMLButtonElement>('[part=pin]')!;
    const from = mark();
    pin().focus();
    await pressKey('Enter');
    const [pinned] = await expectHeard<RtcPinChangeEvent>(RtcPinChangeEvent, from);
    expect([pinned!.participant.name, pinned!.pinned]).to.deep.equal(['Bo', true]);
    await ada.updateComplete;
    expect(ada.matches(':state(focus)'), 'the room shows the pinned tile large').to.equal(true);
    pin().focus();
    await pressKey('Enter');
    const [, unpinned] = await expectHeard<RtcPinChangeEvent>(RtcPinChangeEvent, from, 2);
    expect(unpinned!.pinned).to.equal(false);
  });

  it('rtc-chat-toggle and rtc-settings-toggle: the control bar’s buttons', async () => {
    const from = mark();
    button('chat').focus();
    await pressKey('Enter');
    const [chat] = await expectHeard<RtcChatToggleEvent>(RtcChatToggleEvent, from);
    expect(chat!.open).to.equal(true);
    button('settings').focus();
    await pressKey('Enter');
    const [settings] = await expectHeard<RtcSettingsToggleEvent>(RtcSettingsToggleEvent, from);
    expect(settings!.open).to.equal(true);
    button('settings').focus();
    await pressKey('Enter');
    const [, closed] = await expectHeard<RtcSettingsToggleEvent>(RtcSettingsToggleEvent, from, 2);
    expect(closed!.open).to.equal(false);
  });

  it('rtc-unread-change: a message from Bo while the chat is closed, then opening it', async () => {
    const from = mark();
    bo.send(chatMessage('Hello, Ada'));
    const [one] = await expectHeard<RtcUnreadChangeEvent>(RtcUnreadChangeEvent, from);
    expect(one!.unread).to.equal(1);
    button('chat').focus();
    await pressKey('Enter');
    const [, read] = await expectHeard<RtcUnreadChangeEvent>(RtcUnreadChangeEvent, from, 2);
    expect(read!.unread).to.equal(0);
  });

  it('an element the page slotted in: its events reach the room as they are, once (no copy)', async () => {
    const chat = document.createElement('rtc-chat');
    const own: Event[] = [];
    chat.addEventListener('rtc-unread-change', (e) => own.push(e));
    ada.append(chat);
    // define.js defines <rtc-chat> the first time one is in the page (a chunk of its own).
    await customElements.whenDefined('rtc-chat');
    await chat.updateComplete;
    const from = mark();
    bo.send(chatMessage('Hello again'));
    // Both count it: the room's own control bar (from the session's chat log) and the page's chat.
    const builtIn = () =>
      log.fired.slice(from.fired).filter((e) => e instanceof RtcUnreadChangeEvent && e.target !== chat);
    await eventually(() => own.length && builtIn().length, 'the two chats did not count the message');
    const heard = log.heard.slice(from.heard).filter((e) => e instanceof RtcUnreadChangeEvent);
    // The page's chat's own events, each once, as they are.
    expect(heard.filter((e) => e.target === chat).map((e) => own.indexOf(e))).to.deep.equal(own.map((_, i) => i));
    expect(heard.filter((e) => e.target === ada).map(fields)).to.deep.equal(builtIn().map(fields));
    expect(heard).to.have.length(own.length + builtIn().length);
    chat.remove();
  });

  it('change: a microphone chosen in the settings (and no native change of the room’s own fields)', async () => {
    button('settings').focus();
    await pressKey('Enter');
    await ada.updateComplete;
    const select = await eventually(
      () => picker()?.shadowRoot?.querySelector<HTMLSelectElement>('select#audioinput:not([disabled])'),
      'the settings list no microphone',
    );
    // Another microphone where there are several (Chromium), else the one there is (Firefox).
    const option = [...select.options].at(-1)!;
    const from = mark();
    select.value = option.value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    const [changed] = await expectHeard<RtcDeviceChangeEvent>(RtcDeviceChangeEvent, from);
    expect([changed!.kind, changed!.deviceId]).to.deep.equal(['audioinput', option.value]);
    expect(log.heard.slice(from.heard).filter((e) => e.type === 'change')).to.deep.equal([changed]);
  });

  it('rtc-device-lost: the microphone in use goes away while the settings are open', async () => {
    button('settings').focus();
    await pressKey('Enter');
    await ada.updateComplete;
    // The picker has listed the devices (what goes away is told by the next list).
    const inUse = await eventually(() => {
      const select = picker()?.shadowRoot?.querySelector<HTMLSelectElement>('select#audioinput:not([disabled])');
      return select && [...select.options].some((o) => o.value === select.value) ? select.value : '';
    }, 'the settings list no microphone in use');
    expect(inUse).to.equal(picker()!.audioInput);
    const media = navigator.mediaDevices;
    const original = media.enumerateDevices;
    media.enumerateDevices = async function (this: MediaDevices) {
      return (await original.call(this)).filter((d) => d.deviceId !== inUse);
    };
    undo.push(() => {
      media.enumerateDevices = original;
    });
    const from = mark();
    media.dispatchEvent(new Event('devicechange'));
    const [lost] = await expectHeard<RtcDeviceLostEvent>(RtcDeviceLostEvent, from);
    expect([lost!.kind, lost!.device.deviceId]).to.deep.equal(['audioinput', inUse]);
  });

  it('rtc-error: a speaker the tiles cannot play through, once per tile (from inside each tile’s <rtc-video>)', async function () {
    if (!('setSinkId' in HTMLMediaElement.prototype)) {
      skip(this, 'no HTMLMediaElement.setSinkId in this browser: a tile never fails to use a speaker');
    }
    const session = ada.session!;
    const tiles = ada.shadowRoot!.querySelectorAll('rtc-participant').length;
    const from = mark();
    await session.switchDevice('audiooutput', 'no-such-speaker');
    const errors = await expectHeard<RtcErrorEvent>(RtcErrorEvent, from, tiles);
    expect(errors.map((e) => [e.code, e.fatal])).to.deep.equal(Array(tiles).fill(['media-unavailable', false]));
    await session.switchDevice('audiooutput', '');
  });

  it('the room’s own events: joined, peer joined, states, active speaker, peer left and left, each once', async () => {
    const own = (kind: EventClass) => log.heard.filter((e) => e instanceof kind);
    await eventually(() => own(RtcActiveSpeakerEvent).length, 'no rtc-active-speaker');
    const from = mark();
    const boLeft = nextEvent<RtcPeerLeftEvent>(ada, 'rtc-peer-left');
    bo.leave();
    expect((await boLeft).participant.name).to.equal('Bo');
    const left = nextEvent(ada, 'rtc-left');
    ada.leave();
    await left;
    expect(own(RtcJoinedEvent).map((e) => (e as RtcJoinedEvent).participant.name)).to.deep.equal(['Ada']);
    expect(own(RtcPeerJoinedEvent).map((e) => (e as RtcPeerJoinedEvent).participant.name)).to.deep.equal(['Bo']);
    expect(own(RtcPeerLeftEvent).map((e) => (e as RtcPeerLeftEvent).participant.name)).to.deep.equal(['Bo']);
    expect(own(RtcLeftEvent)).to.have.length(1);
    const states = own(RtcStateChangeEvent).map((e) => (e as RtcStateChangeEvent).state);
    expect([states[0], states.at(-1)], states.join()).to.deep.equal(['connecting', 'closed']);
    expect(states).to.include('connected');
    // The room fires these itself: none of them came from its parts.
    const parts = log.fired.filter((e) =>
      [
        RtcJoinedEvent,
        RtcLeftEvent,
        RtcPeerJoinedEvent,
        RtcPeerLeftEvent,
        RtcStateChangeEvent,
        RtcActiveSpeakerEvent,
      ].some((kind) => e instanceof kind),
    );
    expect(parts).to.deep.equal([]);
    expect(log.heard.length).to.be.greaterThan(from.heard);
  });
});
