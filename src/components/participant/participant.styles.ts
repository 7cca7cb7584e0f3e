import { css } from 'lit';
import { iconButton } from '../../styles/button.styles.js';
import { tokens } from '../../styles/tokens.styles.js';
import { barStyles } from '../stats/bars.js';

/**
 * Note kept out of the CSS (a comment inside `css` ships in every bundle): the badges wrap inside
 * the tile, so a long status ("Reconnecting…" on a 120px strip tile) takes another line.
 */
export const styles = [
  tokens,
  iconButton,
  barStyles,
  css`
    :host {
      --_radius: var(--rtc-participant-radius, var(--_radius-m));
      --_ring: var(--rtc-participant-speaking-color, var(--_success));
      --_badge: var(--rtc-participant-badge-background, rgb(0 0 0 / 0.55));
      display: block;
      position: relative;
      min-width: 0;
      border-radius: var(--_radius);
    }
    :host([hidden]) {
      display: none;
    }
    [part='base'] {
      position: relative;
      height: 100%;
      border-radius: var(--_radius);
    }
    [part='video'] {
      --rtc-video-radius: var(--_radius);
      height: 100%;
    }
    [part='speaking'] {
      position: absolute;
      z-index: 1;
      inset: 0;
      border-radius: var(--_radius);
      box-shadow: inset 0 0 0 3px var(--_ring);
      opacity: 0;
      transition: opacity 160ms ease-out;
      pointer-events: none;
    }
    :host(:state(speaking)) [part='speaking'] {
      opacity: 1;
    }
    [part='badges'] {
      position: absolute;
      top: var(--_space-s);
      inset-inline-start: var(--_space-s);
      max-inline-size: calc(100% - 2 * var(--_space-s));
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space-xs);
      align-items: center;
    }
    [part='badges'] > * {
      display: inline-flex;
      align-items: center;
      gap: var(--_space-xs);
      padding: 3px var(--_space-s);
      border-radius: var(--_radius-s);
      background: var(--_badge);
      color: #fff;
      font-size: var(--_font-size-s);
      line-height: 1.4;
      overflow-wrap: anywhere;
    }
    [part='muted'] {
      color: #ff9a9a;
    }
    [part='hand'] {
      color: #ffd66b;
    }
    [part='pin'] {
      position: absolute;
      top: var(--_space-s);
      inset-inline-end: var(--_space-s);
      background: var(--_badge);
      color: #fff;
      opacity: 0;
      transition: opacity 120ms ease-out;
    }
    :host(:hover) [part='pin'],
    :host(:state(pinned)) [part='pin'],
    [part='pin']:focus-visible {
      opacity: 1;
    }
    [part='pin'][aria-pressed='true'] {
      background: var(--_accent);
      color: var(--_on-accent);
    }
    @media (prefers-reduced-motion: reduce) {
      [part='speaking'],
      [part='pin'] {
        transition: none;
      }
    }
  `,
];
