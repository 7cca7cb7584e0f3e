import type { unsafeCSS } from 'lit';

/** The element's own styles (after the kit's tokens, pill button and visually hidden text), made with the kit's Lit. */
export const styles = (css: typeof unsafeCSS) =>
  css(`
    :host {
      --_good: var(--rtc-precall-check-good-color, var(--_success));
      --_fair: var(--rtc-precall-check-fair-color, var(--_warning));
      --_bad: var(--rtc-precall-check-bad-color, var(--_danger));
      display: block;
      font-size: var(--_font-size-m);
      color: var(--_text);
    }
    :host([hidden]) {
      display: none;
    }
    [part='base'] {
      display: grid;
      gap: var(--_space-s);
    }
    [part='preview'] {
      width: 100%;
      max-height: 9rem;
      object-fit: contain;
      border-radius: var(--_radius-m);
      background: var(--_tile);
    }
    [part='preview'][hidden] {
      display: none;
    }
    ul {
      display: grid;
      gap: var(--_space-xs);
      margin: 0;
      padding: 0;
      list-style: none;
    }
    li {
      display: grid;
      grid-template-columns: 7em 1fr;
      gap: 0 var(--_space-s);
      align-items: baseline;
    }
    [part~='detail'],
    li button,
    meter {
      grid-column: 2;
      font-size: var(--_font-size-s);
    }
    [data-verdict='good'] [part~='verdict'] {
      color: var(--_good);
    }
    [data-verdict='fair'] [part~='verdict'] {
      color: var(--_fair);
    }
    [data-verdict='bad'] [part~='verdict'] {
      color: var(--_bad);
    }
    [part='start'] {
      justify-self: start;
    }
    [part~='verdict'] {
      font-weight: 600;
    }
    meter {
      width: 100%;
    }
    li button {
      justify-self: start;
      font: inherit;
      padding: 0;
      border: 0;
      background: none;
      color: var(--_accent);
      text-decoration: underline;
      cursor: pointer;
    }
  `);
