import { css } from 'lit';
import { iconButton, pillButton } from '../../styles/button.styles.js';
import { tokens } from '../../styles/tokens.styles.js';
import { visuallyHidden } from '../../styles/visually-hidden.styles.js';

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
      /* The room's height is the page's (or --rtc-room-min-height): what is inside never stretches it. */
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
    /*
     * As tall as the stage beside it, whatever it holds (size containment: its content never makes
     * the room taller); what does not fit scrolls inside it, under its title.
     */
    [part='panel'] {
      /* Also the box of what is placed inside it (screen-reader-only text): it scrolls with the rest. */
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
      /* Stuck at the panel's edge (sticky offsets count from inside the padding). */
      top: calc(-1 * var(--_space-s));
      z-index: 1;
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: var(--_space-s);
      /* Over the panel's padding, so what scrolls under it is hidden up to the panel's edge. */
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
    [part='chat'][hidden] {
      display: none;
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
    /* The height is the aspect ratio's alone (WebKit otherwise keeps the content's old height as a minimum). */
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
    /* Centred in the stage; taller than it (a short window, long words), it scrolls from its top. */
    [part='lobby'] {
      flex: 1;
      min-height: 0;
      overflow-y: auto;
      display: flex;
      flex-direction: column;
      align-items: center;
      gap: var(--_space-m);
    }
    /* Equal room above and below while it fits (no gap of their own); none once it does not. */
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
