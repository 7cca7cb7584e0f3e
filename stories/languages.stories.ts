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
import { StorySession } from './support/static-session.js';
import { press, untilPanel, untilState, within } from './support/wait.js';

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
 * labels and the badges sit at the start (right) edge of each tile, "Try again" at the end
 * (left), and the control bar is mirrored: the microphone first at the right, leave last at the
 * left.
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

/**
 * A call of three in which `said` was said: you are `names[0]`, the second has raised a hand,
 * the third has the microphone off.
 */
function call(storyId: string, names: string[], said: { from: number; text: string }[]) {
  const [you, other, third] = names;
  const session = new StorySession({
    storyId,
    state: 'connected',
    local: { name: you! },
    remote: [
      { name: other!, hand: true },
      { name: third!, muted: true },
    ],
    chat: said.map(({ from, text }) => ({ from: names[from]!, text })),
  });
  return html`<rtc-room room="design-review" .session=${session}></rtc-room>`;
}

/** A play function: the call's chat panel is opened from its control bar. */
async function chatOpen({ canvasElement }: { canvasElement: HTMLElement }) {
  const room = within(canvasElement, 'rtc-room');
  await untilState(room, 'connected');
  await press(room, 'chat');
  await untilPanel(room, 'chat');
}

/** The lobby in French: the devices, your name and the Join button. */
export const FrenchLobby: Story = {
  name: 'French, lobby',
  beforeEach: speaking('fr', fr),
  render: (_args, { id }) => {
    const session = new StorySession({ storyId: id, state: 'idle', local: { name: 'Camille Martin' } });
    return html`<div lang="fr" style="padding: 16px">
      <rtc-room room="design-review" name="Camille Martin" lobby .session=${session}></rtc-room>
    </div>`;
  },
  async play({ canvasElement }) {
    await untilState(within(canvasElement, 'rtc-room'), 'lobby');
  },
};

/** A call in French with the chat open: the panel, the messages, the field and the control bar. */
export const FrenchChat: Story = {
  name: 'French, chat open',
  beforeEach: speaking('fr', fr),
  render: (_args, { id }) =>
    html`<div lang="fr" style="padding: 16px">
      ${call(
        id,
        ['Camille Martin', 'Louis Bernard', 'Chloé Dubois'],
        [
          { from: 1, text: 'Bonjour à tous\u00a0! L’ordre du jour\u00a0: https://example.com/ordre-du-jour' },
          { from: 0, text: 'Merci. On commence par le point 2\u00a0?' },
          { from: 2, text: 'Ça me va.' },
        ],
      )}
    </div>`,
  play: chatOpen,
};

/**
 * The same call in Arabic, right to left: the tiles from the right, the chat panel at the end
 * (left), the control bar mirrored (the microphone first, at the right; leave last, at the
 * left), others' messages at the start (right) and yours at the end (left).
 */
export const ArabicChat: Story = {
  name: 'Arabic, right to left, chat open',
  beforeEach: speaking('ar', ar),
  render: (_args, { id }) =>
    html`<div lang="ar" dir="rtl" style="padding: 16px">
      ${call(
        id,
        ['ليلى حداد', 'عمر خالد', 'سلمى يوسف'],
        [
          { from: 1, text: 'مرحبًا بالجميع! جدول الأعمال هنا: https://example.com/agenda' },
          { from: 0, text: 'شكرًا، هل نبدأ بالبند الثاني؟' },
          { from: 2, text: 'موافقة.' },
        ],
      )}
    </div>`,
  play: chatOpen,
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
