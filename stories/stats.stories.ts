import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/components/participant/rtc-participant.js';
import '../src/components/stats/rtc-stats.js';
import type { RtcStats } from '../src/components/stats/stats.js';
import { loadLocale } from '../src/i18n/localize.js';
import { recordedSamples } from '../test/browser/stats-samples.js';
import { customProperties, eventsOf } from './support/manifest.js';
import { StorySession, storyParticipant } from './support/static-session.js';
import { untilState, within } from './support/wait.js';

interface StatsArgs {
  detailed: boolean;
}

/**
 * `<rtc-stats>` fed with a recorded minute (`.samples`), in a static room of three: you, Grace
 * (a clean direct link) and Alan (`poor`: a relayed, lossy link). `who` picks one participant.
 */
function render(who: 'room' | 'grace' | 'alan', { uplink = 'good' as const } = {}) {
  return (args: StatsArgs, { id }: { id: string }) => {
    const session = new StorySession({
      storyId: id,
      state: 'connected',
      local: { name: 'Ada Lovelace' },
      remote: [{ name: 'Grace Hopper' }, { name: 'Alan Turing' }],
    });
    const [grace, alan] = [...session.remote.values()];
    const samples = recordedSamples([grace!.id, alan!.id], { poor: [alan!.id], uplink });
    const participant = who === 'grace' ? grace : who === 'alan' ? alan : null;
    return html`<rtc-stats style="max-width: 460px; ${customProperties(args)}" .session=${session}
      .participant=${participant} .samples=${samples} ?detailed=${args.detailed}></rtc-stats>`;
  };
}

const meta = {
  title: 'Elements/rtc-stats',
  component: 'rtc-stats',
  args: { detailed: false },
  parameters: { actions: { handles: eventsOf('rtc-stats') } },
  render: render('room'),
} satisfies Meta<StatsArgs>;
export default meta;
type Story = StoryObj<StatsArgs>;

const measured = async ({ canvasElement }: { canvasElement: HTMLElement }) => {
  await untilState(within<RtcStats>(canvasElement, 'rtc-stats'), 'good');
};

/** The compact line for the whole room: your uplink, relayed (one link is), bitrates, round-trip time, loss. */
export const Compact: Story = { play: measured };

/** The detailed view of one clean link: sparklines of the last minute, every measure, copy as JSON. */
export const Detailed: Story = {
  args: { detailed: true },
  render: render('grace'),
  play: measured,
};

/** The whole room in detail: one row per person, with their quality and route. */
export const Room: Story = {
  name: 'Room, detailed',
  args: { detailed: true },
  play: measured,
};

/** A poor link: relayed through TURN, 18 % loss, freezes, the encoder limited by bandwidth. */
export const PoorLink: Story = {
  name: 'A poor link',
  args: { detailed: true },
  render: render('alan'),
  async play({ canvasElement }) {
    await untilState(within<RtcStats>(canvasElement, 'rtc-stats'), 'poor');
  },
};

/** Signal bars on the tiles: good, fair, poor, lost (`quality`, set here; inside a room the room's stats set it). */
export const TileBars: Story = {
  name: 'Signal bars on tiles',
  render: (_args, { id }) => {
    const levels = ['good', 'fair', 'poor', 'lost'] as const;
    return html`<div style="display: grid; grid-template-columns: repeat(2, 240px); gap: 8px">
      ${levels.map(
        (level, index) =>
          html`<rtc-participant no-pin style="height: 150px" quality=${level}
            .participant=${storyParticipant(id, `p${index}`, { name: `Link ${level}` }, { index })}></rtc-participant>`,
      )}
    </div>`;
  },
  async play({ canvasElement }) {
    await untilState(canvasElement.querySelectorAll('rtc-participant')[2]!, 'poor');
  },
};

/** French, detailed: words, decimal commas and units from `Intl.NumberFormat`. */
export const French: Story = {
  args: { detailed: true },
  beforeEach: async () => {
    await loadLocale('fr');
  },
  render: (args, context) => html`<div lang="fr">${render('alan')(args, context)}</div>`,
  async play({ canvasElement }) {
    await untilState(within<RtcStats>(canvasElement, 'rtc-stats'), 'poor');
  },
};

/** Arabic, right to left: the table and the summary mirror. */
export const ArabicRightToLeft: Story = {
  name: 'Arabic, right to left',
  args: { detailed: true },
  beforeEach: async () => {
    await loadLocale('ar');
  },
  render: (args, context) => html`<div lang="ar" dir="rtl">${render('room')(args, context)}</div>`,
  play: measured,
};
