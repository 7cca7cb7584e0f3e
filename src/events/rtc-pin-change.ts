import type { Participant } from '../core/participant.js';

/** A tile's pin button was pressed: `participant` should be shown large (`pinned`) or not. */
export class RtcPinChangeEvent extends Event {
  static readonly type = 'rtc-pin-change';
  constructor(
    readonly participant: Participant,
    readonly pinned: boolean,
  ) {
    super(RtcPinChangeEvent.type, { bubbles: true, composed: false });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'rtc-pin-change': RtcPinChangeEvent;
  }
}
