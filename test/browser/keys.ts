/**
 * Real key presses in every engine. web-test-runner drives WebKit through WebDriver, whose
 * `sendKeys` presses all the keys of one `type` together, as a chord ("Hello" comes out "Helo"),
 * and has no separate key down and up; Chromium and Firefox (Puppeteer) have both.
 */
import { sendKeys } from '@web/test-runner-commands';

const webDriver = /AppleWebKit/.test(navigator.userAgent) && !/Chrome|Firefox/.test(navigator.userAgent);

/** Types `text` into the focused element, one key press per character. */
export async function typeKeys(text: string): Promise<void> {
  if (!webDriver) {
    await sendKeys({ type: text });
    return;
  }
  for (const key of text) await sendKeys({ press: key });
}

/** Presses `key` (a key name such as `Enter` or `Tab`). */
export async function pressKey(key: string): Promise<void> {
  await sendKeys({ press: key });
}

/** Shift+Enter: through WebDriver a chord of Shift (U+E008) and Enter (U+E007). */
export async function shiftEnter(): Promise<void> {
  if (webDriver) {
    await sendKeys({ type: '\uE008\uE007' });
    return;
  }
  await sendKeys({ down: 'Shift' });
  await sendKeys({ press: 'Enter' });
  await sendKeys({ up: 'Shift' });
}
