import type { DeviceKind } from '../core/local-tracks.js';

/**
 * The device in use for `kind` disappeared (unplugged, disabled): `device` is the one lost,
 * `fallback` the one now used instead (the system default or the first left), or null when no
 * device of that kind is left.
 */
export class RtcDeviceLostEvent extends Event {
  static readonly type = 'rtc-device-lost';
  constructor(
    readonly kind: DeviceKind,
    readonly device: MediaDeviceInfo,
    readonly fallback: MediaDeviceInfo | null,
  ) {
    super(RtcDeviceLostEvent.type, { bubbles: true, composed: false });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'rtc-device-lost': RtcDeviceLostEvent;
  }
}
