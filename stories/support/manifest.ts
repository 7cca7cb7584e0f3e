/** What the custom-elements manifest says about an element, for stories. */
import manifest from 'virtual:rtc-elements/custom-elements';

/** The names of the events `tagName` fires, as its JSDoc (`@event`) documents them. */
export function eventsOf(tagName: string): string[] {
  for (const module of manifest.modules) {
    for (const declaration of module.declarations ?? []) {
      if (declaration.tagName === tagName) return (declaration.events ?? []).map((event) => event.name);
    }
  }
  throw new Error(`custom-elements.json has no <${tagName}>`);
}

/** The CSS custom properties among a story's args (set from the controls), as an inline style. */
export function customProperties(args: object): string {
  return Object.entries(args)
    .filter(([name, value]) => name.startsWith('--') && typeof value === 'string' && value.trim())
    .map(([name, value]) => `${name}: ${value}`)
    .join('; ');
}
