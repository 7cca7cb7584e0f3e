import { css } from 'lit';
import { pillButton } from '../../styles/button.styles.js';
import { tokens } from '../../styles/tokens.styles.js';

export const styles = [
  tokens,
  pillButton,
  css`
    :host {
      --_gap: var(--rtc-device-picker-gap, var(--_space-m));
      --_field-background: var(--rtc-device-picker-field-background, var(--_surface-raised));
      --_field-border: var(--rtc-device-picker-field-border, color-mix(in srgb, var(--_text) 18%, transparent));
      --_field-radius: var(--rtc-device-picker-radius, var(--_radius-s));
      --_meter: var(--rtc-device-picker-meter-color, var(--_success));
      display: block;
      color: var(--_text);
      font-size: var(--_font-size-m);
    }
    :host([hidden]) {
      display: none;
    }
    [part='base'] {
      display: flex;
      flex-direction: column;
      gap: var(--_gap);
    }
    .preview {
      position: relative;
    }
    [part='preview'] {
      --rtc-video-radius: var(--_radius-m);
    }
    [part='preview']::part(placeholder) {
      display: none;
    }
    .off {
      position: absolute;
      inset: 0;
      display: grid;
      place-items: center;
      color: var(--_on-tile);
      opacity: 0.7;
      pointer-events: none;
    }
    [part='preview']:state(has-video) + .off {
      display: none;
    }
    [part='permission'] {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_space-s) var(--_space-m);
      padding: var(--_space-s) var(--_space-m);
      border-radius: var(--_radius-m);
      background: color-mix(in srgb, var(--_accent) 10%, var(--_field-background));
      font-size: var(--_font-size-s);
    }
    [part='permission'] p {
      flex: 1 1 16em;
      margin: 0;
    }
    [part~='field'] {
      display: grid;
      gap: var(--_space-xs);
    }
    [part='label'] {
      display: inline-flex;
      align-items: center;
      gap: var(--_space-s);
      color: var(--_text-muted);
      font-size: var(--_font-size-s);
      font-weight: 500;
    }
    .control {
      position: relative;
      display: flex;
    }
    .check {
      display: flex;
      align-items: center;
      gap: var(--_space-s, 8px);
    }
    [part='select'] {
      appearance: none;
      flex: 1;
      min-width: 0;
      padding-block: var(--_space-s);
      padding-inline: var(--_space-m) calc(var(--_space-m) + 20px);
      border: 1px solid var(--_field-border);
      border-radius: var(--_field-radius);
      background: var(--_field-background);
      color: inherit;
      font: inherit;
      text-overflow: ellipsis;
      cursor: pointer;
    }
    [part='select']:hover:not(:disabled) {
      border-color: color-mix(in srgb, var(--_text) 35%, transparent);
    }
    [part='select']:focus-visible {
      outline: none;
      border-color: var(--_accent);
      box-shadow: var(--_focus-ring);
    }
    [part='select']:disabled {
      color: var(--_text-muted);
      cursor: default;
    }
    .chevron {
      position: absolute;
      inset-inline-end: var(--_space-m);
      top: 50%;
      translate: 0 -50%;
      color: var(--_text-muted);
      pointer-events: none;
    }
    [part='meter'] {
      position: relative;
      height: 4px;
      margin-block-start: 2px;
      border-radius: 999px;
      overflow: hidden;
      background: color-mix(in srgb, var(--_text) 12%, transparent);
    }
    [part='meter']::before {
      content: '';
      position: absolute;
      inset-block: 0;
      inset-inline-start: 0;
      inline-size: calc(var(--_level, 0) * 100%);
      border-radius: inherit;
      background: var(--_meter);
      transition: inline-size 90ms linear;
    }
    [part='status'] {
      margin: 0;
      color: var(--_text-muted);
      font-size: var(--_font-size-s);
    }
    /* Kept in the page (a live region must exist before it speaks), taking no room while empty. */
    [part='status']:empty {
      margin-block-start: calc(-1 * var(--_gap));
    }
    @media (prefers-reduced-motion: reduce) {
      [part='meter']::before {
        transition: none;
      }
    }
  `,
];
