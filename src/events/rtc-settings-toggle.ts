/** The person opened or closed the device settings with `<rtc-controls>`; `open` is the new state. */
export class RtcSettingsToggleEvent extends Event {
  static readonly type = 'rtc-settings-toggle';
  constructor(readonly open: boolean) {
    super(RtcSettingsToggleEvent.type, { bubbles: true, composed: false });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'rtc-settings-toggle': RtcSettingsToggleEvent;
  }
}
