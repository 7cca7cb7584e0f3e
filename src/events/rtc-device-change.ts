import type { DeviceKind } from '../core/local-tracks.js';

/**
 * The person chose a device in `<rtc-device-picker>`: a native-like `change` event (the type is
 * `change`, as a `<select>`'s is) that also says which `kind` changed and to which `deviceId`.
 * In a call it fires once the room switched to the device.
 */
export class RtcDeviceChangeEvent extends Event {
  static readonly type = 'change';
  constructor(
    readonly kind: DeviceKind,
    readonly deviceId: string,
  ) {
    super(RtcDeviceChangeEvent.type, { bubbles: true, composed: false });
  }
}
