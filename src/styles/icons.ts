import { html, svg, type TemplateResult } from 'lit';

/**
 * The kit's icons: 24×24 outlines drawn with `currentColor`, decorative (`aria-hidden`): the
 * control around them carries the accessible name.
 */
const paths = {
  microphone: svg`<rect x="9" y="3" width="6" height="11" rx="3"/><path d="M5 11a7 7 0 0 0 14 0M12 18v3"/>`,
  'microphone-off': svg`<path d="M15 9.4V6a3 3 0 0 0-5.7-1.3M9 9v2a3 3 0 0 0 5 2.2M5 11a7 7 0 0 0 11.3 5.5M19 11a7 7 0 0 1-.6 2.8M12 18v3M3 3l18 18"/>`,
  camera: svg`<rect x="3" y="6" width="13" height="12" rx="2"/><path d="m16 10 5-3v10l-5-3"/>`,
  'camera-off': svg`<path d="M8 6h6a2 2 0 0 1 2 2v3l5-3v9M16 16v0a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2M3 3l18 18"/>`,
  screen: svg`<rect x="3" y="4" width="18" height="12" rx="2"/><path d="M8 20h8M12 16v4M12 13V7M9 10l3-3 3 3"/>`,
  hand: svg`<path d="M8 12V5.5a1.5 1.5 0 0 1 3 0V11M11 10V4.5a1.5 1.5 0 0 1 3 0V11M14 10.5V6a1.5 1.5 0 0 1 3 0v7a7 7 0 0 1-7 7 6 6 0 0 1-5-2.6L3.3 14a1.5 1.5 0 0 1 2.4-1.8L8 15"/>`,
  chat: svg`<path d="M4 5h16v11H9l-5 4z"/>`,
  settings: svg`<circle cx="12" cy="12" r="3"/><path d="M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z"/>`,
  leave: svg`<path d="M3.5 13.5c4.7-4.7 12.3-4.7 17 0l-2 2.5-3.5-1.5v-2.5a10 10 0 0 0-6 0v2.5L5.5 16z"/>`,
  send: svg`<path d="M4 12 20 4l-5 16-3-7zM12 13l8-9"/>`,
  pin: svg`<path d="M9 4h6M10 4v5l-3 4h10l-3-4V4M12 13v7"/>`,
  pip: svg`<rect x="3" y="5" width="18" height="14" rx="2"/><path d="M12 12h6v4h-6z"/>`,
  close: svg`<path d="M6 6l12 12M18 6 6 18"/>`,
  speaker: svg`<path d="M4 9h4l5-4v14l-5-4H4zM16 9a4 4 0 0 1 0 6M18.5 6.5a8 8 0 0 1 0 11"/>`,
} as const;

export type IconName = keyof typeof paths;

/** An icon, sized by the font size around it (`1.25em` by default). */
export function icon(name: IconName, size = '1.25em'): TemplateResult {
  return html`<svg class="icon" aria-hidden="true" focusable="false" width=${size} height=${size} viewBox="0 0 24 24"
    fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">${paths[name]}</svg>`;
}
