import { css, html, nothing, svg } from 'lit';
import type { QualityLevel } from '../../core/stats/types.js';

const LIT: Record<QualityLevel, number> = { good: 4, fair: 3, poor: 1, lost: 0 };

/**
 * Signal bars for a quality level (4 lit: good, 3: fair, 1: poor, none: lost), as an image named
 * `label`. Styled by the host: `.bar` and `.bar.on`, the level in `data-level`.
 */
export function signalBars(level: QualityLevel | null, label: string, part = 'quality') {
  if (!level) return nothing;
  const lit = LIT[level];
  return html`<span part=${part} class="bars" role="img" aria-label=${label} title=${label} data-level=${level}>
    <svg viewBox="0 0 16 14" width="1.1em" height="1em" aria-hidden="true" focusable="false">${[0, 1, 2, 3].map(
      (i) =>
        svg`<rect class=${i < lit ? 'bar on' : 'bar'} x=${i * 4 + 0.5} y=${10 - i * 3} width="3" height=${4 + i * 3} rx="0.8"/>`,
    )}</svg>
  </span>`;
}

/**
 * The signal bars' colours, shared by `<rtc-stats>` and the tile (here, not in stats.styles.ts: a
 * tile needs these before any `<rtc-stats>` loads).
 */
export const barStyles = css`
  .bars {
    display: inline-flex;
    align-items: center;
  }
  .bars .bar {
    fill: currentColor;
    opacity: 0.35;
  }
  .bars .bar.on {
    opacity: 1;
  }
  .bars[data-level='good'] .on {
    fill: var(--rtc-stats-good-color, var(--_success));
  }
  .bars[data-level='fair'] .on {
    fill: var(--rtc-stats-fair-color, var(--_warning));
  }
  .bars[data-level='poor'] .on {
    fill: var(--rtc-stats-poor-color, var(--_danger));
  }
`;
