/** The element that has the focus, looking into shadow roots (null: none, or the body). */
export function focusedElement(): HTMLElement | null {
  let element = document.activeElement;
  while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
  return element instanceof HTMLElement && element !== document.body ? element : null;
}

/**
 * Where the focus goes back when a side panel closes from inside it (Escape, its close button):
 * to what had it when the panel opened (WCAG 2.4.3), or, when that is gone or hidden (a click that
 * gave the button no focus, as in Safari), to the control bar's button for that panel.
 */
export class PanelFocus {
  #opener: HTMLElement | null = null;

  /** A panel opens: remembers what has the focus, and answers it. */
  opening(): HTMLElement | null {
    this.#opener = focusedElement();
    return this.#opener;
  }

  /** `panel` closed: the focus goes back to its opener, found from `root` (the room's shadow root). */
  giveBack(root: ParentNode, panel: string | null): void {
    const controls = root.querySelector('rtc-controls')?.shadowRoot;
    const gone = !this.#opener?.isConnected || this.#opener.checkVisibility?.() === false;
    const opener = gone ? controls?.querySelector<HTMLElement>(`[data-button=${panel}]`) : this.#opener;
    this.#opener = null;
    opener?.focus();
  }
}
