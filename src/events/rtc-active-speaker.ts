import type { Participant } from '../core/participant.js';

/** The loudest speaker changed: `participant` (null when nobody has spoken yet). */
export class RtcActiveSpeakerEvent extends Event {
  static readonly type = 'rtc-active-speaker';
  constructor(readonly participant: Participant | null) {
    super(RtcActiveSpeakerEvent.type, { bubbles: true, composed: false });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'rtc-active-speaker': RtcActiveSpeakerEvent;
  }
}
