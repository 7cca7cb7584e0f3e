/**
 * How many times a repeated case of the fast layer runs: `FAST_REPEAT` when it is set (the fast
 * config, web-test-runner.fast.config.mjs, hands it to the page through its `fast-repeat` command,
 * and refuses a value that is not a whole number above 0), else the case's own default. Each
 * repeated case puts the number in its title, so a run shows how many rounds it made.
 */
import { executeServerCommand } from '@web/test-runner-commands';

const { repeat } = await executeServerCommand<{ repeat: number | null }, undefined>('fast-repeat');

/** `FAST_REPEAT`, or `unset` when it is not set. */
export function fastRepeat(unset: number): number {
  return repeat ?? unset;
}
