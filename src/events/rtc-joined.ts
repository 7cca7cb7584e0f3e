import type { Participant } from '../core/participant.js';

/** `<rtc-room>` joined its room; `participant` is the local one, with its id. */
export class RtcJoinedEvent extends Event {
  static readonly type = 'rtc-joined';
  constructor(readonly participant: Participant) {
    super(RtcJoinedEvent.type, { bubbles: true, composed: false });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'rtc-joined': RtcJoinedEvent;
  }
}
