import { css } from 'lit';

/** `.visually-hidden`: text for screen readers only (a live region, a table caption, a label). */
export const visuallyHidden = css`
  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
