import { css } from 'lit';
import { tokens } from '../../styles/tokens.styles.js';

/**
 * Note kept out of the CSS (a comment inside `css` ships in every bundle): the first and last
 * buttons' tooltips open inward from their outer edge (`--_tip-x: 0`), so a long one stays in the
 * window; the others are centred over their button.
 */
export const styles = [
  tokens,
  css`
    :host {
      --_size: var(--rtc-controls-button-size, 44px);
      --_gap: var(--rtc-controls-gap, var(--_space-s));
      --_radius: var(--rtc-controls-radius, 999px);
      --_bar: var(--rtc-controls-background, var(--_surface-raised));
      --_rest: var(--rtc-controls-button-background, color-mix(in srgb, var(--_text) 9%, transparent));
      --_rest-color: var(--rtc-controls-button-color, var(--_text));
      --_off: var(--rtc-controls-off-background, var(--_danger));
      --_off-color: var(--rtc-controls-off-color, light-dark(#ffffff, #1a0606));
      --_active: var(--rtc-controls-active-background, var(--_accent));
      --_active-color: var(--rtc-controls-active-color, var(--_on-accent));
      display: flex;
      justify-content: center;
      container: rtc-controls / inline-size;
      color: var(--_text);
      font-size: var(--_font-size-m);
    }
    :host([hidden]) {
      display: none;
    }
    [part~='bar'] {
      display: flex;
      flex-wrap: wrap;
      justify-content: center;
      align-items: center;
      gap: var(--_gap);
      padding: var(--_space-s);
      border-radius: var(--_radius);
      background: var(--_bar);
      box-shadow: 0 1px 2px rgb(0 0 0 / 0.08), 0 4px 16px rgb(0 0 0 / 0.08);
    }
    button {
      --_bg: var(--_rest);
      --_fg: var(--_rest-color);
      position: relative;
      display: inline-grid;
      place-items: center;
      inline-size: var(--_size);
      block-size: var(--_size);
      padding: 0;
      border: 0;
      border-radius: var(--_radius);
      background: var(--_bg);
      color: var(--_fg);
      font: inherit;
      font-size: calc(var(--_size) * 0.5);
      cursor: pointer;
      transition: background-color 120ms ease, box-shadow 120ms ease;
      -webkit-tap-highlight-color: transparent;
    }
    button.off {
      --_bg: var(--_off);
      --_fg: var(--_off-color);
    }
    button.active {
      --_bg: var(--_active);
      --_fg: var(--_active-color);
    }
    button[part~='leave'] {
      inline-size: calc(var(--_size) * 1.5);
      margin-inline-start: var(--_space-s);
    }
    button[part~='chat'] {
      margin-inline-start: var(--_space-s);
    }
    button:hover:not([aria-disabled='true']) {
      background: color-mix(in srgb, var(--_bg), var(--_fg) 14%);
    }
    button:active:not([aria-disabled='true']) {
      background: color-mix(in srgb, var(--_bg), var(--_fg) 24%);
    }
    button:focus-visible {
      outline: 2px solid var(--_accent);
      outline-offset: 2px;
    }
    button[aria-disabled='true'] {
      cursor: not-allowed;
      opacity: 0.45;
    }
    .icon {
      inline-size: 1em;
      block-size: 1em;
    }
    [part~='badge'] {
      position: absolute;
      inset-block-start: -2px;
      inset-inline-end: -2px;
      min-inline-size: 18px;
      block-size: 18px;
      padding-inline: 4px;
      box-sizing: border-box;
      border-radius: 9px;
      background: var(--_accent);
      color: var(--_on-accent);
      box-shadow: 0 0 0 2px var(--_bar);
      font-size: 11px;
      font-weight: 600;
      line-height: 18px;
      text-align: center;
    }
    [part~='tooltip'] {
      --_tip-x: -50%;
      position: absolute;
      inset-block-end: calc(100% + 10px);
      /* Centred over the button: the same in both directions. */
      left: 50%;
      translate: var(--_tip-x) 4px;
      z-index: 1;
      padding: var(--_space-xs) var(--_space-s);
      border-radius: var(--_radius-s);
      background: var(--_text);
      color: var(--_surface-raised);
      font-size: var(--_font-size-s);
      line-height: 1.3;
      white-space: nowrap;
      pointer-events: none;
      opacity: 0;
      visibility: hidden;
      transition: opacity 120ms ease, translate 120ms ease, visibility 0s linear 120ms;
    }
    button:first-child > [part~='tooltip'] {
      --_tip-x: 0;
      left: auto;
      inset-inline-start: 0;
    }
    button:last-child > [part~='tooltip'] {
      --_tip-x: 0;
      left: auto;
      inset-inline-end: 0;
    }
    button:is(:hover, :focus-visible) > [part~='tooltip'] {
      opacity: 1;
      visibility: visible;
      translate: var(--_tip-x) 0;
      transition-delay: 300ms, 300ms, 300ms;
    }
    button:focus-visible > [part~='tooltip'] {
      transition-delay: 0s;
    }
    /* One tooltip at a time: the pointer's wins over the focused button's. */
    [part~='bar']:has(button:hover) button:not(:hover) > [part~='tooltip'],
    .quiet [part~='tooltip'] {
      visibility: hidden !important;
    }
    @container rtc-controls (max-width: 26rem) {
      [part~='bar'] {
        --_size: var(--rtc-controls-button-size, 40px);
        --_gap: var(--rtc-controls-gap, 6px);
      }
      button[part~='leave'],
      button[part~='chat'] {
        margin-inline-start: 0;
      }
      /* Round like the others: seven buttons then fit a phone held upright (360px) on one row. */
      button[part~='leave'] {
        inline-size: var(--_size);
      }
    }
    @media (prefers-reduced-motion: reduce) {
      button,
      [part~='tooltip'] {
        transition: none !important;
      }
    }
    @media (forced-colors: active) {
      button {
        border: 1px solid ButtonText;
      }
      button[aria-pressed='true'],
      button.off {
        background: Highlight;
        color: HighlightText;
      }
    }
  `,
];
