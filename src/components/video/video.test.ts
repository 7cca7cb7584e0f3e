import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { eventually, nextEvent } from '../../../test/browser/helpers.js';
import type { RtcErrorEvent } from '../../events/rtc-error.js';
import { initials } from './video.js';
import './rtc-video.js';
import type { RtcVideo } from './video.js';

/** Resolves with the count of frames `video` has painted, at its next painted frame. */
function presentedFrames(video: HTMLVideoElement, timeout = 15_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no video frame painted within ${timeout} ms`)), timeout);
    video.requestVideoFrameCallback((_, metadata) => {
      clearTimeout(timer);
      resolve(metadata.presentedFrames);
    });
  });
}

describe('<rtc-video>', () => {
  let stream: MediaStream | null = null;

  afterEach(() => {
    for (const track of stream?.getTracks() ?? []) track.stop();
    stream = null;
  });

  it('plays a MediaStream set as a property, and shows frames', async () => {
    stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
    const el = await fixture<RtcVideo>(html`<rtc-video muted name="Me" .stream=${stream}></rtc-video>`);
    const video = el.shadowRoot!.querySelector('video')!;
    expect(video.srcObject).to.equal(stream);
    expect(video.muted).to.equal(true);
    if (video.readyState < 2) await oneEvent(video, 'loadeddata');
    await eventually(() => video.videoWidth > 0 && !video.paused, 'the video does not play');
    await eventually(
      () => el.matches(':state(has-video)') && el.matches(':state(playing)'),
      'has-video/playing states not set',
    );
    expect(el.matches(':state(has-audio)')).to.equal(true);
    // Frames keep being painted, not just the first one.
    const first = await presentedFrames(video);
    expect(await presentedFrames(video)).to.be.greaterThan(first);
    await expect(el).to.be.accessible();
  });

  it('shows the placeholder with initials when there is no video', async () => {
    const el = await fixture<RtcVideo>(html`<rtc-video name="Ada Lovelace"></rtc-video>`);
    expect(el.matches(':state(has-video)')).to.equal(false);
    const placeholder = el.shadowRoot!.querySelector('[part=placeholder]')!;
    expect(getComputedStyle(placeholder).display).to.not.equal('none');
    expect(placeholder.textContent!.trim()).to.equal('AL');
    expect(el.shadowRoot!.querySelector('[part=label]')!.textContent).to.equal('Ada Lovelace');
    await expect(el).to.be.accessible();
  });

  it('shows the placeholder while the video track is disabled, and video again when enabled', async () => {
    stream = await navigator.mediaDevices.getUserMedia({ video: true });
    const el = await fixture<RtcVideo>(html`<rtc-video muted .stream=${stream}></rtc-video>`);
    const video = el.shadowRoot!.querySelector('video')!;
    const placeholder = el.shadowRoot!.querySelector('[part=placeholder]')!;
    const showing = () => [
      el.matches(':state(has-video)'),
      getComputedStyle(video).visibility,
      getComputedStyle(placeholder).display !== 'none',
    ];
    await eventually(() => el.matches(':state(has-video)'), 'no has-video state');
    expect(showing()).to.deep.equal([true, 'visible', false]);
    // Nothing fires when a track is disabled or enabled: the page that does it renders the element again.
    const track = stream.getVideoTracks()[0]!;
    track.enabled = false;
    el.requestUpdate();
    await el.updateComplete;
    expect(showing(), 'disabled: the placeholder, not the video').to.deep.equal([false, 'hidden', true]);
    track.enabled = true;
    el.requestUpdate();
    await el.updateComplete;
    expect(showing(), 'enabled again: the video, not the placeholder').to.deep.equal([true, 'visible', false]);
    await eventually(() => video.videoWidth > 0 && !video.paused, 'the video does not play again');
    // An ended track shows the placeholder too.
    track.stop();
    el.requestUpdate();
    await el.updateComplete;
    expect(showing(), 'ended: the placeholder').to.deep.equal([false, 'hidden', true]);
  });

  it('mirrors and letterboxes on request', async () => {
    const el = await fixture<RtcVideo>(html`<rtc-video mirrored fit="contain"></rtc-video>`);
    const video = el.shadowRoot!.querySelector('video')!;
    expect(getComputedStyle(video).transform).to.equal('matrix(-1, 0, 0, 1, 0, 0)');
    expect(getComputedStyle(video).objectFit).to.equal('contain');
  });

  it('follows tracks added to its stream after it was set', async () => {
    const source = await navigator.mediaDevices.getUserMedia({ video: true });
    stream = new MediaStream();
    const el = await fixture<RtcVideo>(html`<rtc-video muted .stream=${stream}></rtc-video>`);
    expect(el.matches(':state(has-video)')).to.equal(false);
    const track = source.getVideoTracks()[0]!;
    stream.addTrack(track);
    stream.dispatchEvent(new MediaStreamTrackEvent('addtrack', { track }));
    await eventually(() => el.matches(':state(has-video)'), 'the added track is not shown');
  });

  it('plays through the speaker set in sinkId, and reports one it cannot use', async () => {
    const el = await fixture<RtcVideo>(html`<rtc-video muted></rtc-video>`);
    const video = el.shadowRoot!.querySelector('video')!;
    const errors: RtcErrorEvent[] = [];
    el.addEventListener('rtc-error', (e) => errors.push(e));
    if (!('setSinkId' in HTMLMediaElement.prototype)) {
      el.sinkId = 'any';
      await el.updateComplete;
      expect(errors).to.deep.equal([]);
      return;
    }
    // Chromium lists its fake speakers; Firefox lists none until one is picked with selectAudioOutput().
    const speakers = (await navigator.mediaDevices.enumerateDevices()).filter(
      (d) => d.kind === 'audiooutput' && d.deviceId,
    );
    const speaker = speakers.at(-1);
    if (speaker) {
      el.sinkId = speaker.deviceId;
      await eventually(() => video.sinkId === speaker.deviceId, 'the video does not play through the speaker');
    }
    const before = video.sinkId;
    const failed = nextEvent<RtcErrorEvent>(el, 'rtc-error');
    el.sinkId = 'no-such-speaker';
    const error = await failed;
    expect(error.code).to.equal('media-unavailable');
    expect(error.fatal).to.equal(false);
    expect(video.sinkId).to.equal(before);
    el.sinkId = '';
    await eventually(() => video.sinkId === '', 'the video does not go back to the default speaker');
  });

  it('makes initials from names', () => {
    expect(initials('grace hopper')).to.equal('GH');
    expect(initials('  Ada ')).to.equal('A');
    expect(initials('Jean Paul Sartre')).to.equal('JS');
    expect(initials('')).to.equal('?');
    expect(initials('élodie')).to.equal('É');
  });
});
