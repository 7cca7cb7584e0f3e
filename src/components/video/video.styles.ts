import { css } from 'lit';
import { pillButton } from '../../styles/button.styles.js';
import { tokens } from '../../styles/tokens.styles.js';

/**
 * Note kept out of the CSS (a comment inside `css` ships in every bundle): a name too long for a
 * small tile takes a second line, then an ellipsis; the label's `max-width` counts its padding. On a
 * tile 200px wide or less (a strip, a phone's grid of six) the label is smaller and closer to the edge.
 */
export const styles = [
  tokens,
  pillButton,
  css`
    :host {
      --_radius: var(--rtc-video-radius, var(--_radius-m));
      --_background: var(--rtc-video-background, var(--_tile));
      --_aspect-ratio: var(--rtc-video-aspect-ratio, 16 / 9);
      display: block;
      position: relative;
      aspect-ratio: var(--_aspect-ratio);
      min-width: 0;
      min-height: 0;
      border-radius: var(--_radius);
      overflow: hidden;
      background: var(--_background);
      color: var(--_on-tile);
      contain: layout paint;
    }
    :host([hidden]) {
      display: none;
    }
    [part='video'] {
      position: absolute;
      inset: 0;
      width: 100%;
      height: 100%;
      object-fit: var(--_fit, cover);
      background: transparent;
    }
    :host([fit='contain']) {
      --_fit: contain;
    }
    :host([mirrored]) [part='video'] {
      transform: scaleX(-1);
    }
    :host(:not(:state(has-video))) [part='video'] {
      visibility: hidden;
    }
    [part='placeholder'] {
      position: absolute;
      inset: 0;
      display: grid;
      place-items: center;
    }
    :host(:state(has-video)) [part='placeholder'] {
      display: none;
    }
    .avatar {
      display: grid;
      place-items: center;
      width: clamp(40px, 28%, 120px);
      aspect-ratio: 1;
      border-radius: 50%;
      background: var(--rtc-video-avatar-background, color-mix(in srgb, var(--_on-tile) 14%, transparent));
      font-size: clamp(1rem, 5cqi, 2.5rem);
      font-weight: 600;
      letter-spacing: 0.02em;
      user-select: none;
    }
    :host {
      container-type: inline-size;
    }
    [part='label'] {
      position: absolute;
      inset-inline-start: var(--_space-s);
      bottom: var(--_space-s);
      box-sizing: border-box;
      max-width: calc(100% - 2 * var(--_space-s));
      padding: 2px var(--_space-s);
      border-radius: var(--_radius-s);
      background: var(--rtc-video-label-background, rgb(0 0 0 / 0.55));
      color: #fff;
      font-size: var(--_font-size-s);
      line-height: 1.5;
      overflow-wrap: anywhere;
      display: -webkit-box;
      -webkit-box-orient: vertical;
      -webkit-line-clamp: 2;
      overflow: hidden;
    }
    [part='label']:empty {
      display: none;
    }
    @container (max-width: 200px) {
      [part='label'] {
        inset-inline-start: var(--_space-xs);
        bottom: var(--_space-xs);
        max-width: calc(100% - 2 * var(--_space-xs));
        padding-inline: var(--_space-xs);
        font-size: 0.75rem;
      }
    }
    [part='play'] {
      position: absolute;
      top: var(--_space-s);
      inset-inline-end: var(--_space-s);
      font-size: var(--_font-size-s);
    }
  `,
];
