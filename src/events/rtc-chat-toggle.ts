/** The person opened or closed the chat with `<rtc-controls>` (its button or shortcut); `open` is the new state. */
export class RtcChatToggleEvent extends Event {
  static readonly type = 'rtc-chat-toggle';
  constructor(readonly open: boolean) {
    super(RtcChatToggleEvent.type, { bubbles: true, composed: false });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'rtc-chat-toggle': RtcChatToggleEvent;
  }
}
