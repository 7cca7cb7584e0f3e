import { expect, fixture, html } from '@open-wc/testing';
import { nextEvent } from '../../test/browser/helpers.js';
import '../components/room/rtc-room.js';
import type { RtcRoom } from '../components/room/room.js';

const DARK_SURFACE = 'rgb(18, 20, 24)';
const LIGHT_SURFACE = 'rgb(244, 245, 247)';

/** Adds a theme file to the page; resolves once it applies, with the function that removes it. */
async function loadTheme(name: 'light' | 'dark'): Promise<() => void> {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = new URL(`../../../src/themes/${name}.css`, import.meta.url).href;
  const loaded = nextEvent(link, 'load');
  document.head.append(link);
  await loaded;
  return () => link.remove();
}

describe('themes', () => {
  it('follow --rtc-color-scheme with no theme file loaded (the built-in light-dark() defaults)', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <rtc-room style="--rtc-color-scheme: dark"></rtc-room>
      <rtc-room style="--rtc-color-scheme: light"></rtc-room>
    </div>`);
    const [dark, light] = wrapper.querySelectorAll('rtc-room') as unknown as [RtcRoom, RtcRoom];
    expect(getComputedStyle(dark).backgroundColor).to.equal(DARK_SURFACE);
    expect(getComputedStyle(dark).color).to.equal('rgb(238, 240, 243)');
    expect(getComputedStyle(light).backgroundColor).to.equal(LIGHT_SURFACE);
    expect(getComputedStyle(light).color).to.equal('rgb(21, 23, 26)');
  });

  it('apply the theme files: the last one loaded to the page, a theme class to what is below it', async () => {
    const removers = [await loadTheme('light'), await loadTheme('dark')];
    try {
      const wrapper = await fixture<HTMLDivElement>(html`<div>
        <rtc-room></rtc-room>
        <div class="rtc-theme-light"><rtc-room></rtc-room></div>
      </div>`);
      const [page, classed] = wrapper.querySelectorAll('rtc-room') as unknown as [RtcRoom, RtcRoom];
      expect(getComputedStyle(page).backgroundColor).to.equal(DARK_SURFACE);
      expect(getComputedStyle(classed).backgroundColor).to.equal(LIGHT_SURFACE);
    } finally {
      for (const remove of removers) remove();
    }
  });

  it('let the component hooks win over the global tokens', async () => {
    const room = await fixture<RtcRoom>(html`<rtc-room
      style="--rtc-room-gap: 20px; --rtc-room-radius: 3px; --rtc-room-background: rgb(1, 2, 3); --rtc-space-s: 1px"
    ></rtc-room>`);
    const style = getComputedStyle(room);
    expect(style.backgroundColor).to.equal('rgb(1, 2, 3)');
    expect(style.borderTopLeftRadius).to.equal('3px');
    expect(getComputedStyle(room.shadowRoot!.querySelector('[part=base]')!).rowGap).to.equal('20px');
    // Without the hook, the gap is the global token.
    room.style.removeProperty('--rtc-room-gap');
    expect(getComputedStyle(room.shadowRoot!.querySelector('[part=base]')!).rowGap).to.equal('1px');
  });
});
