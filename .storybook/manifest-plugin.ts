/**
 * A Vite plugin serving `custom-elements.json` (written by `npm run build` from the elements'
 * JSDoc) to the preview as the module `virtual:rtc-elements/custom-elements`, trimmed to the
 * public API: no private or static members. Storybook's docs read attributes, properties,
 * events, slots, CSS parts and CSS custom properties from it, and the element's text from its
 * `description`: the JSDoc `@summary` (where ours is written) and the CSS custom states, which
 * Storybook does not read, are put there.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const ID = 'virtual:rtc-elements/custom-elements';
const RESOLVED = `\0${ID}`;
const MANIFEST = fileURLToPath(new URL('../custom-elements.json', import.meta.url));

interface Member {
  name: string;
  kind?: string;
  privacy?: string;
  static?: boolean;
}
interface Declaration {
  tagName?: string;
  summary?: string;
  description?: string;
  members?: Member[];
  cssStates?: Array<{ name: string; description?: string }>;
}
interface Manifest {
  modules?: Array<{ declarations?: Declaration[] }>;
}

/** The manifest as Storybook should see it: public members only, custom states described. */
export function publicManifest(manifest: Manifest): Manifest {
  for (const module of manifest.modules ?? []) {
    for (const declaration of module.declarations ?? []) {
      if (!declaration.tagName) continue;
      declaration.members = declaration.members?.filter(
        (m) => !m.static && !m.name.startsWith('#') && m.privacy !== 'private' && m.privacy !== 'protected',
      );
      const text = [declaration.summary, declaration.description];
      if (declaration.cssStates?.length) {
        const states = declaration.cssStates.map((s) => `- \`:state(${s.name})\`: ${s.description ?? ''}`);
        text.push(`**CSS custom states**\n\n${states.join('\n')}`);
      }
      declaration.description = text.filter(Boolean).join('\n\n');
    }
  }
  return manifest;
}

export function manifestPlugin(): Plugin {
  return {
    name: 'rtc-elements:custom-elements-manifest',
    resolveId(id) {
      return id === ID ? RESOLVED : undefined;
    },
    async load(id) {
      if (id !== RESOLVED) return undefined;
      this.addWatchFile(MANIFEST);
      let text: string;
      try {
        text = await readFile(MANIFEST, 'utf8');
      } catch (error) {
        throw new Error(`${MANIFEST} is missing: run \`npm run build\` first (it writes the manifest).`, {
          cause: error,
        });
      }
      return `export default ${JSON.stringify(publicManifest(JSON.parse(text) as Manifest))};`;
    },
  };
}
