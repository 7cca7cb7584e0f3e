import { expect, fixture, html } from '@open-wc/testing';
import { nextEvent } from '../../../test/browser/helpers.js';
import { canvasStream, staticParticipant } from '../../../test/browser/static-session.js';
import { updateParticipant } from '../../core/participant.js';
import type { RtcPinChangeEvent } from '../../events/rtc-pin-change.js';
import './rtc-participant.js';
import type { RtcParticipant } from './participant.js';

const part = (tile: RtcParticipant, name: string) => tile.shadowRoot!.querySelector(`[part~=${name}]`);

describe('<rtc-participant>', () => {
  const streams: MediaStream[] = [];
  afterEach(() => {
    for (const stream of streams.splice(0)) for (const track of stream.getTracks()) track.stop();
  });

  function camera(label: string) {
    const stream = canvasStream(label);
    streams.push(stream);
    return stream;
  }

  it('shows a "Bot" badge while the state says the participant is a program (bot: true), and drops it when it no longer does', async () => {
    const recorder = staticParticipant('r', 'Recorder', false, camera('R'), { state: { bot: true } });
    const tile = await fixture<RtcParticipant>(html`<rtc-participant .participant=${recorder}></rtc-participant>`);
    expect(part(tile, 'bot')?.textContent).to.equal('Bot');
    expect(tile.matches(':state(bot)')).to.equal(true);
    updateParticipant(recorder, { state: { bot: false } });
    await tile.updateComplete;
    expect(part(tile, 'bot')).to.equal(null);
    expect(tile.matches(':state(bot)')).to.equal(false);
    // A person's tile has none, and neither has a bot's shared screen.
    const ada = await fixture<RtcParticipant>(
      html`<rtc-participant .participant=${staticParticipant('a', 'Ada', false, camera('A'))}></rtc-participant>`,
    );
    expect(part(ada, 'bot')).to.equal(null);
  });

  it('shows a remote participant with badges that follow their state, and only re-renders for them', async () => {
    const ada = staticParticipant('a', 'Ada', false, camera('A'), { connectionState: 'connecting' });
    const bo = staticParticipant('b', 'Bo', false, camera('B'));
    const tile = await fixture<RtcParticipant>(html`<rtc-participant .participant=${ada}></rtc-participant>`);
    expect(tile.matches(':state(connecting)')).to.equal(true);
    expect(part(tile, 'status')!.textContent).to.equal('Connecting…');
    let renders = 0;
    const original = tile.requestUpdate.bind(tile);
    tile.requestUpdate = (...args: Parameters<RtcParticipant['requestUpdate']>) => {
      renders++;
      original(...args);
    };
    updateParticipant(bo, { state: { audio: false }, speaking: true, name: 'Bob' });
    expect(renders).to.equal(0);
    updateParticipant(ada, { state: { audio: false, hand: true }, speaking: true });
    await tile.updateComplete;
    expect(renders).to.be.greaterThan(0);
    expect(tile.matches(':state(muted)')).to.equal(true);
    expect(tile.matches(':state(hand-raised)')).to.equal(true);
    expect(tile.matches(':state(speaking)')).to.equal(true);
    expect(part(tile, 'muted')!.getAttribute('aria-label')).to.equal('Microphone off');
    expect(part(tile, 'hand')!.getAttribute('aria-label')).to.equal('Hand raised');
    // Camera turned off: the placeholder shows at once, whatever the track still brings.
    const video = tile.shadowRoot!.querySelector('rtc-video')!;
    updateParticipant(ada, { state: { audio: false, hand: true, video: false } });
    await tile.updateComplete;
    await video.updateComplete;
    expect(tile.matches(':state(camera-off)')).to.equal(true);
    expect(video.matches(':state(has-video)')).to.equal(false);
    await expect(tile).to.be.accessible();
  });

  it('shows your own tile mirrored and muted, and a screen as "presenting", uncropped', async () => {
    const me = staticParticipant('me', 'Ada', true, camera('A'));
    updateParticipant(me, { screenStream: camera('screen'), state: { screen: true } });
    const tile = await fixture<RtcParticipant>(html`<rtc-participant .participant=${me}></rtc-participant>`);
    const video = tile.shadowRoot!.querySelector('rtc-video')!;
    expect([video.mirrored, video.muted, video.name]).to.deep.equal([true, true, 'Ada (you)']);
    tile.screen = true;
    await tile.updateComplete;
    expect([video.mirrored, video.muted, video.fit, video.name]).to.deep.equal([
      false,
      true,
      'contain',
      'Ada is presenting',
    ]);
    expect(video.stream).to.equal(me.screenStream);
  });

  it('pins and unpins from its button, saying so with an event', async () => {
    const ada = staticParticipant('a', 'Ada', false, camera('A'));
    const tile = await fixture<RtcParticipant>(html`<rtc-participant .participant=${ada}></rtc-participant>`);
    const button = part(tile, 'pin') as HTMLButtonElement;
    expect(button.getAttribute('aria-label')).to.equal('Pin Ada');
    const pinned = nextEvent<RtcPinChangeEvent>(tile, 'rtc-pin-change');
    button.click();
    expect((await pinned).pinned).to.equal(true);
    await tile.updateComplete;
    expect(tile.matches(':state(pinned)')).to.equal(true);
    expect(button.getAttribute('aria-pressed')).to.equal('true');
    expect(button.getAttribute('aria-label')).to.equal('Unpin Ada');
    await expect(tile).to.be.accessible();
    // The same button unpins.
    const unpinned = nextEvent<RtcPinChangeEvent>(tile, 'rtc-pin-change');
    button.click();
    const event = await unpinned;
    expect(event.pinned).to.equal(false);
    expect(event.participant === ada, 'the event names another participant').to.equal(true);
    await tile.updateComplete;
    expect(tile.pinned).to.equal(false);
    expect(tile.matches(':state(pinned)')).to.equal(false);
    expect(button.getAttribute('aria-pressed')).to.equal('false');
    expect(button.getAttribute('aria-label')).to.equal('Pin Ada');
  });
});
