import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { css, html } from 'lit';
import dark from '../src/themes/dark.css?inline';
import light from '../src/themes/light.css?inline';
import { showcase, showcaseReady } from './support/showcase.js';

/**
 * The elements follow `prefers-color-scheme` with no theme file. `src/themes/light.css` and
 * `dark.css` (`rtc-elements/themes/*.css`) force one: everywhere, or below an ancestor with
 * `class="rtc-theme-light"` / `"rtc-theme-dark"`. A brand of your own needs only the `--rtc-*`
 * custom properties and `::part()`s: every token, hook and part is in `docs/theming.md` and on
 * each element's page here.
 */
const meta = {
  title: 'Guides/Theming',
  parameters: { layout: 'fullscreen' },
} satisfies Meta;
export default meta;
type Story = StoryObj;

/** A panel in a theme: its background and text follow the theme's tokens too. */
function panel(themeClass: string, storyId: string) {
  return html`<div class=${themeClass}
    style="display: grid; gap: 12px; padding: 16px; background: var(--rtc-color-surface); color: var(--rtc-color-text)">
    ${showcase(storyId)}
  </div>`;
}

/** `class="rtc-theme-light"` (with `src/themes/light.css` loaded). */
export const Light: Story = {
  render: (_args, { id }) => html`<style>${light}</style>${panel('rtc-theme-light', id)}`,
  play: showcaseReady,
};

/** `class="rtc-theme-dark"` (with `src/themes/dark.css` loaded). */
export const Dark: Story = {
  render: (_args, { id }) => html`<style>${dark}</style>${panel('rtc-theme-dark', id)}`,
  play: showcaseReady,
};

/**
 * A brand of its own, from `--rtc-*` custom properties and `::part()`s only: warm colours, a
 * serif face, square corners, an uppercase status and the accent on the name labels.
 */
const brand = css`
  .brand {
    --rtc-color-scheme: light;
    --rtc-color-surface: #fff8f0;
    --rtc-color-surface-raised: #ffffff;
    --rtc-color-text: #3b1d0e;
    --rtc-color-text-muted: #7a4a2a;
    --rtc-color-accent: #b3401a;
    --rtc-color-on-accent: #ffffff;
    --rtc-color-danger: #a3122a;
    --rtc-color-success: #2f7a3a;
    --rtc-color-warning: #8a5a00;
    --rtc-color-tile: #2b1a12;
    --rtc-color-on-tile: #fff3e6;
    --rtc-radius-s: 2px;
    --rtc-radius-m: 4px;
    --rtc-radius-l: 6px;
    --rtc-font-family: Georgia, 'Times New Roman', serif;
    --rtc-room-gap: 12px;
    --rtc-room-padding: 16px;
    --rtc-video-label-background: #b3401a;
  }
  .brand rtc-room::part(status) {
    font-weight: 700;
    letter-spacing: 0.06em;
    text-transform: uppercase;
  }
  .brand rtc-room::part(tile) {
    box-shadow: 0 0 0 3px #f0c9a8;
    border-radius: 4px;
  }
  .brand rtc-room::part(retry) {
    border-radius: 2px;
  }
`;

export const CustomBrand: Story = {
  name: 'Custom brand',
  render: (_args, { id }) => html`<style>${brand.cssText}</style>${panel('brand', id)}`,
  play: showcaseReady,
};

/** No theme loaded: the built-in defaults, light or dark as the system prefers. */
export const SystemDefault: Story = {
  name: 'No theme file (system)',
  render: (_args, { id }) => html`${panel('', id)}`,
  play: showcaseReady,
};
