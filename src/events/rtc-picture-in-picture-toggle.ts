/** The person asked `<rtc-controls>` to open or close picture-in-picture; `open` is what they asked for. */
export class RtcPictureInPictureToggleEvent extends Event {
  static readonly type = 'rtc-picture-in-picture-toggle';
  constructor(readonly open: boolean) {
    super(RtcPictureInPictureToggleEvent.type, { bubbles: true, composed: false });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'rtc-picture-in-picture-toggle': RtcPictureInPictureToggleEvent;
  }
}
