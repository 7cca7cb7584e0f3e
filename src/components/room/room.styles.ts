import { css } from 'lit';
import { iconButton, pillButton } from '../../styles/button.styles.js';
import { tokens } from '../../styles/tokens.styles.js';
import { visuallyHidden } from '../../styles/visually-hidden.styles.js';

/**
 * Notes kept out of the CSS (a comment inside `css` ships in every bundle):
 * - `[part=base]` has `min-height: 0` and the panel `contain: size`: what the room holds never makes
 *   it taller than the page made it. The panel is as tall as the stage beside it and scrolls
 *   (`position: relative` keeps its visually hidden text inside what scrolls); its title is sticky at
 *   the panel's edge (`top` counts from inside the padding, hence the negative offset and margins).
 * - Grid tiles: `min-height: 0` and `align-self: flex-start`, so only the aspect ratio sets their
 *   height (WebKit kept the height of the default width after the stage was measured).
 * - The lobby is centred by two growing pseudo-elements (their gap taken back by a negative margin)
 *   rather than `justify-content: center`: when it is taller than the stage, it scrolls from its top.
 */
export const styles = [
  tokens,
  visuallyHidden,
  pillButton,
  iconButton,
  css`
    :host {
      --_gap: var(--rtc-room-gap, var(--_space-s));
      --_padding: var(--rtc-room-padding, var(--_space-m));
      --_background: var(--rtc-room-background, var(--_surface));
      --_radius: var(--rtc-room-radius, var(--_radius-l));
      display: flex;
      flex-direction: column;
      min-height: var(--rtc-room-min-height, 420px);
      container: rtc-room / inline-size;
      color: var(--_text);
      background: var(--_background);
      border-radius: var(--_radius);
      font-size: var(--_font-size-m);
    }
    :host([hidden]) {
      display: none;
    }
    [part='base'] {
      display: flex;
      flex-direction: column;
      gap: var(--_gap);
      padding: var(--_padding);
      flex: 1;
      min-height: 0;
      box-sizing: border-box;
    }
    [part='header'] {
      display: flex;
      align-items: center;
      gap: var(--_space-s);
      min-height: 28px;
    }
    [part='status'] {
      display: inline-flex;
      align-items: center;
      gap: var(--_space-s);
      color: var(--_text-muted);
      font-size: var(--_font-size-s);
    }
    [part='status']::before {
      content: '';
      width: 8px;
      height: 8px;
      border-radius: 50%;
      background: var(--_text-muted);
    }
    :host(:state(connected)) [part='status']::before {
      background: var(--_success);
    }
    :host(:state(connecting)) [part='status']::before,
    :host(:state(reconnecting)) [part='status']::before {
      background: var(--_warning);
      animation: pulse 1.2s ease-in-out infinite;
    }
    :host(:state(error)) [part='status']::before {
      background: var(--_danger);
    }
    @keyframes pulse {
      50% {
        opacity: 0.3;
      }
    }
    @media (prefers-reduced-motion: reduce) {
      [part='status']::before {
        animation: none !important;
      }
    }
    .spacer {
      flex: 1;
    }
    .body {
      position: relative;
      flex: 1;
      min-height: 0;
      display: flex;
      gap: var(--_gap);
    }
    [part='panel'] {
      position: relative;
      flex: none;
      width: min(340px, 100%);
      display: flex;
      flex-direction: column;
      gap: var(--_space-s);
      min-height: 0;
      contain: size;
      overflow-y: auto;
      overscroll-behavior: contain;
      padding: var(--_space-s);
      border-radius: var(--_radius-m);
      background: var(--_surface-raised);
      box-shadow: 0 1px 2px rgb(0 0 0 / 0.08), 0 4px 16px rgb(0 0 0 / 0.06);
    }
    [part='panel'][hidden] {
      display: none;
    }
    [part='panel-header'] {
      position: sticky;
      top: calc(-1 * var(--_space-s));
      z-index: 1;
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: var(--_space-s);
      margin: calc(-1 * var(--_space-s)) calc(-1 * var(--_space-s)) 0;
      padding: var(--_space-s);
      padding-block-end: 0;
      padding-inline-start: calc(2 * var(--_space-s));
      background: inherit;
      border-start-start-radius: inherit;
      border-start-end-radius: inherit;
    }
    [part='panel-header'] h2 {
      margin: 0;
      font-size: var(--_font-size-m);
      font-weight: 600;
    }
    [part='close'] {
      background: transparent;
      color: var(--_text-muted);
    }
    [part='close']:hover {
      background: color-mix(in srgb, var(--_text) 8%, transparent);
    }
    [part='chat'] {
      flex: 1;
      min-height: 0;
      --rtc-chat-height: 100%;
    }
    [part='settings'],
    [part='stats'] {
      flex: none;
    }
    /* A narrow room: the panel covers the stage instead of squeezing it. */
    @container rtc-room (max-width: 640px) {
      [part='panel'] {
        position: absolute;
        inset: 0;
        width: auto;
        z-index: 2;
      }
    }
    [part='stage'] {
      position: relative;
      flex: 1;
      min-height: 0;
      display: flex;
      flex-direction: column;
      gap: var(--_gap);
    }
    .layer {
      position: absolute;
      inset: 0;
      display: flex;
      flex-direction: column;
      gap: var(--_gap);
      overflow: hidden;
    }
    .grid {
      flex: 1;
      display: flex;
      flex-wrap: wrap;
      justify-content: center;
      align-content: center;
      gap: var(--_gap);
      min-height: 0;
    }
    .grid > .tile {
      width: var(--_tile-width, min(100%, 480px));
      aspect-ratio: 16 / 9;
      min-height: 0;
      align-self: flex-start;
    }
    .main {
      flex: 1;
      min-height: 0;
      display: grid;
    }
    .main > .tile {
      min-height: 0;
    }
    .main > .tile::part(video) {
      --rtc-video-aspect-ratio: auto;
    }
    .strip {
      display: flex;
      gap: var(--_gap);
      overflow-x: auto;
      justify-content: safe center;
      flex: none;
      padding-block-end: 2px;
    }
    .strip > .tile {
      flex: none;
      width: clamp(120px, 18%, 220px);
      aspect-ratio: 16 / 9;
    }
    [part='lobby'] {
      flex: 1;
      min-height: 0;
      overflow-y: auto;
      display: flex;
      flex-direction: column;
      align-items: center;
      gap: var(--_space-m);
    }
    [part='lobby']::before,
    [part='lobby']::after {
      content: '';
      flex: 1 0 0;
    }
    [part='lobby']::before {
      margin-block-end: calc(-1 * var(--_space-m));
    }
    [part='lobby']::after {
      margin-block-start: calc(-1 * var(--_space-m));
    }
    [part='lobby'] label {
      display: flex;
      flex-direction: column;
      gap: var(--_space-xs);
      color: var(--_text-muted);
      font-size: var(--_font-size-s);
    }
    [part='lobby'] input {
      font: inherit;
      font-size: var(--_font-size-m);
      padding: var(--_space-s) var(--_space-m);
      border-radius: var(--_radius-m);
      border: 1px solid color-mix(in srgb, var(--_text) 22%, transparent);
      background: var(--_surface-raised);
      color: var(--_text);
      min-width: 16em;
    }
    [part='lobby'] input:focus-visible {
      outline: none;
      box-shadow: var(--_focus-ring);
    }
    [part='join'] {
      padding: var(--_space-s) var(--_space-l);
      font-size: var(--_font-size-m);
    }
    [part='notice'],
    [part='reconnecting'] {
      padding: var(--_space-s) var(--_space-m);
      border-radius: var(--_radius-m);
      background: color-mix(in srgb, var(--_warning) 14%, var(--_surface-raised));
      border: 1px solid color-mix(in srgb, var(--_warning) 40%, transparent);
      font-size: var(--_font-size-s);
    }
    [part='reconnecting'] {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_space-s) var(--_space-m);
    }
    [part='error'] {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_space-s) var(--_space-m);
      padding: var(--_space-m);
      border-radius: var(--_radius-m);
      background: color-mix(in srgb, var(--_danger) 12%, var(--_surface-raised));
      color: var(--_text);
      border: 1px solid color-mix(in srgb, var(--_danger) 40%, transparent);
    }
    [part='error'] strong {
      color: var(--_danger);
    }
    [part='retry'] {
      margin-inline-start: auto;
    }
    [part='empty'] {
      flex: none;
      box-sizing: border-box;
      height: 40px;
      margin: 0;
      padding: 10px var(--_space-m);
      line-height: 20px;
      text-align: center;
      color: var(--_text-muted);
      overflow: hidden;
      white-space: nowrap;
      text-overflow: ellipsis;
    }
  `,
];
