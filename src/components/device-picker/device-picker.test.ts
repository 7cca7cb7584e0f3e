/**
 * <rtc-device-picker> in real Chromium and Firefox with their fake devices (Chromium lists three
 * microphones, a camera and three speakers; Firefox one microphone and one camera, no speaker,
 * and hides their names until the page asked for them). The tests adapt to what the browser
 * lists, not to its name. Hot-plug: a fake device cannot be unplugged, so the real
 * `enumerateDevices` is wrapped to leave one out and a real `devicechange` event is dispatched.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { eventually, inbound, nextEvent, recordUserMedia, uniqueRoom } from '../../../test/browser/helpers.js';
import { joinedPair, skipWithoutWebAudio } from '../../../test/browser/call-helpers.js';
import { canvasStream, StaticSession, staticParticipant } from '../../../test/browser/static-session.js';
import { itWithWebRTC } from '../../../test/browser/webrtc.js';
import type { DeviceKind } from '../../core/local-tracks.js';
import { Room } from '../../core/room.js';
import type { RtcDeviceChangeEvent } from '../../events/rtc-device-change.js';
import type { RtcDeviceLostEvent } from '../../events/rtc-device-lost.js';
import { resetStrings, setStrings } from '../../i18n/localize.js';
import { canChooseSpeaker, type RtcDevicePicker } from './device-picker.js';
import { DEVICE_PREFERENCES_KEY, loadDevicePreferences, saveDevicePreference } from './device-preferences.js';
import './rtc-device-picker.js';

const part = (picker: RtcDevicePicker, name: string) =>
  picker.shadowRoot!.querySelector<HTMLElement>(`[part~=${name}]`);
const select = (picker: RtcDevicePicker, kind: DeviceKind) =>
  picker.shadowRoot!.querySelector<HTMLSelectElement>(`select#${kind}`);
const optionLabels = (picker: RtcDevicePicker, kind: DeviceKind) =>
  [...(select(picker, kind)?.options ?? [])].map((o) => o.textContent!.trim());
const meterValue = (picker: RtcDevicePicker) => Number(part(picker, 'meter')?.getAttribute('aria-valuenow'));

/** The devices of `kind` the browser lists with an id. */
async function devices(kind: DeviceKind): Promise<MediaDeviceInfo[]> {
  return (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === kind && d.deviceId);
}

/** The last microphone listed: another one than the default where there are several. */
async function lastMicrophone(): Promise<MediaDeviceInfo> {
  return (await devices('audioinput')).at(-1)!;
}

/** Resolves once the picker lists devices with names in its `kind` select. */
function listed(picker: RtcDevicePicker, kind: DeviceKind = 'audioinput') {
  return eventually(() => select(picker, kind)?.options[0]?.value, `the picker lists no ${kind} with an id`);
}

/** As the person does: picks `deviceId` in the `kind` select. */
function choose(picker: RtcDevicePicker, kind: DeviceKind, deviceId: string) {
  const field = select(picker, kind)!;
  field.value = deviceId;
  expect(field.value, `${deviceId} is not an option`).to.equal(deviceId);
  field.dispatchEvent(new Event('change', { bubbles: true }));
}

/** Makes the real `enumerateDevices` leave `deviceId` out, as if unplugged; returns the undo. */
function unplug(deviceId: string): () => void {
  const media = navigator.mediaDevices;
  const original = media.enumerateDevices;
  media.enumerateDevices = async function (this: MediaDevices) {
    return (await original.call(this)).filter((d) => d.deviceId !== deviceId);
  };
  return () => {
    media.enumerateDevices = original;
  };
}

/**
 * Resolves once the level meter shows sound. Only where Web Audio runs: a test that measures calls
 * `skipWithoutWebAudio(this)` first (Firefox here never starts an `AudioContext`); elsewhere this
 * waits as long as the context takes to start.
 */
function meterMoves(picker: RtcDevicePicker, what: string) {
  return eventually(() => meterValue(picker) > 5, what);
}

describe('<rtc-device-picker>', () => {
  let recorder: ReturnType<typeof recordUserMedia>;
  const cleanups: (() => void)[] = [];

  beforeEach(() => {
    localStorage.removeItem(DEVICE_PREFERENCES_KEY);
    recorder = recordUserMedia();
  });

  afterEach(() => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup();
    for (const track of recorder.live()) track.stop();
    recorder.restore();
    localStorage.removeItem(DEVICE_PREFERENCES_KEY);
    resetStrings();
  });

  // First in the file: in Firefox the page has not asked for devices yet, so their names are hidden.
  it('lists the devices by label, after asking for access where the names are hidden', async () => {
    const before = await navigator.mediaDevices.enumerateDevices();
    const hidden = before.some((d) => (d.kind === 'audioinput' || d.kind === 'videoinput') && !d.label);
    const picker = await fixture<RtcDevicePicker>(html`<rtc-device-picker></rtc-device-picker>`);
    await eventually(() => select(picker, 'audioinput')?.options.length, 'no microphone field');
    if (hidden) {
      await eventually(() => picker.matches(':state(needs-permission)'), 'no needs-permission state');
      expect(part(picker, 'permission')!.textContent).to.contain('Allow camera and microphone access');
      expect(select(picker, 'audioinput')!.disabled).to.equal(true);
      await expect(picker).to.be.accessible();
      part(picker, 'allow')!.click();
      await eventually(() => !picker.matches(':state(needs-permission)'), 'the names never showed');
      // It asked, then let go of what it was given.
      expect(recorder.streams[0]!.getTracks().every((t) => t.readyState === 'ended')).to.equal(true);
    }
    expect(part(picker, 'permission')).to.equal(null);
    const named = await navigator.mediaDevices.enumerateDevices();
    for (const kind of ['audioinput', 'videoinput'] as const) {
      const labels = named.filter((d) => d.kind === kind).map((d) => d.label);
      expect(labels.length, `no fake ${kind}`).to.be.greaterThan(0);
      await eventually(
        () => JSON.stringify(optionLabels(picker, kind)) === JSON.stringify(labels),
        `the ${kind} options are not ${labels.join(', ')} but ${optionLabels(picker, kind).join(', ')}`,
      );
      expect(select(picker, kind)!.disabled).to.equal(false);
    }
    const speakers = named.filter((d) => d.kind === 'audiooutput').map((d) => d.label);
    if (canChooseSpeaker() && speakers.length) expect(optionLabels(picker, 'audiooutput')).to.deep.equal(speakers);
    else expect(select(picker, 'audiooutput')).to.equal(null);
    await expect(picker).to.be.accessible();
  });

  it('previews the chosen camera and stops every track it opened when it leaves the page', async () => {
    const picker = await fixture<RtcDevicePicker>(html`<rtc-device-picker></rtc-device-picker>`);
    await eventually(() => picker.matches(':state(previewing)'), 'no preview');
    const preview = part(picker, 'preview') as HTMLElement & { stream: MediaStream | null };
    await eventually(() => preview.matches(':state(has-video)'), 'the preview shows no video');
    expect(preview.stream).to.equal(recorder.streams.at(-1));
    expect(preview.hasAttribute('mirrored') && preview.hasAttribute('muted')).to.equal(true);
    expect(
      recorder
        .live()
        .map((t) => t.kind)
        .sort(),
    ).to.deep.equal(['audio', 'video']);
    await expect(picker).to.be.accessible();
    picker.remove();
    expect(recorder.streams.length).to.be.greaterThan(0);
    expect(recorder.live()).to.deep.equal([]);
  });

  it('records, remembers and previews a microphone chosen outside a call; a fresh picker restores it', async () => {
    const mic = await lastMicrophone();
    const picker = await fixture<RtcDevicePicker>(html`<rtc-device-picker></rtc-device-picker>`);
    await listed(picker);
    await eventually(() => picker.matches(':state(previewing)'), 'no preview');
    const first = recorder.streams.at(-1)!;
    const changed = nextEvent<RtcDeviceChangeEvent>(picker, 'change');
    choose(picker, 'audioinput', mic.deviceId);
    const event = await changed;
    expect([event.kind, event.deviceId]).to.deep.equal(['audioinput', mic.deviceId]);
    expect(picker.audioInput).to.equal(mic.deviceId);
    expect(JSON.parse(localStorage.getItem(DEVICE_PREFERENCES_KEY)!)).to.deep.equal({ audioinput: mic.deviceId });
    // The preview moves to the new microphone: the old stream ends, every track of it.
    expect(first.getTracks().every((t) => t.readyState === 'ended')).to.equal(true);
    const second = await eventually(() => recorder.streams.find((s) => s !== first), 'the preview did not reopen');
    expect(second.getAudioTracks()[0]!.getSettings().deviceId).to.equal(mic.deviceId);
    picker.remove();
    expect(recorder.live()).to.deep.equal([]);

    const fresh = await fixture<RtcDevicePicker>(html`<rtc-device-picker kind="audioinput"></rtc-device-picker>`);
    await eventually(() => fresh.audioInput === mic.deviceId, 'the remembered microphone was not restored');
    await eventually(() => select(fresh, 'audioinput')!.value === mic.deviceId, 'the select does not show it');
    await eventually(
      () => recorder.live().some((t) => t.kind === 'audio' && t.getSettings().deviceId === mic.deviceId),
      'the fresh picker does not preview the remembered microphone',
    );
    expect(select(fresh, 'videoinput')).to.equal(null);
    expect(part(fresh, 'preview')).to.equal(null);
  });

  it('is operable by keyboard', async () => {
    const picker = await fixture<RtcDevicePicker>(
      html`<rtc-device-picker kind="audioinput" no-preview></rtc-device-picker>`,
    );
    const field = select(picker, 'audioinput')!;
    await listed(picker);
    const button = document.createElement('button');
    button.textContent = 'before';
    picker.before(button);
    cleanups.push(() => button.remove());
    button.focus();
    await sendKeys({ press: 'Tab' });
    expect(picker.shadowRoot!.activeElement).to.equal(field);
    expect(getComputedStyle(field).boxShadow).to.not.equal('none');
    if (field.options.length > 1) {
      const changed = nextEvent<RtcDeviceChangeEvent>(picker, 'change');
      const next = field.options[field.selectedIndex + 1]!.value;
      await sendKeys({ press: 'ArrowDown' });
      expect((await changed).deviceId).to.equal(next);
      expect(picker.audioInput).to.equal(next);
    }
  });

  it('the level meter moves with the microphone', async function () {
    await skipWithoutWebAudio(this);
    const picker = await fixture<RtcDevicePicker>(html`<rtc-device-picker kind="audioinput"></rtc-device-picker>`);
    await eventually(() => recorder.live().length, 'no preview');
    await meterMoves(picker, 'the meter does not move with the fake microphone');
    const track = recorder.live().find((t) => t.kind === 'audio')!;
    track.enabled = false;
    await eventually(() => meterValue(picker) === 0, 'the meter does not fall silent with the microphone');
    track.enabled = true;
    await meterMoves(picker, 'the meter does not come back');
    const meter = part(picker, 'meter')!;
    expect(meter.getAttribute('role')).to.equal('meter');
    expect(meter.getAttribute('aria-label')).to.equal('Microphone level');
    await expect(picker).to.be.accessible();
  });

  it('falls back when the chosen microphone is unplugged, and says so', async () => {
    const mic = await lastMicrophone();
    saveDevicePreference('audioinput', mic.deviceId);
    const picker = await fixture<RtcDevicePicker>(html`<rtc-device-picker></rtc-device-picker>`);
    await eventually(() => picker.audioInput === mic.deviceId, 'the remembered microphone was not restored');
    await eventually(
      () => recorder.live().some((t) => t.kind === 'audio' && t.getSettings().deviceId === mic.deviceId),
      'no preview of the chosen microphone',
    );
    const previewed = recorder.streams.at(-1)!;
    cleanups.push(unplug(mic.deviceId));
    const left = await devices('audioinput');
    const expected = left.find((d) => d.deviceId === 'default') ?? left[0] ?? null;
    const lost = nextEvent<RtcDeviceLostEvent>(picker, 'rtc-device-lost');
    navigator.mediaDevices.dispatchEvent(new Event('devicechange'));
    const event = await lost;
    expect(event.kind).to.equal('audioinput');
    expect(event.device.deviceId).to.equal(mic.deviceId);
    expect(event.fallback?.deviceId ?? null).to.equal(expected?.deviceId ?? null);
    expect(picker.audioInput).to.equal(expected?.deviceId ?? '');
    await picker.updateComplete;
    expect(part(picker, 'status')!.textContent).to.contain(`“${mic.label}” was disconnected.`);
    if (expected) expect(part(picker, 'status')!.textContent).to.contain(expected.label);
    expect(optionLabels(picker, 'audioinput')).to.not.include(mic.label);
    // The preview of the lost microphone is stopped; the one it falls back to is opened.
    expect(previewed.getTracks().every((t) => t.readyState === 'ended')).to.equal(true);
    if (expected) {
      await eventually(
        () => recorder.live().some((t) => t.kind === 'audio' && t.getSettings().deviceId === expected.deviceId),
        'no preview of the fallback microphone',
      );
    }
    // The person's own choice stays remembered, for when the device comes back.
    expect(loadDevicePreferences().audioinput).to.equal(mic.deviceId);
    await expect(picker).to.be.accessible();
  });

  it('in a call: shows the call stream, switches through the session, and falls back through it', async () => {
    const mic = await lastMicrophone();
    const audio = await navigator.mediaDevices.getUserMedia({ audio: { deviceId: { exact: mic.deviceId } } });
    const stream = new MediaStream([...audio.getTracks(), ...canvasStream('Me').getTracks()]);
    cleanups.push(() => {
      for (const track of stream.getTracks()) track.stop();
    });
    const session = new StaticSession('connected', [staticParticipant('me', 'Me', true, stream)]);
    const picker = await fixture<RtcDevicePicker>(html`<rtc-device-picker .session=${session}></rtc-device-picker>`);
    await listed(picker);
    expect(picker.matches(':state(in-call)')).to.equal(true);
    expect(picker.audioInput).to.equal(mic.deviceId);
    expect(select(picker, 'audioinput')!.value).to.equal(mic.deviceId);
    expect((part(picker, 'preview') as HTMLElement & { stream: MediaStream }).stream).to.equal(stream);
    // The call's own stream: the picker opened nothing of its own.
    expect(recorder.streams.length).to.equal(1);
    expect(picker.matches(':state(previewing)')).to.equal(false);

    const mics = await devices('audioinput');
    const target = mics[1] ?? mics[0]!;
    const changed = nextEvent<RtcDeviceChangeEvent>(picker, 'change');
    choose(picker, 'audioinput', target.deviceId);
    expect((await changed).deviceId).to.equal(target.deviceId);
    expect(session.calls).to.deep.include(['switchDevice', 'audioinput', target.deviceId]);
    expect(picker.audioInput).to.equal(target.deviceId);
    expect(loadDevicePreferences().audioinput).to.equal(target.deviceId);
    const speakers = await devices('audiooutput');
    if (canChooseSpeaker() && speakers.length) {
      const chosen = nextEvent(picker, 'change');
      choose(picker, 'audiooutput', speakers.at(-1)!.deviceId);
      await chosen;
      expect(session.calls).to.deep.include(['switchDevice', 'audiooutput', speakers.at(-1)!.deviceId]);
      expect(picker.audioOutput).to.equal(speakers.at(-1)!.deviceId);
    }
    // A property set by the page switches too.
    const camera = (await devices('videoinput'))[0]!;
    picker.videoInput = camera.deviceId;
    await eventually(
      () => session.calls.some((c) => c[0] === 'switchDevice' && c[1] === 'videoinput'),
      'setting videoInput did not switch',
    );
    expect(session.calls).to.deep.include(['switchDevice', 'videoinput', camera.deviceId]);
    await expect(picker).to.be.accessible();

    // The call's microphone is unplugged: the session switches to what is left.
    const inUse = picker.audioInput;
    session.calls.length = 0;
    await picker.updateComplete;
    cleanups.push(unplug(inUse));
    const left = await devices('audioinput');
    const lost = nextEvent<RtcDeviceLostEvent>(picker, 'rtc-device-lost');
    navigator.mediaDevices.dispatchEvent(new Event('devicechange'));
    const event = await lost;
    expect(event.device.deviceId).to.equal(inUse);
    if (left.length) {
      const expected = left.find((d) => d.deviceId === 'default') ?? left[0]!;
      expect(event.fallback?.deviceId).to.equal(expected.deviceId);
      await eventually(() => session.calls.length, 'the session was not switched');
      expect(session.calls).to.deep.equal([['switchDevice', 'audioinput', expected.deviceId]]);
    } else {
      expect(event.fallback).to.equal(null);
      expect(session.calls).to.deep.equal([]);
    }
    picker.remove();
    expect(stream.getAudioTracks()[0]!.readyState, 'the picker stopped a track of the call').to.equal('live');
  });

  it("in a call: the level meter measures the call's own microphone", async function () {
    await skipWithoutWebAudio(this);
    const mic = await lastMicrophone();
    const audio = await navigator.mediaDevices.getUserMedia({ audio: { deviceId: { exact: mic.deviceId } } });
    const stream = new MediaStream([...audio.getTracks(), ...canvasStream('Me').getTracks()]);
    cleanups.push(() => {
      for (const track of stream.getTracks()) track.stop();
    });
    const session = new StaticSession('connected', [staticParticipant('me', 'Me', true, stream)]);
    const picker = await fixture<RtcDevicePicker>(html`<rtc-device-picker .session=${session}></rtc-device-picker>`);
    await listed(picker);
    await meterMoves(picker, 'the meter does not follow the call microphone');
    // The call mutes its microphone (it disables the track): the meter falls silent, and comes back.
    const track = stream.getAudioTracks()[0]!;
    track.enabled = false;
    await eventually(() => meterValue(picker) === 0, 'the meter does not fall silent with the call microphone');
    track.enabled = true;
    await meterMoves(picker, 'the meter does not come back with the call microphone');
    // It measured the call's own stream: it opened nothing of its own.
    expect(recorder.streams.length).to.equal(1);
  });

  it('shows the kinds asked for, and the speaker only where the browser can choose one', async () => {
    const picker = await fixture<RtcDevicePicker>(
      html`<rtc-device-picker kind="audiooutput  audioinput bogus" no-preview></rtc-device-picker>`,
    );
    await listed(picker);
    expect(select(picker, 'videoinput')).to.equal(null);
    expect(part(picker, 'preview')).to.equal(null);
    expect(part(picker, 'meter')).to.equal(null);
    expect(recorder.streams).to.deep.equal([]);
    const speakers = await devices('audiooutput');
    expect(!!select(picker, 'audiooutput')).to.equal(canChooseSpeaker() && speakers.length > 0);
    // Bad input is no crash: a removed attribute means every kind, a number no device.
    picker.removeAttribute('kind');
    picker.audioInput = 42 as unknown as string;
    await picker.updateComplete;
    expect(select(picker, 'videoinput')).to.not.equal(null);
    expect(picker.audioInput).to.equal('');
    picker.remove();

    // Without setSinkId (Firefox ESR without its pref, older Safari), no speaker field.
    const descriptor = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'setSinkId');
    if (descriptor) {
      delete (HTMLMediaElement.prototype as Partial<HTMLMediaElement>).setSinkId;
      cleanups.push(() => Object.defineProperty(HTMLMediaElement.prototype, 'setSinkId', descriptor));
    }
    expect(canChooseSpeaker()).to.equal(false);
    const other = await fixture<RtcDevicePicker>(html`<rtc-device-picker no-preview></rtc-device-picker>`);
    await listed(other);
    expect(select(other, 'audiooutput')).to.equal(null);
  });

  it('takes its strings from the table, and mirrors right to left', async () => {
    setStrings('fr', { 'device-picker.microphone': 'Micro', 'device-picker.level': 'Niveau du micro' });
    const wrapper = await fixture<HTMLElement>(
      html`<div lang="fr" dir="rtl" style="width: 320px"><rtc-device-picker kind="audioinput"></rtc-device-picker></div>`,
    );
    const picker = wrapper.querySelector('rtc-device-picker')!;
    await listed(picker);
    expect(part(picker, 'label')!.textContent!.trim()).to.equal('Micro');
    expect(part(picker, 'meter')!.getAttribute('aria-label')).to.equal('Niveau du micro');
    const field = select(picker, 'audioinput')!.getBoundingClientRect();
    const chevron = picker.shadowRoot!.querySelector('.chevron')!.getBoundingClientRect();
    expect(chevron.right).to.be.lessThan(field.left + field.width / 2);
    await expect(picker).to.be.accessible();
  });

  it('never throws over storage: unreadable, wrong or refused', async () => {
    localStorage.setItem(DEVICE_PREFERENCES_KEY, '{not json');
    expect(loadDevicePreferences()).to.deep.equal({});
    localStorage.setItem(DEVICE_PREFERENCES_KEY, JSON.stringify({ audioinput: 7, videoinput: 'cam', other: 'x' }));
    expect(loadDevicePreferences()).to.deep.equal({ videoinput: 'cam' });
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    cleanups.push(() => {
      Storage.prototype.setItem = setItem;
    });
    expect(saveDevicePreference('audioinput', 'mic')).to.equal(false);
    const picker = await fixture<RtcDevicePicker>(
      html`<rtc-device-picker kind="audioinput" no-preview></rtc-device-picker>`,
    );
    const id = await listed(picker);
    const changed = nextEvent<RtcDeviceChangeEvent>(picker, 'change');
    choose(picker, 'audioinput', id);
    await changed;
    expect(picker.audioInput).to.equal(id);
  });

  itWithWebRTC('a room given the remembered devices opens them from the start', async () => {
    const mic = await lastMicrophone();
    const picker = await fixture<RtcDevicePicker>(
      html`<rtc-device-picker kind="audioinput" no-preview></rtc-device-picker>`,
    );
    await listed(picker);
    const changed = nextEvent(picker, 'change');
    choose(picker, 'audioinput', mic.deviceId);
    await changed;
    picker.remove();
    // What a lobby does when the person clicks Join.
    const room = new Room({
      room: uniqueRoom('remembered'),
      media: { audio: true, video: false },
      devices: loadDevicePreferences(),
    });
    cleanups.push(() => room.leave());
    await room.join();
    expect(room.localStream!.getAudioTracks()[0]!.getSettings().deviceId).to.equal(mic.deviceId);
    expect(room.device('audioinput')).to.equal(mic.deviceId);
    // A remembered device that is gone: the room opens what there is, and says nothing is wrong.
    const other = new Room({
      room: uniqueRoom('gone'),
      media: { audio: true, video: false },
      devices: { audioinput: 'gone' },
    });
    cleanups.push(() => other.leave());
    const errors: unknown[] = [];
    other.addEventListener('error', (e) => errors.push(e.detail.error));
    await other.join();
    expect(other.localStream!.getAudioTracks()[0]!.readyState).to.equal('live');
    expect(errors).to.deep.equal([]);
  });

  itWithWebRTC(
    'switches the microphone of a real call: the other side hears the new track, no renegotiation',
    async () => {
      const { a, aSeesB, bSeesA } = await joinedPair('picker', (room) => cleanups.push(() => room.leave()));
      const picker = await fixture<RtcDevicePicker>(html`<rtc-device-picker .session=${a}></rtc-device-picker>`);
      await listed(picker);
      const old = a.localStream!.getAudioTracks()[0]!;
      const mics = await devices('audioinput');
      // Another microphone where there is one; Firefox has one, which the room then opens anew.
      const target = mics.find((d) => d.deviceId !== old.getSettings().deviceId) ?? mics[0]!;
      let renegotiations = 0;
      for (const pc of [aSeesB.peerConnection!, bSeesA.peerConnection!])
        pc.addEventListener('signalingstatechange', () => renegotiations++);
      const changed = nextEvent<RtcDeviceChangeEvent>(picker, 'change');
      choose(picker, 'audioinput', target.deviceId);
      expect((await changed).deviceId).to.equal(target.deviceId);
      const track = a.localStream!.getAudioTracks()[0]!;
      expect(track).to.not.equal(old);
      expect(old.readyState).to.equal('ended');
      expect(track.getSettings().deviceId).to.equal(target.deviceId);
      // replaceTrack settles just after the switch.
      await eventually(
        () => aSeesB.peerConnection!.getSenders().some((s) => s.track === track),
        'the sender does not send the new track',
      );
      expect(picker.audioInput).to.equal(target.deviceId);
      const heard = (await inbound(bSeesA.peerConnection!)).audioPackets;
      await eventually(
        async () => (await inbound(bSeesA.peerConnection!)).audioPackets > heard + 20,
        'no audio from the new microphone',
      );
      expect(aSeesB.peerConnection!.connectionState).to.equal('connected');
      expect(renegotiations).to.equal(0);
      // The picker shows the call's own stream, and opens none of its own.
      expect((part(picker, 'preview') as HTMLElement & { stream: MediaStream }).stream).to.equal(a.localStream);
      expect(picker.matches(':state(previewing)')).to.equal(false);
    },
  );

  itWithWebRTC('in a real call: the level meter measures the microphone the picker switched to', async function () {
    await skipWithoutWebAudio(this);
    const room = new Room({ room: uniqueRoom('picker-meter'), name: 'Ada' });
    cleanups.push(() => room.leave());
    await room.join();
    const picker = await fixture<RtcDevicePicker>(
      html`<rtc-device-picker kind="audioinput" .session=${room}></rtc-device-picker>`,
    );
    await listed(picker);
    await meterMoves(picker, 'the meter does not follow the call microphone');
    const old = room.localStream!.getAudioTracks()[0]!;
    const mics = await devices('audioinput');
    const target = mics.find((d) => d.deviceId !== old.getSettings().deviceId) ?? mics[0]!;
    const changed = nextEvent<RtcDeviceChangeEvent>(picker, 'change');
    choose(picker, 'audioinput', target.deviceId);
    await changed;
    expect(old.readyState).to.equal('ended');
    // Muted then unmuted: the meter falls to 0, then moves again, which only the new track can
    // make it do (the old one has ended).
    await room.setMicrophoneEnabled(false);
    await eventually(() => meterValue(picker) === 0, 'the meter does not fall silent when the call mutes');
    await room.setMicrophoneEnabled(true);
    await meterMoves(picker, 'the meter does not follow the new microphone');
    expect(room.localStream!.getAudioTracks()[0]!.getSettings().deviceId).to.equal(target.deviceId);
    expect(picker.matches(':state(previewing)')).to.equal(false);
  });
});
