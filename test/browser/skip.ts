/**
 * Visible skips: a test that cannot run in this engine is registered and reported as skipped, with
 * its reason in its title, so that `npm test`'s summary lists it by name and reason. A test is never
 * left unregistered in an engine (that is a skip nobody counts). The summary reporter
 * (test/plugins/summary-reporter.ts, judged by scripts/test-summary.mjs) fails a run whose skipped
 * test carries no reason, and one where Chromium or Firefox skip a test for lacking WebRTC
 * (test/browser/webrtc.ts): both have it.
 *
 * - `itIn(['chromium'], reason, title, fn)`: runs in the engines named; a visible skip elsewhere.
 * - `skip(this, reason)` inside a test: skips the running test, with its reason, from where the
 *   engine's lack shows (a feature check at run time).
 */

/** The engines the suite runs in. */
export type Engine = 'chromium' | 'firefox' | 'webkit';

/** The engine of this page. */
export const engine: Engine = navigator.userAgent.includes('Firefox/')
  ? 'firefox'
  : navigator.userAgent.includes('Chrome/')
    ? 'chromium'
    : 'webkit';

/** What a skipped test's title ends with: ` [skipped in <engine>: <reason>]`. The reporter reads it. */
export const skipMark = (reason: string): string => ` [skipped in ${engine}: ${reason}]`;

/** `it`, for a test that can only run in `engines`: elsewhere a skip whose title gives `reason`. */
export function itIn(engines: readonly Engine[], reason: string, title: string, fn: Mocha.AsyncFunc): Mocha.Test {
  return engines.includes(engine) ? it(title, fn) : it.skip(`${title}${skipMark(reason)}`, fn);
}

/** `describe`, for a suite that can only run in `engines`: elsewhere every test in it is skipped with `reason`. */
export function describeIn(
  engines: readonly Engine[],
  reason: string,
  title: string,
  fn: (this: Mocha.Suite) => void,
): void {
  if (engines.includes(engine)) describe(title, fn);
  else describe.skip(`${title}${skipMark(reason)}`, fn);
}

/**
 * Skips the running test from inside it, with `reason` added to its title (mocha reports the title
 * as it is when the run ends): `skip(this, 'no fake screen in Firefox')`. Never returns.
 */
export function skip(context: Mocha.Context, reason: string): never {
  if (context.test) context.test.title += skipMark(reason);
  context.skip();
  throw new Error('unreachable: Mocha.Context.skip() throws');
}
