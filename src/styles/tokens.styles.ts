import { css } from 'lit';

/**
 * The global `--rtc-*` tokens, read with built-in fallbacks so every element looks right with
 * no theme file loaded. Light or dark follows `prefers-color-scheme`; `--rtc-color-scheme`
 * (set by `src/themes/*.css` classes, or by you) forces one.
 */
export const tokens = css`
  :host {
    color-scheme: var(--rtc-color-scheme, light dark);
    --_surface: var(--rtc-color-surface, light-dark(#f4f5f7, #121418));
    --_surface-raised: var(--rtc-color-surface-raised, light-dark(#ffffff, #1d2026));
    --_text: var(--rtc-color-text, light-dark(#15171a, #eef0f3));
    --_text-muted: var(--rtc-color-text-muted, light-dark(#5b6270, #a3aab6));
    --_accent: var(--rtc-color-accent, light-dark(#2f5bea, #7c9cff));
    --_on-accent: var(--rtc-color-on-accent, light-dark(#ffffff, #0b1230));
    --_danger: var(--rtc-color-danger, light-dark(#c62a2a, #ff7b7b));
    --_success: var(--rtc-color-success, light-dark(#1d7f4e, #57d38c));
    --_warning: var(--rtc-color-warning, light-dark(#9a6400, #f2c14e));
    --_tile: var(--rtc-color-tile, #1e2127);
    --_on-tile: var(--rtc-color-on-tile, #f3f4f6);
    --_radius-s: var(--rtc-radius-s, 6px);
    --_radius-m: var(--rtc-radius-m, 12px);
    --_radius-l: var(--rtc-radius-l, 18px);
    --_space-xs: var(--rtc-space-xs, 4px);
    --_space-s: var(--rtc-space-s, 8px);
    --_space-m: var(--rtc-space-m, 12px);
    --_space-l: var(--rtc-space-l, 20px);
    --_font: var(--rtc-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_font-size-s: var(--rtc-font-size-s, 0.8125rem);
    --_font-size-m: var(--rtc-font-size-m, 0.9375rem);
    --_focus-ring: var(--rtc-focus-ring, 0 0 0 3px color-mix(in srgb, var(--_accent) 45%, transparent));
    font-family: var(--_font);
  }
`;
