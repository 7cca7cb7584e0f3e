import type { Participant } from '../core/participant.js';

/** A remote participant joined the room. */
export class RtcPeerJoinedEvent extends Event {
  static readonly type = 'rtc-peer-joined';
  constructor(readonly participant: Participant) {
    super(RtcPeerJoinedEvent.type, { bubbles: true, composed: false });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'rtc-peer-joined': RtcPeerJoinedEvent;
  }
}
