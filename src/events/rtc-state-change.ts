import type { RoomState } from '../core/room.js';

/** `<rtc-room>` moved to another state (`connecting`, `connected`, `reconnecting`, `error`, `closed`). */
export class RtcStateChangeEvent extends Event {
  static readonly type = 'rtc-state-change';
  constructor(readonly state: RoomState) {
    super(RtcStateChangeEvent.type, { bubbles: true, composed: false });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'rtc-state-change': RtcStateChangeEvent;
  }
}
