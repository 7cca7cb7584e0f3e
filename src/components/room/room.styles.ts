import { css } from 'lit';
import { pillButton } from '../../styles/button.styles.js';
import { tokens } from '../../styles/tokens.styles.js';

export const styles = [
  tokens,
  pillButton,
  css`
    :host {
      --_gap: var(--rtc-room-gap, var(--_space-s));
      --_padding: var(--rtc-room-padding, var(--_space-m));
      --_background: var(--rtc-room-background, var(--_surface));
      --_radius: var(--rtc-room-radius, var(--_radius-l));
      display: flex;
      flex-direction: column;
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
    [part='grid'] {
      display: grid;
      grid-template-columns: repeat(var(--_columns, 1), minmax(0, 1fr));
      gap: var(--_gap);
      align-content: center;
      flex: 1;
      min-height: 0;
    }
    @container rtc-room (max-width: 560px) {
      [part='grid'] {
        grid-template-columns: repeat(var(--_narrow-columns, 1), minmax(0, 1fr));
      }
    }
    .tile {
      position: relative;
      min-width: 0;
    }
    [part~='tile-status'] {
      position: absolute;
      top: var(--_space-s);
      inset-inline-start: var(--_space-s);
      padding: 2px var(--_space-s);
      border-radius: var(--_radius-s);
      background: rgb(0 0 0 / 0.55);
      color: #fff;
      font-size: var(--_font-size-s);
    }
    [part='notice'] {
      padding: var(--_space-s) var(--_space-m);
      border-radius: var(--_radius-m);
      background: color-mix(in srgb, var(--_warning) 14%, var(--_surface-raised));
      border: 1px solid color-mix(in srgb, var(--_warning) 40%, transparent);
      font-size: var(--_font-size-s);
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
      grid-column: 1 / -1;
      padding: var(--_space-l);
      text-align: center;
      color: var(--_text-muted);
    }
  `,
];
