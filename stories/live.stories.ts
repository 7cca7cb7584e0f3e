import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { waitFor } from 'storybook/test';
import '../src/components/room/rtc-room.js';
import type { RtcRoom } from '../src/components/room/room.js';
import { eventsOf } from './support/manifest.js';
import { untilState } from './support/wait.js';

/**
 * Two `<rtc-room>`s in one page calling each other through the real signaling server (this
 * origin's `/signal`: `npm run storybook` attaches it), in a new room each time the story
 * renders. Camera only: with microphones, two rooms side by side in one page would feed back.
 */
const meta = {
  title: 'Live/Two rooms',
  tags: ['!autodocs'],
  parameters: {
    actions: { handles: eventsOf('rtc-room') },
    layout: 'fullscreen',
    // Both rooms name their landmark "Video room <room>": in one page, in one room, the two
    // names are the same. A page with one room per person never shows this.
    a11y: { config: { rules: [{ id: 'landmark-unique', enabled: false }] } },
  },
} satisfies Meta;
export default meta;

export const Call: StoryObj = {
  name: 'A call through the server',
  render: () => {
    const room = `storybook-${crypto.randomUUID().slice(0, 8)}`;
    const media = { video: true, audio: false };
    return html`<div style="display: grid; grid-template-columns: 1fr 1fr; gap: 8px">
      <rtc-room room=${room} name="Ada" .media=${media}></rtc-room>
      <rtc-room room=${room} name="Grace" .media=${media}></rtc-room>
    </div>`;
  },
  async play({ canvasElement }) {
    const rooms = [...canvasElement.querySelectorAll<RtcRoom>('rtc-room')];
    for (const room of rooms) await untilState(room, 'connected', 30_000);
    // Each sees the other, with the peer connection up and their picture playing.
    await waitFor(
      () => {
        for (const room of rooms) {
          const remote = room.session?.participants.find((p) => !p.local);
          if (remote?.connectionState !== 'connected') throw new Error(`${room.name} is not connected to its peer`);
          const tiles = [...(room.shadowRoot?.querySelectorAll('rtc-participant') ?? [])];
          const videos = tiles.map((tile) => tile.shadowRoot?.querySelector('[part~="video"]'));
          if (videos.length !== 2 || !videos.every((v) => v?.matches(':state(playing)'))) {
            throw new Error(`${room.name} does not show both pictures playing`);
          }
        }
      },
      { timeout: 30_000 },
    );
  },
};
