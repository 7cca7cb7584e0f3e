/**
 * Registers `tag` for `element`, once. Loading a define file twice (two bundles on one page, a
 * hot reload) warns instead of throwing, and keeps the first definition.
 */
export function defineElement(tag: string, element: CustomElementConstructor): void {
  const existing = customElements.get(tag);
  if (!existing) customElements.define(tag, element);
  else if (existing !== element) console.warn(`<${tag}> is already defined by another script; keeping that one.`);
}

/**
 * Calls `load` (which defines `tag` from a chunk of its own) the first time a `tag` element is in
 * the document: at once if one is there, else when one is added. Elements inside other elements'
 * shadow roots are not seen: whoever renders one there loads it itself.
 */
export function defineWhenUsed(tag: string, load: () => unknown): void {
  const doc = globalThis.document;
  // Defined already (the single file defines some of these up front): nothing to watch for.
  if (!doc || customElements.get(tag)) return;
  if (doc.querySelector(tag)) return void load();
  const watch = new MutationObserver(() => {
    if (!doc.querySelector(tag)) return;
    watch.disconnect();
    void load();
  });
  watch.observe(doc, { childList: true, subtree: true });
}
