import { css } from 'lit';
import { pillButton } from '../../styles/button.styles.js';
import { tokens } from '../../styles/tokens.styles.js';
import { visuallyHidden } from '../../styles/visually-hidden.styles.js';
import { barStyles } from './bars.js';

/**
 * Notes kept out of the CSS (a comment inside `css` ships in every bundle): the section's one column
 * is `minmax(0, 1fr)`, so the summary line and the sparklines wrap at the element's width however
 * wide the table is; only the table scrolls sideways (`.scroller`, a keyboard stop), each row's
 * first cell sticky so its name stays in view.
 */
export const styles = [
  tokens,
  visuallyHidden,
  pillButton,
  barStyles,
  css`
    :host {
      display: block;
      box-sizing: border-box;
      padding: var(--_space-s) var(--_space-m);
      color: var(--_text);
      background: var(--rtc-stats-background, var(--_surface-raised));
      border-radius: var(--rtc-stats-radius, var(--_radius-m));
      font-family: var(--_font);
      font-size: var(--_font-size-s);
      line-height: 1.4;
      font-variant-numeric: tabular-nums;
    }
    :host([hidden]) {
      display: none;
    }
    section {
      display: grid;
      grid-template-columns: minmax(0, 1fr);
      gap: var(--_space-s);
    }
    dl {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space-xs) var(--_space-m);
      margin: 0;
    }
    dl > div {
      display: flex;
      gap: var(--_space-xs);
      align-items: center;
    }
    dt {
      color: var(--_text-muted);
    }
    dd {
      margin: 0;
    }
    [part='empty'] {
      margin: 0;
      color: var(--_text-muted);
    }
    [part='sparklines'] {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(7rem, 1fr));
      gap: var(--_space-s);
    }
    [part='sparkline'] {
      color: var(--rtc-stats-line-color, var(--_accent));
    }
    [part='sparkline'] svg {
      display: block;
      inline-size: 100%;
      block-size: 2rem;
    }
    .caption {
      color: var(--_text-muted);
    }
    .scroller {
      overflow-x: auto;
      border-radius: var(--_radius-s);
    }
    .scroller:focus-visible {
      outline: none;
      box-shadow: var(--_focus-ring);
    }
    table {
      border-collapse: collapse;
      inline-size: 100%;
    }
    th,
    td {
      padding: 2px var(--_space-xs);
      text-align: start;
      border-block-end: 1px solid color-mix(in srgb, var(--_text) 10%, transparent);
    }
    tr > :first-child {
      position: sticky;
      inset-inline-start: 0;
      background: var(--rtc-stats-background, var(--_surface-raised));
    }
    thead th {
      color: var(--_text-muted);
      font-weight: 600;
    }
    tbody th {
      font-weight: 500;
    }
    [part='copy'],
    [part='back'] {
      justify-self: start;
    }
    [part='detail'] {
      display: grid;
      gap: var(--_space-s);
    }
    [part='participant'] {
      padding: 0;
      border: 0;
      border-radius: var(--_radius-s);
      background: none;
      color: inherit;
      font: inherit;
      text-align: start;
      text-decoration: underline;
      cursor: pointer;
    }
    [part='participant']:focus-visible {
      outline: none;
      box-shadow: var(--_focus-ring);
    }
  `,
];
