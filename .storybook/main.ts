/**
 * Storybook 10 for the elements: stories in `stories/`, docs generated from the custom-elements
 * manifest (`npm run build` writes `custom-elements.json`), the accessibility addon, and the
 * signaling server attached to Storybook's own dev server at `/signal`, so live stories call
 * through the real server with `npm run storybook` alone.
 */
import type { StorybookConfig } from '@storybook/web-components-vite';
import { manifestPlugin } from './manifest-plugin.js';
import { signalingVitePlugin } from './signaling-plugin.js';

const config: StorybookConfig = {
  framework: '@storybook/web-components-vite',
  stories: ['../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  async viteFinal(config, { configType }) {
    const plugins = [...(config.plugins ?? []), manifestPlugin()];
    if (configType === 'DEVELOPMENT') plugins.push(signalingVitePlugin());
    // The renderer imports lit/directive-helpers.js; pre-bundled with the rest of Lit, the page
    // loads one lit-html, not two (Lit warns about two in development).
    const include = [...(config.optimizeDeps?.include ?? []), 'lit', 'lit/directive-helpers.js'];
    return { ...config, plugins, optimizeDeps: { ...config.optimizeDeps, include } };
  },
};

export default config;
