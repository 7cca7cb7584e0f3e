import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/components/video/rtc-video.js';
import { loadLocale } from '../src/i18n/localize.js';
import { refuseSoundUntilClick } from './support/autoplay.js';
import { storyStream } from './support/canvas-stream.js';
import { showcase, showcaseReady } from './support/showcase.js';
import { StorySession } from './support/static-session.js';
import { press, untilPanel, untilState, within } from './support/wait.js';

/**
 * Every string the elements show or announce comes from one table. English is built in; ten
 * more languages ship with the package (`src/locales/`, `rtc-elements/locales/<tag>.js`), and
 * each element follows the closest `lang` attribute, across shadow roots: a page with
 * `lang="de"` imports the German table the first time an element meets it, and no other. These
 * stories await `loadLocale(lang)` first (as a page may, to show its language from the first
 * frame). A page replaces any string with `setStrings(lang, strings)`; `fr-CA` falls back to
 * `fr`, then English. With `dir="rtl"` the layout mirrors. Each showcase is a call of three with
 * a media notice, and a room that could not join (the room is full): its error, like every error
 * from the core and the server, is said in the room's language.
 */
const meta = {
  title: 'Guides/Languages',
  parameters: { layout: 'fullscreen' },
} satisfies Meta;
export default meta;
type Story = StoryObj;

/** Imports the shipped table of `lang` before the story renders. */
function speaking(lang: string) {
  return async () => {
    await loadLocale(lang);
  };
}

/** The showcase in `lang` (and `dir`), with three names usual in that language. */
function inLanguage(lang: string, names: string[], dir: 'ltr' | 'rtl' = 'ltr'): Story {
  return {
    beforeEach: speaking(lang),
    render: (_args, { id }) =>
      html`<div lang=${lang} dir=${dir} style="display: grid; gap: 12px; padding: 16px">${showcase(id, names)}</div>`,
    play: showcaseReady,
  };
}

/** French, for everything inside `lang="fr"`. */
export const French: Story = inLanguage('fr', ['Camille Martin', 'Louis Bernard', 'Chloé Dubois']);

/** German (`lang="de"`): its words are the longest of the ten; the buttons and notices still fit. */
export const German: Story = inLanguage('de', ['Lena Schneider', 'Jonas Becker', 'Miriam Wolf']);

/** Spanish (`lang="es"`). */
export const Spanish: Story = inLanguage('es', ['Lucía García', 'Mateo Fernández', 'Valentina Ruiz']);

/** Portuguese as written in Brazil (`lang="pt-BR"`; any `pt` gets it too). */
export const PortugueseBrazil: Story = {
  ...inLanguage('pt-BR', ['Ana Souza', 'Pedro Oliveira', 'Beatriz Lima']),
  name: 'Portuguese (Brazil)',
};

/** Italian (`lang="it"`). */
export const Italian: Story = inLanguage('it', ['Giulia Rossi', 'Marco Bianchi', 'Francesca Romano']);

/** Japanese (`lang="ja"`): one plural form, counts written 3人. */
export const Japanese: Story = inLanguage('ja', ['佐藤 花子', '鈴木 健太', '高橋 美咲']);

/** Chinese in simplified script (`lang="zh-CN"`, also `zh` and `zh-Hans`; not `zh-TW`). */
export const ChineseSimplified: Story = {
  ...inLanguage('zh-CN', ['王芳', '李伟', '张敏']),
  name: 'Chinese (Simplified)',
};

/** Hindi (`lang="hi"`), in Devanagari. */
export const Hindi: Story = inLanguage('hi', ['प्रिया शर्मा', 'राहुल वर्मा', 'अनीता सिंह']);

/**
 * Arabic, right to left (`lang="ar" dir="rtl"`): the status line starts at the right, name
 * labels and the badges sit at the start (right) edge of each tile, "Try again" at the end
 * (left), and the control bar is mirrored: the microphone first at the right, leave last at the
 * left.
 */
export const ArabicRightToLeft: Story = {
  ...inLanguage('ar', ['ليلى حداد', 'عمر خالد', 'سلمى يوسف'], 'rtl'),
  name: 'Arabic, right to left',
};

/** Hebrew, right to left (`lang="he" dir="rtl"`), mirrored as Arabic is. */
export const HebrewRightToLeft: Story = {
  ...inLanguage('he', ['נועה כהן', 'איתי לוי', 'מאיה מזרחי'], 'rtl'),
  name: 'Hebrew, right to left',
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
  beforeEach: speaking('fr'),
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
  beforeEach: speaking('fr'),
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
  beforeEach: speaking('ar'),
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

/** The call in Hebrew, right to left, with the chat open: mirrored as the Arabic one is. */
export const HebrewChat: Story = {
  name: 'Hebrew, right to left, chat open',
  beforeEach: speaking('he'),
  render: (_args, { id }) =>
    html`<div lang="he" dir="rtl" style="padding: 16px">
      ${call(
        id,
        ['נועה כהן', 'איתי לוי', 'מאיה מזרחי'],
        [
          { from: 1, text: 'שלום לכולם! סדר היום כאן: https://example.com/agenda' },
          { from: 0, text: 'תודה. נתחיל מהסעיף השני?' },
          { from: 2, text: 'מתאים לי.' },
        ],
      )}
    </div>`,
  play: chatOpen,
};

/** The call in Japanese with the chat open: no spaces between words, lines broken anywhere. */
export const JapaneseChat: Story = {
  name: 'Japanese, chat open',
  beforeEach: speaking('ja'),
  render: (_args, { id }) =>
    html`<div lang="ja" style="padding: 16px">
      ${call(
        id,
        ['佐藤 花子', '鈴木 健太', '高橋 美咲'],
        [
          { from: 1, text: '皆さん、こんにちは。今日の議題はこちらです。https://example.com/agenda' },
          { from: 0, text: 'ありがとうございます。2 番目の項目から始めましょうか？' },
          { from: 2, text: '賛成です。' },
        ],
      )}
    </div>`,
  play: chatOpen,
};

/** `<rtc-video>` in Arabic, right to left, when the browser refused to play sound. */
export const ArabicPlaySound: Story = {
  name: 'Arabic, autoplay blocked',
  beforeEach: async () => {
    await loadLocale('ar');
    return refuseSoundUntilClick();
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
