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
