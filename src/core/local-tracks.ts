import type { RtcError } from './errors.js';
import { DEFAULT_MEDIA, getLocalMedia, type MediaRequest, mediaError, requested, stopStream } from './media.js';
import { deviceLost } from './media-errors.js';
import type { TrackProcessor } from './processor-types.js';
import type { Processing } from './track-processing.js';
import { TypedEventTarget } from './typed-event-target.js';

/**
 * Opens another device in place of a lost one (media-faults.ts, loaded the first time a track ends
 * on its own: a chunk of its own, issue 24); null when none would start, or it could not load.
 */
const openFallback = (...args: Parameters<typeof import('./media-faults.js').openFallback>) =>
  import('./media-faults.js').then(
    ({ openFallback }) => openFallback(...args),
    () => null,
  );

/** What a track is for: the microphone, the camera, or a shared screen. */
export type TrackRole = 'audio' | 'video' | 'screen';

/** The kinds of device a page can choose (those of `MediaDeviceInfo.kind`). */
export type DeviceKind = 'audioinput' | 'videoinput' | 'audiooutput';

export interface LocalTracksEventMap {
  /** What to send for `role` changed (`null`: send nothing). */
  track: CustomEvent<{ role: TrackRole; track: MediaStreamTrack | null }>;
  /** A chosen device changed (`audiooutput` included, which has no track). */
  device: CustomEvent<{ kind: DeviceKind; deviceId: string }>;
  /** A camera or microphone ended on its own and no other device took over (`device-lost`): it is off. */
  lost: CustomEvent<{ error: RtcError }>;
}

/**
 * This page's microphone, camera and screen: opens them, turns them on and off, switches devices,
 * and stops what it opened (never a track the page gave). `stream` holds the microphone and
 * camera as shown locally, and fires `addtrack`/`removetrack` as they change.
 */
export class LocalTracks extends TypedEventTarget<LocalTracksEventMap> {
  readonly stream = new MediaStream();
  #owned = new Set<MediaStreamTrack>();
  #enabled: Record<'audio' | 'video', boolean> = { ...DEFAULT_MEDIA };
  #screen: MediaStream | null = null;
  #devices: Partial<Record<DeviceKind, string>> = {};
  #constraints: Record<'audio' | 'video', MediaTrackConstraints> = { audio: {}, video: {} };
  #starting: Record<'audio' | 'video', boolean> = { audio: false, video: false };
  /** The processors and the tracks they process (track-processing.ts, loaded when one is first set). */
  #processing?: Processing;
  #loading?: Promise<void>;

  /** Gets the first media (with fallbacks); resolves with the problems met, never rejects. */
  async start(media: MediaRequest | MediaStream | false | undefined): Promise<RtcError[]> {
    if (media === false) {
      this.#enabled = { audio: false, video: false };
      return [];
    }
    if (media instanceof MediaStream) {
      this.sendStream(media);
      return [];
    }
    const preferred: MediaRequest = {};
    let prefers = false;
    for (const kind of ['audio', 'video'] as const) {
      const asked = requested(media, kind);
      if (typeof asked === 'object') this.#constraints[kind] = asked;
      const deviceId = this.#devices[kind === 'audio' ? 'audioinput' : 'videoinput'];
      prefers ||= !!(asked && deviceId);
      preferred[kind] = asked && deviceId ? { ...this.#constraints[kind], deviceId: { exact: deviceId } } : asked;
    }
    this.#starting = { audio: !!preferred.audio, video: !!preferred.video };
    // (getLocalMedia never rejects.)
    let { stream, errors } = await getLocalMedia(preferred);
    if (prefers && errors.some((e) => e.code !== 'media-denied')) {
      // A preferred device (one a picker remembered) is gone or busy: open what there is instead.
      stopStream(stream);
      ({ stream, errors } = await getLocalMedia(media));
    }
    this.#starting = { audio: false, video: false };
    for (const track of stream.getTracks()) {
      this.#owned.add(track);
      this.#put(track);
    }
    // A choice made while they started holds: a muted microphone stays muted, a camera turned off is released.
    for (const kind of ['audio', 'video'] as const) {
      const [chosen, track] = [this.#enabled[kind], this.track(kind)];
      this.#enabled[kind] = chosen && !!track;
      if (chosen || !track) continue;
      if (kind === 'audio') track.enabled = false;
      else this.#replace('video', null);
    }
    return errors;
  }

  /** Sends the tracks of a stream of the page's own (it is never stopped here); stops what this opened. */
  sendStream(stream: MediaStream): void {
    for (const kind of ['audio', 'video'] as const) {
      const track = stream.getTracks().find((t) => t.kind === kind) ?? null;
      this.#replace(kind, track);
      this.#enabled[kind] = !!track;
      this.emit('track', { role: kind, track: this.sending(kind) });
    }
  }

  /** Whether `start()` is still opening the microphone or camera (a permission prompt may be up). */
  starting(kind: 'audio' | 'video'): boolean {
    return this.#starting[kind];
  }

  /** The microphone or camera track, on or off (null when there is none). */
  track(kind: 'audio' | 'video'): MediaStreamTrack | null {
    return this.stream.getTracks().find((t) => t.kind === kind) ?? null;
  }

  /** What to send for `role` now: nothing while the microphone is muted or the camera off. */
  sending(role: TrackRole): MediaStreamTrack | null {
    if (role === 'screen') return this.#screen?.getVideoTracks()[0] ?? null;
    return this.#enabled[role] ? this.track(role) : null;
  }

  get screen(): MediaStream | null {
    return this.#screen;
  }

  enabled(kind: 'audio' | 'video'): boolean {
    return this.#enabled[kind] && !!this.track(kind);
  }

  /** Uses `deviceId` for `kind` from the next time it opens (e.g. a device a picker remembered). */
  preferDevice(kind: DeviceKind, deviceId: string): void {
    this.#devices[kind] = deviceId;
  }

  /** The device chosen for `kind`, if any. */
  device(kind: DeviceKind): string | undefined {
    return this.#devices[kind];
  }

  /** Microphone on or off. Off disables the track (it stays open, for a quick unmute). */
  async setAudioEnabled(on: boolean): Promise<void> {
    // (While `start()` opens it, only the choice is kept.)
    if (on && !this.track('audio') && !this.#starting.audio) this.#put(await this.#open('audio'));
    const track = this.track('audio');
    if (track) track.enabled = on;
    this.#enabled.audio = on && (!!track || this.#starting.audio);
    this.emit('track', { role: 'audio', track: this.sending('audio') });
  }

  /** Camera on or off. Off releases a camera this opened (its light goes out); on opens it again. */
  async setVideoEnabled(on: boolean): Promise<void> {
    const current = this.track('video');
    const opening = this.#starting.video;
    if (on && (!current || current.readyState === 'ended') && !opening)
      this.#replace('video', await this.#open('video'));
    if (!on && current && this.#owned.has(current)) this.#replace('video', null);
    else if (!on && current) current.enabled = false;
    const track = this.track('video');
    if (on && track) track.enabled = true;
    this.#enabled.video = on && (!!track || opening);
    this.emit('track', { role: 'video', track: this.sending('video') });
  }

  /** Uses another device of `kind` from now on: a camera or microphone switch, or a speaker. */
  async switchDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    if (kind === 'audiooutput') {
      this.#devices.audiooutput = deviceId;
      this.emit('device', { kind, deviceId });
      return;
    }
    const role = kind === 'audioinput' ? 'audio' : 'video';
    const previous = this.#devices[kind];
    this.#devices[kind] = deviceId;
    // A camera that is off stays off: it opens on this device when turned on.
    if (role === 'video' && !this.#enabled.video) {
      this.emit('device', { kind, deviceId });
      return;
    }
    let track: MediaStreamTrack;
    try {
      track = await this.#open(role);
    } catch (error) {
      if (previous === undefined) delete this.#devices[kind];
      else this.#devices[kind] = previous;
      throw error;
    }
    // A muted microphone stays muted; choosing a device where there was none turns it on.
    const enable = this.#enabled[role] || !this.track(role);
    track.enabled = enable;
    this.#replace(role, track);
    this.#enabled[role] = enable;
    this.emit('track', { role, track: this.sending(role) });
    this.emit('device', { kind, deviceId });
  }

  /**
   * Processes the camera or microphone (`kind`) with `processor` before it is shown and sent, from
   * now on (every device it opens included), or no more (`null`): a `replaceTrack`, no
   * renegotiation. If the processor fails, the track is sent as it is (and a warning logged).
   */
  async setProcessor(kind: 'audio' | 'video', processor: TrackProcessor | null): Promise<void> {
    // Every call awaits the one load, so they go on in the order they came (separate import()s
    // may resolve in another order: a microphone's `null` then its processor ended as `null`).
    this.#loading ??= import('./track-processing.js').then(({ Processing }) => {
      this.#processing = new Processing(this, this.#owned);
    });
    await this.#loading;
    const track = await this.#processing!.set(kind, processor);
    if (track) this.#replace(kind, track);
    this.emit('track', { role: kind, track: this.sending(kind) });
  }

  /** Asks for a screen (or window, or tab) to share; rejects when the person declines. */
  async startScreen(): Promise<MediaStream> {
    const devices = globalThis.navigator?.mediaDevices;
    if (!devices?.getDisplayMedia)
      throw mediaError(new DOMException('getDisplayMedia', 'NotSupportedError'), ['screen']);
    this.stopScreen();
    let screen: MediaStream;
    try {
      screen = await devices.getDisplayMedia({ video: true, audio: false });
    } catch (error) {
      throw mediaError(error, ['screen']);
    }
    this.#screen = screen;
    const track = screen.getVideoTracks()[0]!;
    // The browser's own "Stop sharing" ends the track.
    track.addEventListener('ended', () => this.#screen === screen && this.stopScreen());
    this.emit('track', { role: 'screen', track });
    return screen;
  }

  stopScreen(): void {
    const screen = this.#screen;
    if (!screen) return;
    this.#screen = null;
    for (const track of screen.getTracks()) track.stop();
    this.emit('track', { role: 'screen', track: null });
  }

  /** Stops every track this opened, and the screen. */
  stop(): void {
    this.stopScreen();
    for (const track of this.stream.getTracks()) this.#replace(track.kind as 'audio' | 'video', null);
  }

  async #open(role: 'audio' | 'video'): Promise<MediaStreamTrack> {
    const kind = role === 'audio' ? 'audioinput' : 'videoinput';
    const deviceId = this.#devices[kind];
    const constraints = { ...this.#constraints[role], ...(deviceId && { deviceId: { exact: deviceId } }) };
    const devices = globalThis.navigator?.mediaDevices;
    try {
      if (!devices?.getUserMedia) throw new DOMException('no mediaDevices', 'NotSupportedError');
      const stream = await devices.getUserMedia({ [role]: constraints });
      const track = stream.getTracks()[0]!;
      this.#owned.add(track);
      return this.#processing?.process(role, track) ?? track;
    } catch (error) {
      throw mediaError(error, [role === 'audio' ? 'microphone' : 'camera']);
    }
  }

  /** Puts `track` in the stream in place of the one of its kind, stopping the old one if this opened it. */
  #replace(kind: 'audio' | 'video', track: MediaStreamTrack | null) {
    const old = this.track(kind);
    if (old === track) return;
    if (old) {
      this.stream.removeTrack(old);
      this.stream.dispatchEvent(new MediaStreamTrackEvent('removetrack', { track: old }));
      const dropped = this.#processing ? this.#processing.drop(old, track) : old;
      if (this.#owned.delete(dropped!)) dropped!.stop();
    }
    if (track) this.#put(track);
  }

  #put(track: MediaStreamTrack) {
    this.stream.addTrack(track);
    this.stream.dispatchEvent(new MediaStreamTrackEvent('addtrack', { track }));
    // `stop()` fires no `ended`: only a device that went away (unplugged, revoked, taken) does.
    // Read now: Firefox's getSettings() of an ended track throws.
    const deviceId = track.getSettings?.().deviceId;
    track.addEventListener('ended', () => void this.#ended(track, deviceId), { once: true });
  }

  /** A track ended on its own: another device of its kind takes over (as it was: muted stays muted), else it is off. */
  async #ended(track: MediaStreamTrack, deviceId: string | undefined) {
    const role = track.kind as 'audio' | 'video';
    if (this.track(role) !== track) return;
    // A track of the page's own is the page's business: no device is opened in its place.
    const fallback = this.#owned.has(track) ? await openFallback(role, deviceId, this.#constraints[role]) : null;
    if (this.track(role) !== track) {
      fallback?.track.stop();
      return;
    }
    if (fallback) {
      this.#owned.add(fallback.track);
      fallback.track.enabled = track.enabled;
      this.#devices[role === 'audio' ? 'audioinput' : 'videoinput'] = fallback.deviceId;
    }
    this.#replace(role, fallback?.track ?? null);
    if (!fallback) {
      this.#enabled[role] = false;
      // Turning it on again opens whatever device of that kind there is then.
      delete this.#devices[role === 'audio' ? 'audioinput' : 'videoinput'];
    }
    this.emit('track', { role, track: this.sending(role) });
    if (fallback)
      this.emit('device', { kind: role === 'audio' ? 'audioinput' : 'videoinput', deviceId: fallback.deviceId });
    else this.emit('lost', { error: deviceLost(role) });
  }
}
