/**
 * The number of chat messages you have not seen changed: one arrived while `<rtc-chat>` was not
 * `open`, or the chat was opened (back to 0), or a new call began (back to 0).
 */
export class RtcUnreadChangeEvent extends Event {
  static readonly type = 'rtc-unread-change';
  constructor(readonly unread: number) {
    super(RtcUnreadChangeEvent.type, { bubbles: true, composed: false });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'rtc-unread-change': RtcUnreadChangeEvent;
  }
}
