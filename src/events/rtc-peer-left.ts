import type { Participant } from '../core/participant.js';

/** A remote participant left the room (or closed, or timed out). */
export class RtcPeerLeftEvent extends Event {
  static readonly type = 'rtc-peer-left';
  constructor(readonly participant: Participant) {
    super(RtcPeerLeftEvent.type, { bubbles: true, composed: false });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'rtc-peer-left': RtcPeerLeftEvent;
  }
}
