import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/components/video/rtc-video.js';
import { resetStrings, setStrings } from '../src/i18n/localize.js';
import type { Strings } from '../src/i18n/strings.js';
import { ar } from './locales/ar.js';
import { fr } from './locales/fr.js';
import { refuseSoundUntilClick } from './support/autoplay.js';
import { storyStream } from './support/canvas-stream.js';
import { showcase, showcaseReady } from './support/showcase.js';
import { untilState, within } from './support/wait.js';

/**
 * Every string the elements show or announce comes from one table, English built in. A page
 * registers another language with `setStrings(lang, strings)` (key by key over English, so a
 * partial table works too); each element follows the closest `lang` attribute, across shadow
 * roots, and `fr-CA` falls back to `fr`, then English. With `dir="rtl"` the layout mirrors.
 * The tables here are `stories/locales/fr.ts` and `ar.ts`.
 */
const meta = {
  title: 'Guides/Languages',
  parameters: { layout: 'fullscreen' },
} satisfies Meta;
export default meta;
type Story = StoryObj;

/** Registers `strings` for `lang` while the story is shown. */
function speaking(lang: string, strings: Strings) {
  return () => {
    setStrings(lang, strings);
    return () => resetStrings(lang);
  };
}

/** French, for everything inside `lang="fr"`. */
export const French: Story = {
  beforeEach: speaking('fr', fr),
  render: (_args, { id }) =>
    html`<div lang="fr" style="display: grid; gap: 12px; padding: 16px">
      ${showcase(id, ['Camille Martin', 'Louis Bernard', 'Chloé Dubois'])}
    </div>`,
  play: showcaseReady,
};

/**
 * Arabic, right to left (`lang="ar" dir="rtl"`): the status line starts at the right, name
 * labels and the "connecting" badge sit at the start (right) edge, "Try again" at the end (left).
 */
export const ArabicRightToLeft: Story = {
  name: 'Arabic, right to left',
  beforeEach: speaking('ar', ar),
  render: (_args, { id }) =>
    html`<div lang="ar" dir="rtl" style="display: grid; gap: 12px; padding: 16px">
      ${showcase(id, ['ليلى حداد', 'عمر خالد', 'سلمى يوسف'])}
    </div>`,
  play: showcaseReady,
};

/** `<rtc-video>` in Arabic, right to left, when the browser refused to play sound. */
export const ArabicPlaySound: Story = {
  name: 'Arabic, autoplay blocked',
  beforeEach: () => {
    const restorePlay = refuseSoundUntilClick();
    const forget = speaking('ar', ar)();
    return () => {
      forget();
      restorePlay();
    };
  },
  render: (_args, { id }) =>
    html`<div lang="ar" dir="rtl" style="padding: 16px">
      <rtc-video style="max-width: 480px" name="ليلى حداد"
        .stream=${storyStream(id, 'video', { name: 'ليلى حداد', hue: 20, audio: true })}></rtc-video>
    </div>`,
  async play({ canvasElement }) {
    await untilState(within(canvasElement, 'rtc-video'), 'blocked');
  },
};
