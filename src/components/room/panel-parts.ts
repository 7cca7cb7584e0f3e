/**
 * What `<rtc-room>` shows only when asked loads the first time it is shown (issue 24): the chat
 * (its panel), the device picker and the stats (the settings panel; the picker also in the
 * lobby), each a chunk of its own (`lazy-elements.ts`). The panel shows at once, its content as
 * soon as its chunk is in.
 */
import { loadChat, loadDevicePicker, loadStats } from '../lazy-elements.js';
import { focusedElement } from './panel-focus.js';

/** Defines what `panel` shows; resolves once it is defined (or its chunk failed to load: a warning). */
export function loadPanel(panel: 'chat' | 'settings'): Promise<unknown> {
  return panel === 'chat' ? loadChat() : Promise.all([loadDevicePicker(), loadStats()]);
}

/**
 * Gives the focus to the panel just opened: the chat's text field once the chat is in (opened to
 * write, as in the well-known call products), unless the panel closed or the person moved the
 * focus from `before` (what had it as the panel opened) meanwhile (a chat that came late took a
 * key press meant for the next button); the
 * settings panel itself at once (Escape closes it from there).
 */
export async function focusPanel(
  root: ParentNode,
  panel: 'chat' | 'settings',
  open: () => boolean,
  before: HTMLElement | null,
): Promise<void> {
  if (panel === 'settings') return root.querySelector<HTMLElement>('[part=panel]')?.focus();
  await loadChat();
  const chat = root.querySelector<HTMLElement & { updateComplete?: Promise<unknown> }>('rtc-chat');
  await chat?.updateComplete;
  if (open() && focusedElement() === before) chat?.focus();
}
