import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import '../src/components/video/rtc-video.js';
import { Participant } from '../src/core/participant.js';
import { refuseSoundUntilClick } from './support/autoplay.js';
import { storyStream } from './support/canvas-stream.js';
import { customProperties } from './support/manifest.js';
import { untilState, within } from './support/wait.js';

interface VideoArgs {
  name: string;
  muted: boolean;
  mirrored: boolean;
  fit: 'cover' | 'contain';
}

/** What to show in the tile: nothing, a picture, sound only, or a picture with sound. */
type Source = 'none' | 'video' | 'portrait' | 'audio' | 'video+audio';

function render(source: Source) {
  return (args: VideoArgs, { id }: { id: string }) => {
    const stream =
      source === 'none'
        ? null
        : storyStream(id, `${source}:${args.name}`, {
            name: args.name,
            hue: 200,
            video: source !== 'audio',
            audio: source === 'audio' || source === 'video+audio',
            ...(source === 'portrait' && { width: 360, height: 640 }),
          });
    return html`<rtc-video style="max-width: 480px; ${customProperties(args)}" name=${args.name || nothing} ?muted=${args.muted}
      ?mirrored=${args.mirrored} fit=${args.fit} .stream=${stream}></rtc-video>`;
  };
}

const meta = {
  title: 'Elements/rtc-video',
  component: 'rtc-video',
  args: { name: 'Ada Lovelace', muted: true, mirrored: false, fit: 'cover' },
  render: render('video'),
} satisfies Meta<VideoArgs>;
export default meta;
type Story = StoryObj<VideoArgs>;

/** A live stream (here a canvas, drawn every frame) with the name label. */
export const Video: Story = {
  async play({ canvasElement }) {
    await untilState(within(canvasElement, 'rtc-video'), 'playing');
  },
};

/** `mirrored`, as people expect to see themselves: the initials and the dot run backwards. */
export const Mirrored: Story = {
  args: { mirrored: true, name: 'You' },
  play: Video.play,
};

/** `fit="cover"` (the default) fills the tile and crops: here a portrait picture in a 16:9 tile. */
export const FitCover: Story = {
  name: 'Fit: cover',
  args: { fit: 'cover' },
  render: render('portrait'),
  play: Video.play,
};

/** `fit="contain"` shows the whole picture, letterboxed. */
export const FitContain: Story = {
  name: 'Fit: contain',
  args: { fit: 'contain' },
  render: render('portrait'),
  play: Video.play,
};

/** No stream yet: the placeholder shows the name's initials. */
export const Placeholder: Story = {
  name: 'Placeholder: no stream',
  args: { name: 'Grace Hopper' },
  render: render('none'),
};

/** A stream with sound but no picture (camera off): the placeholder stays, and sound plays. */
export const AudioOnly: Story = {
  name: 'Placeholder: stream without video',
  args: { name: 'Alan Turing' },
  render: render('audio'),
  async play({ canvasElement }) {
    await untilState(within(canvasElement, 'rtc-video'), 'has-audio');
  },
};

/** From a core `Participant`: the stream and the name come from it. */
export const FromParticipant: Story = {
  name: 'From a participant',
  render: (_args, { id }) => {
    const participant = new Participant('p1', 'Katherine Johnson', false, storyStream(id, 'p', { hue: 30 }));
    return html`<rtc-video style="max-width: 480px" muted .participant=${participant}></rtc-video>`;
  },
  play: Video.play,
};

/**
 * The `blocked` state: the browser refused to play sound before the person interacted, so the
 * tile shows a "Play sound" button; pressing it plays. Browsers decide from user activation,
 * which clicking around Storybook grants, so this story stands in for the strictest policy:
 * `play()` with sound is refused until you click in the story.
 */
export const AutoplayBlocked: Story = {
  name: 'Autoplay blocked',
  args: { muted: false },
  render: render('video+audio'),
  beforeEach: () => refuseSoundUntilClick(),
  async play({ canvasElement }) {
    await untilState(within(canvasElement, 'rtc-video'), 'blocked');
  },
};
