/**
 * Registers `tag` for `element`, once. Loading a define file twice (two bundles on one page, a
 * hot reload) warns instead of throwing, and keeps the first definition.
 */
export function defineElement(tag: string, element: CustomElementConstructor): void {
  const existing = customElements.get(tag);
  if (!existing) customElements.define(tag, element);
  else if (existing !== element) console.warn(`<${tag}> is already defined by another script; keeping that one.`);
}
