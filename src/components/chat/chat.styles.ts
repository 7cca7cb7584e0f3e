import { css } from 'lit';
import { pillButton } from '../../styles/button.styles.js';
import { tokens } from '../../styles/tokens.styles.js';
import { visuallyHidden } from '../../styles/visually-hidden.styles.js';

/**
 * Note kept out of the CSS (a comment inside `css` ships in every bundle): the empty field is as
 * tall as its placeholder (`field-sizing: content`; where the engine lacks it, the element measures).
 */
export const styles = [
  tokens,
  visuallyHidden,
  pillButton,
  css`
    :host {
      --_background: var(--rtc-chat-background, var(--_surface-raised));
      --_line: color-mix(in srgb, var(--_text) 12%, transparent);
      --_bubble: var(--rtc-chat-bubble-background, color-mix(in srgb, var(--_text) 7%, var(--_background)));
      --_bubble-text: var(--rtc-chat-bubble-color, var(--_text));
      --_own-bubble: var(--rtc-chat-own-bubble-background, var(--_accent));
      --_own-bubble-text: var(--rtc-chat-own-bubble-color, var(--_on-accent));
      display: flex;
      flex-direction: column;
      block-size: var(--rtc-chat-height, 28rem);
      min-block-size: 12rem;
      min-inline-size: 0;
      overflow: hidden;
      box-sizing: border-box;
      color: var(--_text);
      background: var(--_background);
      border-radius: var(--rtc-chat-radius, var(--_radius-l));
      font-size: var(--_font-size-m);
      line-height: 1.4;
    }
    :host([hidden]) {
      display: none;
    }
    .area {
      position: relative;
      display: flex;
      flex-direction: column;
      flex: 1;
      min-block-size: 0;
    }
    [part='messages'] {
      flex: 1;
      min-block-size: 0;
      margin: 0;
      padding: var(--_space-s) var(--_space-m) var(--_space-m);
      list-style: none;
      overflow-y: auto;
      overscroll-behavior: contain;
      outline: none;
    }
    [part='messages'][hidden] {
      display: none;
    }
    [part='messages']:focus-visible {
      box-shadow: inset var(--_focus-ring);
    }
    .group {
      display: flex;
      flex-direction: column;
      align-items: flex-start;
      gap: 2px;
      margin-block-start: var(--_space-m);
    }
    .group.own {
      align-items: flex-end;
    }
    [part='header'] {
      display: flex;
      align-items: baseline;
      gap: var(--_space-s);
      max-inline-size: 100%;
      padding-inline: var(--_space-xs);
      color: var(--_text-muted);
      font-size: var(--_font-size-s);
    }
    [part='name'] {
      overflow: hidden;
      color: var(--_text);
      font-weight: 600;
      white-space: nowrap;
      text-overflow: ellipsis;
    }
    [part~='message'] {
      max-inline-size: 85%;
      margin: 0;
      padding: 6px var(--_space-m);
      border-radius: var(--_radius-l);
      border-end-start-radius: var(--_radius-s);
      background: var(--_bubble);
      color: var(--_bubble-text);
      white-space: pre-wrap;
      overflow-wrap: anywhere;
      unicode-bidi: isolate;
    }
    .own [part~='message'] {
      border-end-start-radius: var(--_radius-l);
      border-end-end-radius: var(--_radius-s);
      background: var(--_own-bubble);
      color: var(--_own-bubble-text);
    }
    [part='link'] {
      color: inherit;
      text-decoration: underline;
      text-underline-offset: 2px;
      border-radius: 2px;
    }
    [part='link']:focus-visible {
      outline: none;
      box-shadow: var(--_focus-ring);
    }
    [part='empty'] {
      display: flex;
      flex: 1;
      flex-direction: column;
      align-items: center;
      justify-content: center;
      gap: var(--_space-xs);
      padding: var(--_space-l);
      color: var(--_text-muted);
      font-size: var(--_font-size-s);
      text-align: center;
    }
    [part='empty'] p {
      margin: 0;
      max-inline-size: 22em;
    }
    [part='empty'] .title {
      color: var(--_text);
      font-size: var(--_font-size-m);
      font-weight: 600;
    }
    [part='empty'] .icon {
      margin-block-end: var(--_space-xs);
      opacity: 0.6;
    }
    [part='new-messages'] {
      position: absolute;
      inset-inline: 0;
      inset-block-end: var(--_space-s);
      inline-size: max-content;
      margin-inline: auto;
      font-size: var(--_font-size-s);
      box-shadow: 0 2px 8px rgb(0 0 0 / 0.2);
    }
    [part='form'] {
      display: grid;
      grid-template-columns: 1fr auto;
      align-items: end;
      gap: var(--_space-xs) var(--_space-s);
      padding: var(--_space-s) var(--_space-m) var(--_space-m);
      border-block-start: 1px solid var(--_line);
    }
    [part='input'] {
      box-sizing: border-box;
      inline-size: 100%;
      field-sizing: content;
      min-block-size: 40px;
      max-block-size: calc(6lh + 18px);
      margin: 0;
      padding: 8px var(--_space-m);
      border: 1px solid color-mix(in srgb, var(--_text) 20%, transparent);
      border-radius: 20px;
      background: var(--_surface);
      color: var(--_text);
      font: inherit;
      line-height: 1.4;
      resize: none;
    }
    [part='input']::placeholder {
      color: var(--_text-muted);
    }
    [part='input']:focus-visible {
      outline: none;
      border-color: var(--_accent);
      box-shadow: var(--_focus-ring);
    }
    [part='input'][aria-invalid='true'] {
      border-color: var(--_danger);
    }
    [part='send'] {
      display: grid;
      place-items: center;
      inline-size: 40px;
      block-size: 40px;
      padding: 0;
      border: 0;
      border-radius: 50%;
      background: var(--_accent);
      color: var(--_on-accent);
      cursor: pointer;
    }
    [part='send']:disabled {
      background: color-mix(in srgb, var(--_text) 12%, transparent);
      color: var(--_text-muted);
      cursor: not-allowed;
    }
    [part='send']:focus-visible {
      outline: none;
      box-shadow: var(--_focus-ring);
    }
    :host(:dir(rtl)) [part='send'] .icon {
      transform: scaleX(-1);
    }
    [part='counter'],
    [part='hint'],
    [part='error'] {
      grid-column: 1 / -1;
      margin: 0;
      padding-inline: var(--_space-s);
      color: var(--_text-muted);
      font-size: var(--_font-size-s);
    }
    [part='counter'].over,
    [part='error'] {
      color: var(--_danger);
    }
  `,
];
