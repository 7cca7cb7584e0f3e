import type { PrecallResults } from '../core/precall/types.js';

/**
 * `<rtc-precall-check>` finished: `results` holds a verdict per part (`camera`, `microphone`,
 * `speaker`, `network`) with what was measured, and the worst of them as `results.verdict` (as
 * Whereby's `precall_check_completed`). Composed, for a stated reason: it is meant for the host
 * page wherever the check is shown, and `<rtc-room>`'s lobby shows one in its shadow root (the page
 * hears it on the room, without the room carrying a copy of the event in the kit up front).
 */
export class RtcPrecallCompleteEvent extends Event {
  static readonly type = 'rtc-precall-complete';
  constructor(readonly results: PrecallResults) {
    super(RtcPrecallCompleteEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'rtc-precall-complete': RtcPrecallCompleteEvent;
  }
}
