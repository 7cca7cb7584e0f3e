import { css } from 'lit';

/** The accent pill button the elements use for their actions ("Try again", "Play sound"). */
export const pillButton = css`
  .pill {
    padding: var(--_space-xs) var(--_space-m);
    border: 0;
    border-radius: 999px;
    background: var(--_accent);
    color: var(--_on-accent);
    font: inherit;
    cursor: pointer;
  }
  .pill:focus-visible {
    outline: none;
    box-shadow: var(--_focus-ring);
  }
`;

/** The small round icon button the elements use beside content (a tile's pin, a panel's close). */
export const iconButton = css`
  .icon-button {
    display: grid;
    place-items: center;
    width: 32px;
    height: 32px;
    padding: 0;
    border: 0;
    border-radius: 50%;
    font: inherit;
    cursor: pointer;
  }
  .icon-button:focus-visible {
    outline: none;
    box-shadow: var(--_focus-ring);
  }
`;
