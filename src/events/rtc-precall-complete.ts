import type { PrecallResults } from '../core/precall/types.js';

/**
 * `<rtc-precall-check>` finished: `results` holds a verdict per part (`camera`, `microphone`,
 * `speaker`, `network`) with what was measured, and the worst of them as `results.verdict` (as
 * Whereby's `precall_check_completed`).
 */
export class RtcPrecallCompleteEvent extends Event {
  static readonly type = 'rtc-precall-complete';
  constructor(readonly results: PrecallResults) {
    super(RtcPrecallCompleteEvent.type, { bubbles: true, composed: false });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'rtc-precall-complete': RtcPrecallCompleteEvent;
  }
}
