/**
 * The room as a person finds it, measured: in a window of 1280x800 (a laptop), 1024x768 and 390x800
 * (a phone held upright), with two and six people, with the chat or the settings (the device
 * picker and the call's statistics) open, in English and in a pseudo-locale whose every string is
 * 40 % longer (as German often is); also a shared screen with everyone in the strip, the lobby,
 * and one person's detailed statistics at a panel's width. Each window is a frame of that size (its
 * own viewport: media queries, container sizes and `innerWidth` are the window's, in every engine,
 * where the test runner can set the viewport of Chromium and Firefox only) holding a page laid out
 * like the demo (a header, the room filling the rest), showing a static session: what a person
 * sees, without six real peer connections; the statistics are a recorded minute.
 *
 * Checked from element geometry (no screenshots): the page never scrolls sideways nor grows taller
 * than the window, the room's content stays inside the element, the control bar and the panel are
 * inside the window, every tile is wholly visible inside the stage (or in the strip that scrolls),
 * the panel beside the stage does not cover it, what a tile says stays on it, the control bar's
 * tooltips open inside the window, and no text is cut: not by an ellipsis or a box that clips, not
 * out of the window, not out of a box that scrolls sideways (only a data table may), and no field's
 * placeholder (see layout-scene.ts).
 */
import { expect, oneEvent } from '@open-wc/testing';
import type { RtcRoom } from '../../src/components/room/room.js';
import { en } from '../../src/i18n/english.js';
import type * as Scene from './layout-scene.js';
import { lengthen, pseudoLocale } from './pseudo-locale.js';
import { itWithWebRTC } from './webrtc.js';

type SceneModule = typeof Scene;

/** The page in the frame: a header, then the room filling what is left of the window (as the demo). */
const PAGE = `
  html, body { margin: 0; }
  body { display: flex; flex-direction: column; height: 100vh; font-family: system-ui, sans-serif;
    background: #e9ebef; color: #15171a; }
  header { display: flex; flex-wrap: wrap; align-items: center; gap: 12px 16px; padding: 12px 20px; }
  h1 { margin: 0; font-size: 1.05rem; }
  header button { margin-inline-start: auto; font: inherit; padding: 6px 14px; border-radius: 999px; }
  main { flex: 1; min-height: 0; display: flex; flex-direction: column; padding: 0 20px 20px; }
  rtc-room { flex: 1; }
`;

/** A frame of `width` x `height` with the layout page loaded: its scene module. */
async function openWindow(width: number, height: number): Promise<{ frame: HTMLIFrameElement; scene: SceneModule }> {
  const frame = document.createElement('iframe');
  frame.title = `A window of ${width}x${height}`;
  frame.style.cssText = `display: block; width: ${width}px; height: ${height}px; border: 0`;
  const module = new URL('./layout-scene.js', import.meta.url).href;
  frame.srcdoc = `<!doctype html><html lang="en"><head><meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1"><title>Layout</title>
    <style>${PAGE}</style>
    <script type="module">import * as scene from '${module}'; window.scene = scene;</script></head>
    <body><header><h1>Design review</h1><button type="button">Copy invite link</button></header><main></main></body></html>`;
  const loaded = oneEvent(frame, 'load');
  document.body.append(frame);
  await loaded;
  const scene = (frame.contentWindow as unknown as { scene?: SceneModule }).scene;
  if (!scene) throw new Error('the layout page did not load its scene module');
  return { frame, scene };
}

const SIZES = [
  [1280, 800],
  [1024, 768],
  [390, 800],
] as const;

describe('pseudo-locale (long strings)', () => {
  it('makes every English string at least 40 % longer, keeping its placeholders', () => {
    const long = pseudoLocale();
    expect(Object.keys(long)).to.deep.equal(Object.keys(en));
    const forms = (value: unknown) => (typeof value === 'string' ? [value] : Object.values(value as object));
    let grown = 0;
    for (const [key, value] of Object.entries(en)) {
      const longer = forms((long as unknown as Record<string, unknown>)[key]);
      forms(value).forEach((text: string, i) => {
        const placeholders = (s: string) => s.match(/\{\w+\}/g) ?? [];
        expect(placeholders(longer[i]), key).to.deep.equal(placeholders(text));
        const prose = (s: string) => [...s.replace(/\{\w+\}/g, '')].length;
        if (!/\p{L}/u.test(text.replace(/\{\w+\}/g, ''))) return;
        expect(prose(longer[i]), `${key}: ${longer[i]}`).to.be.at.least(Math.ceil(prose(text) * 1.4));
        grown++;
      });
    }
    expect(grown).to.be.greaterThan(100);
    expect(lengthen('Sent')).to.equal('Sentäö');
    expect(lengthen('{name} (you)')).to.equal('{name} (youäöü)');
  });
});

for (const [width, height] of SIZES) {
  describe(`<rtc-room> in a ${width}x${height} window`, () => {
    let frame: HTMLIFrameElement;
    let scene: SceneModule;

    before(async () => {
      ({ frame, scene } = await openWindow(width, height));
    });

    after(() => {
      scene?.clear();
      frame?.remove();
    });

    afterEach(() => {
      expect(scene.takeLitWarnings(), 'Lit warned in the frame').to.deep.equal([]);
    });

    /** The room's layout problems, with its figures in the message. */
    function expectNoProblems(room: RtcRoom, least: number) {
      const { problems, texts } = scene.layoutProblems(room);
      expect(problems, JSON.stringify(scene.figures(room))).to.deep.equal([]);
      // Not an empty page that passes: the room drew its text.
      expect(texts, 'pieces of text drawn').to.be.at.least(least);
    }

    for (const long of [false, true]) {
      const language = long ? 'long strings' : 'English';
      for (const people of [2, 6]) {
        for (const panel of ['chat', 'settings'] as const) {
          it(`${language}, ${people} people, ${panel} open: everything fits, nothing is cut`, async () => {
            const room = await scene.show({ people, panel, long });
            const shadow = room.shadowRoot!;
            expect(shadow.querySelectorAll('rtc-participant')).to.have.length(people);
            expect(shadow.querySelector(`[part=panel]:not([hidden]) [part=${panel}]:not([hidden])`)).to.not.equal(null);
            if (panel === 'settings') {
              const rows = shadow.querySelector('rtc-stats')!.shadowRoot!.querySelectorAll('tbody tr');
              expect(rows, 'a row of statistics per other person').to.have.length(people - 1);
            }
            // The tiles' names and the status, and the chat's messages or the statistics.
            expectNoProblems(room, people + (panel === 'chat' ? 6 : 20));
          });
        }
      }

      it(`${language}, 6 people, one shares a screen: the screen large, the strip scrolls, nothing is cut`, async () => {
        const room = await scene.show({ people: 6, screen: true, long });
        const shadow = room.shadowRoot!;
        expect(shadow.querySelector('.main > rtc-participant')!.hasAttribute('screen')).to.equal(true);
        expect(shadow.querySelectorAll('.strip > rtc-participant')).to.have.length(6);
        expectNoProblems(room, 8);
      });

      // A room shows no lobby where it cannot call (it says so at once instead): WebKitGTK here.
      itWithWebRTC(`${language}, the lobby: preview, devices, name and Join fit, nothing is cut`, async () => {
        const room = await scene.show({ people: 1, lobby: true, long });
        expect(room.shadowRoot!.querySelector('[part=join]')).to.not.equal(null);
        // The picker's labels, the name field's label and Join.
        expectNoProblems(room, 4);
      });

      it(`${language}, one person's detailed statistics at the panel's width: nothing leaves it, nothing is cut`, async () => {
        // The width the statistics get in the panel: 340px less its padding beside the stage, or
        // the stage's width less the page's, the room's and the panel's padding over it.
        const panelWidth = width > 640 ? 324 : width - 80;
        const stats = await scene.showLinkStats(panelWidth, long);
        expect(stats.shadowRoot!.querySelectorAll('tbody tr').length).to.be.greaterThan(5);
        expect(stats.scrollWidth, 'the statistics are wider than their box').to.be.at.most(stats.clientWidth + 1);
        const { cut, checked } = scene.clippedText(stats);
        expect(cut).to.deep.equal([]);
        expect(checked).to.be.greaterThan(10);
      });
    }
  });
}
