import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { eventually } from '../../../test/browser/helpers.js';
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
    await eventually(() => el.matches(':state(has-video)'), 'no has-video state');
    stream.getVideoTracks()[0]!.stop();
    el.requestUpdate();
    await el.updateComplete;
    expect(el.matches(':state(has-video)')).to.equal(false);
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

  it('makes initials from names', () => {
    expect(initials('grace hopper')).to.equal('GH');
    expect(initials('  Ada ')).to.equal('A');
    expect(initials('Jean Paul Sartre')).to.equal('JS');
    expect(initials('')).to.equal('?');
    expect(initials('élodie')).to.equal('É');
  });
});
