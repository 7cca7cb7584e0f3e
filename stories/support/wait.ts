/** Waiting, in play functions, for what a person would see. */
import { waitFor } from 'storybook/test';

/**
 * Resolves once the element (or the one `find` returns, looked up again on every try) is in the
 * custom state `state` (`:state(…)`); throws after `timeout` ms.
 */
export async function untilState(
  target: Element | (() => Element | null | undefined),
  state: string,
  timeout = 15_000,
): Promise<void> {
  await waitFor(
    () => {
      const element = typeof target === 'function' ? target() : target;
      if (!element?.matches(`:state(${state})`)) {
        throw new Error(`<${element?.localName ?? 'element'}> never reached :state(${state})`);
      }
    },
    { timeout },
  );
}

/** Resolves once `check` stops throwing (it is tried again and again); throws its error after `timeout` ms. */
export async function eventually(check: () => void, timeout = 15_000): Promise<void> {
  await waitFor(check, { timeout });
}

/** The first `selector` in the story's canvas, or throws. */
export function within<E extends Element>(canvas: HTMLElement, selector: string): E {
  const element = canvas.querySelector<E>(selector);
  if (!element) throw new Error(`no ${selector} in the story`);
  return element;
}

/** Resolves once `element` shows its CSS part `part` (`::part(…)`); throws after `timeout` ms. */
export async function untilPart(element: Element, part: string, timeout = 15_000): Promise<void> {
  await waitFor(
    () => {
      if (!element.shadowRoot?.querySelector(`[part~="${part}"]`)) {
        throw new Error(`<${element.localName}> never showed its ${part} part`);
      }
    },
    { timeout },
  );
}

/** Presses the button `name` of `<rtc-room>`'s control bar, as a person would. */
export async function press(room: Element, name: string, timeout = 15_000): Promise<void> {
  await waitFor(
    () => {
      const controls = room.shadowRoot?.querySelector('rtc-controls');
      const button = controls?.shadowRoot?.querySelector<HTMLButtonElement>(`[data-button=${name}]`);
      if (!button) throw new Error(`the control bar has no ${name} button`);
      button.click();
    },
    { timeout },
  );
}

/** Waits for `<rtc-room>`'s side panel to show `part` (`chat` or `settings`). */
export async function untilPanel(room: Element, part: string, timeout = 15_000): Promise<void> {
  await waitFor(
    () => {
      const panel = room.shadowRoot?.querySelector('[part=panel]:not([hidden])');
      const content = panel?.querySelector(`[part=${part}]:not([hidden])`);
      if (!content) throw new Error(`the ${part} panel is not open`);
      // Its content is a chunk of its own, loaded as it first opens.
      if (panel!.querySelector(':not(:defined)')) throw new Error(`the ${part} panel's content is not loaded yet`);
    },
    { timeout },
  );
}
