/**
 * rtc-elements/stats: call statistics and quality, framework-free. A separate entry point so the
 * core stays small for pages that do not show them; `<rtc-stats>` and the tiles use it.
 */
export {
  StatsSampler,
  sharedStatsSampler,
  type StatsSamplerOptions,
  type StatsSamplerEventMap,
  type StatsSession,
} from './sampler.js';
export { QualityTracker, qualityOf, QUALITY_LEVELS, QUALITY_THRESHOLDS, QUALITY_HYSTERESIS } from './quality.js';
export type * from './types.js';
