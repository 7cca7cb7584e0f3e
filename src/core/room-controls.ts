/**
 * What a room does with this page's own media, as `Room`'s public methods: the microphone and
 * camera on or off, devices, a processor, a stream of the page's own, a shared screen. `RoomMedia`
 * (room-media.ts) does the work; `Room` (room.ts) extends this and gives it its `RoomMedia`.
 */
import type { DeviceKind } from './local-tracks.js';
import type { TrackProcessor } from './processor-types.js';
import type { RoomMedia } from './room-media.js';
import type { RoomEventMap, RoomOptions } from './room-types.js';
import { TypedEventTarget } from './typed-event-target.js';

export abstract class RoomControls extends TypedEventTarget<RoomEventMap> {
  abstract readonly options: Readonly<RoomOptions>;
  /** @internal The room's own media (its `RoomMedia`). */
  protected abstract readonly own: RoomMedia;

  /** What this page sends (possibly no tracks), once media is settled. */
  get localStream(): MediaStream | null {
    return this.own.tracks?.stream ?? null;
  }

  /** The screen this page shares, while it shares one. */
  get screenStream(): MediaStream | null {
    return this.own.tracks?.screen ?? null;
  }

  /** The device chosen for `kind` (through `switchDevice` or the `devices` option). */
  device(kind: DeviceKind): string | undefined {
    return this.own.tracks?.device(kind) ?? this.options.devices?.[kind];
  }

  /** Microphone on or off. Off stops sending audio at once (no packets leave); the others see `state.audio`. */
  async setMicrophoneEnabled(on: boolean): Promise<void> {
    await this.own.change((tracks) => tracks.setAudioEnabled(on));
  }

  /** Camera on or off. Off releases the camera (its light goes out); on opens it again. */
  async setCameraEnabled(on: boolean): Promise<void> {
    await this.own.change((tracks) => tracks.setVideoEnabled(on));
  }

  /** Shares a screen, window or tab (the browser asks which): a tile of its own for the others. */
  async startScreenShare(): Promise<void> {
    await this.own.change((tracks) => tracks.startScreen());
  }

  /** Stops sharing (also done when the browser's own "Stop sharing" ends it). */
  stopScreenShare(): void {
    this.own.tracks?.stopScreen();
  }

  /**
   * Uses another camera, microphone or speaker from now on. A camera or microphone switch is a
   * `replaceTrack` on every link of a mesh: no renegotiation. The room stops the track it replaced
   * when it opened it. A speaker choice is announced (`device`) for every view of the room to play through.
   */
  async switchDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    await this.own.change((tracks) => tracks.switchDevice(kind, deviceId));
  }

  /**
   * Processes the camera (`video`) or microphone (`audio`) before it is shown and sent, e.g. with
   * `blurBackground()` or `noiseSuppression()` of `rtc-elements/processors`; `null` sends it as it
   * comes. A `replaceTrack` (no renegotiation); it holds for every camera or microphone switched to.
   */
  async setProcessor(kind: 'audio' | 'video', processor: TrackProcessor | null): Promise<void> {
    await this.own.change((tracks) => tracks.setProcessor(kind, processor));
  }

  /**
   * Sends `stream` instead of the current microphone and camera (e.g. a processed stream). The
   * room does not stop the tracks of a stream it did not create; it stops what it replaced.
   */
  async setLocalStream(stream: MediaStream): Promise<void> {
    this.own.sendStream(stream);
  }
}
