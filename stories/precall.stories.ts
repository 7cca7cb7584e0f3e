import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/components/precall/rtc-precall-check.js';
import type { RtcPrecallCheck } from '../src/components/precall/precall-check.js';
import { loadLocale } from '../src/i18n/localize.js';
import { eventsOf } from './support/manifest.js';
import { eventually, within } from './support/wait.js';

/**
 * `<rtc-precall-check>` in Storybook, which has no signaling server: given no ICE servers, its
 * network part says there is no relay to test through (`fair`); the camera, microphone and
 * speaker are the browser's (fake ones in the test run).
 */
const meta = {
  title: 'Elements/rtc-precall-check',
  component: 'rtc-precall-check',
  parameters: { actions: { handles: eventsOf('rtc-precall-check') } },
  render: () => html`<rtc-precall-check style="max-width: 420px"></rtc-precall-check>`,
} satisfies Meta;
export default meta;
type Story = StoryObj;

const defined = async () => {
  await customElements.whenDefined('rtc-precall-check');
};

/** Before a check: each part not checked yet, and the button that starts it (Enter or Space). */
export const NotStarted: Story = { name: 'Not started', play: defined };

const checked = (lang = '') => ({
  render: () =>
    html`<div lang=${lang || 'en'}><rtc-precall-check style="max-width: 420px" autostart .iceServers=${[]}></rtc-precall-check></div>`,
  async play({ canvasElement }: { canvasElement: HTMLElement }) {
    await defined();
    const check = within<RtcPrecallCheck>(canvasElement, 'rtc-precall-check');
    await eventually(() => {
      if (!check.lastResults) throw new Error('the check has not ended');
    }, 20_000);
  },
});

/** A check that ended: a verdict and the numbers per part (no relay here to test the network through). */
export const Checked: Story = checked();

/** In German. */
export const German: Story = {
  ...checked('de'),
  beforeEach: async () => {
    await loadLocale('de');
  },
};
