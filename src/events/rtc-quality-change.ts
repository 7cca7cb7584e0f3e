import type { Participant } from '../core/participant.js';
import type { QualityLevel } from '../core/stats/types.js';

/**
 * The connection quality an element shows changed: `participant`'s level (for your own
 * participant, or `<rtc-stats>` showing the whole room: your uplink), and the one before it
 * (null the first time a level is known). See docs/stats.md for the rule.
 */
export class RtcQualityChangeEvent extends Event {
  static readonly type = 'rtc-quality-change';
  constructor(
    readonly participant: Participant | null,
    readonly level: QualityLevel,
    readonly previous: QualityLevel | null,
  ) {
    super(RtcQualityChangeEvent.type, { bubbles: true, composed: false });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'rtc-quality-change': RtcQualityChangeEvent;
  }
}
