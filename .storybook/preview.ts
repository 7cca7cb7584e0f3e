/**
 * Every story: docs generated from the custom-elements manifest, accessibility violations
 * reported as errors, a colour-scheme switch in the toolbar, and the story's canvas streams
 * stopped when it is left.
 */
import { setCustomElementsManifest, type Preview } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { ArgTypesEnhancer, StrictInputType } from 'storybook/internal/types';
import manifest from 'virtual:rtc-elements/custom-elements';
import { stopStoryStreams } from '../stories/support/canvas-stream.js';

setCustomElementsManifest(manifest);

const LITERAL_UNION = /^\s*'[^']*'(\s*\|\s*'[^']*')+\s*$/;
const PLAIN_TYPES = new Set(['string', 'boolean', 'number']);

/**
 * Controls from the manifest: a union of string literals (`'cover' | 'contain'`) becomes a radio
 * group; strings, booleans and numbers keep their controls; objects (a `MediaStream`, a
 * `Participant`) get none, since they cannot be typed in. CSS custom properties get a text field
 * (the stories apply them as inline styles); parts, slots and events are documented only.
 */
const controlsFromTypes: ArgTypesEnhancer = ({ argTypes }) => {
  const enhanced: Record<string, StrictInputType> = {};
  for (const [key, argType] of Object.entries(argTypes)) {
    const category = argType.table?.category;
    const typeName = argType.type && 'name' in argType.type ? String(argType.type.name) : '';
    if (category === 'css custom properties') {
      enhanced[key] = { ...argType, type: { name: 'string' }, control: { type: 'text' } };
    } else if (category === 'css shadow parts' || category === 'slots') {
      enhanced[key] = { ...argType, control: false };
    } else if (category !== 'properties' && category !== 'attributes') {
      enhanced[key] = argType;
    } else if (LITERAL_UNION.test(typeName)) {
      const options = [...typeName.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
      enhanced[key] = { ...argType, options, type: { name: 'enum', value: options }, control: { type: 'radio' } };
    } else if (PLAIN_TYPES.has(typeName)) {
      enhanced[key] = argType;
    } else {
      enhanced[key] = { ...argType, control: false };
    }
  }
  return enhanced;
};

const preview: Preview = {
  tags: ['autodocs'],
  parameters: {
    a11y: { test: 'error' },
    controls: { expanded: true },
    layout: 'padded',
  },
  argTypesEnhancers: [controlsFromTypes],
  globalTypes: {
    scheme: {
      description: 'Colour scheme of the elements (--rtc-color-scheme)',
      toolbar: {
        title: 'Scheme',
        icon: 'mirror',
        items: [
          { value: 'auto', title: 'Follow the system' },
          { value: 'light', title: 'Light' },
          { value: 'dark', title: 'Dark' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { scheme: 'auto' },
  decorators: [
    (story, { globals }) => {
      const scheme = globals.scheme as string | undefined;
      // The page follows the scheme too, as a page using the elements would: an element with no
      // background of its own (the device picker) shows on the page's.
      const root = document.documentElement.style;
      root.colorScheme = !scheme || scheme === 'auto' ? 'light dark' : scheme;
      root.background = 'Canvas';
      root.color = 'CanvasText';
      if (!scheme || scheme === 'auto') return story();
      const background = scheme === 'dark' ? '#0b0c0f' : '#ffffff';
      return html`<div style="--rtc-color-scheme: ${scheme}; color-scheme: ${scheme}; background: ${background}; padding: 1rem">
        ${story()}
      </div>`;
    },
  ],
  beforeEach({ id }) {
    return () => stopStoryStreams(id);
  },
};

export default preview;
