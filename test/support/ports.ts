/** `freePort`, from the one copy in `scripts/ports.mjs` (plain JavaScript, shared with the scripts). */
const root = new URL('../../../', import.meta.url).href;

export const { freePort } = (await import(`${root}scripts/ports.mjs`)) as {
  /** A free TCP port on 127.0.0.1; with `taken`, not one of those, and added to it. */
  freePort(taken?: Set<number>): Promise<number>;
};
