import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { DeviceKind } from '../core/local-tracks.js';

/**
 * The page's cameras, microphones and speakers (`enumerateDevices`), listed again on every
 * `devicechange` while the host is connected. `onList` hears each new list with the one before
 * it, and whether a `devicechange` (a device plugged in or out) caused it.
 */
export class MediaDevicesController implements ReactiveController {
  /** The devices of the last listing (empty until it arrives, or where there is no `mediaDevices`). */
  devices: readonly MediaDeviceInfo[] = [];
  /** True once the first listing arrived. */
  listed = false;
  #host: ReactiveControllerHost;
  #onList: (previous: readonly MediaDeviceInfo[], changed: boolean) => void;
  #generation = 0;
  #onDeviceChange = () => void this.refresh(true);

  constructor(host: ReactiveControllerHost, onList: (previous: readonly MediaDeviceInfo[], changed: boolean) => void) {
    this.#host = host;
    this.#onList = onList;
    host.addController(this);
  }

  /** The devices of `kind`. */
  of(kind: DeviceKind): MediaDeviceInfo[] {
    return this.devices.filter((d) => d.kind === kind);
  }

  /** True when devices of `kind` exist but the page may not see their names yet (no permission). */
  unnamed(kind: DeviceKind): boolean {
    const list = this.of(kind);
    return list.length > 0 && list.every((d) => !d.label);
  }

  /** Lists the devices again (`changed`: because a device came or went). */
  async refresh(changed = false): Promise<void> {
    const generation = ++this.#generation;
    let list: MediaDeviceInfo[] = [];
    try {
      list = (await globalThis.navigator?.mediaDevices?.enumerateDevices()) ?? [];
    } catch {
      // No devices to show (an insecure page, a sandboxed frame): the lists stay empty.
    }
    // A newer listing started meanwhile, or the host left the page: this one is stale.
    if (generation !== this.#generation) return;
    const previous = this.devices;
    this.devices = list;
    this.listed = true;
    this.#onList(previous, changed);
    this.#host.requestUpdate();
  }

  hostConnected(): void {
    globalThis.navigator?.mediaDevices?.addEventListener('devicechange', this.#onDeviceChange);
    void this.refresh();
  }

  hostDisconnected(): void {
    globalThis.navigator?.mediaDevices?.removeEventListener('devicechange', this.#onDeviceChange);
    this.#generation++;
  }
}
