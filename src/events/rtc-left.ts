/** `<rtc-room>` left its room (removed from the page, `room` changed, or `leave()` called). */
export class RtcLeftEvent extends Event {
  static readonly type = 'rtc-left';
  constructor() {
    super(RtcLeftEvent.type, { bubbles: true, composed: false });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'rtc-left': RtcLeftEvent;
  }
}
