/**
 * LocalTracks' processors (issue 28): calls made at once take effect in the order they came. The
 * first call loads the processors' bookkeeping (track-processing.js); separate `import()`s of one
 * module may resolve in another order than they were made (seen in Chromium: a picker's "none"
 * then "noise suppression" left the microphone unprocessed), so every call awaits the one load.
 */
import { expect } from '@open-wc/testing';
import { eventually } from '../../test/browser/helpers.js';
import { skip } from '../../test/browser/skip.js';
import { LocalTracks } from './local-tracks.js';
import type { TrackProcessor } from './processor-types.js';

describe('LocalTracks.setProcessor', () => {
  it('calls made at once, as the module first loads, end as the last one said', async () => {
    const tracks = new LocalTracks();
    const problems = await tracks.start({ audio: true, video: true });
    expect(problems, 'the fake devices opened').to.deep.equal([]);
    const raw = { audio: tracks.track('audio')!, video: tracks.track('video')! };
    const made = new Set<MediaStreamTrack>();
    const copy: TrackProcessor = async (track) => {
      const processed = track.clone();
      made.add(processed);
      return { track: processed, stop: () => processed.stop() };
    };
    try {
      // Off, on, off, on… for each kind, all at once: the last says on.
      const calls: Promise<void>[] = [];
      for (let i = 0; i < 6; i++)
        for (const kind of ['video', 'audio'] as const) calls.push(tracks.setProcessor(kind, i % 2 ? copy : null));
      await Promise.all(calls);
      for (const kind of ['video', 'audio'] as const) {
        const sent = tracks.track(kind)!;
        expect(sent, `${kind}: the device's own track is sent`).to.not.equal(raw[kind]);
        expect(made.has(sent), `${kind}: a processed track is sent`).to.equal(true);
      }
    } finally {
      tracks.stop();
    }
  });

  it('a processed camera with no size yet is told again once its first frame gives it one', async function () {
    type Generator = new (init: { kind: 'video' }) => MediaStreamTrack & { writable: WritableStream<VideoFrame> };
    const Generator = (globalThis as { MediaStreamTrackGenerator?: Generator }).MediaStreamTrackGenerator;
    if (!Generator)
      skip(this, 'this browser has no MediaStreamTrackGenerator (a track with no size until its first frame)');
    const tracks = new LocalTracks();
    await tracks.start({ audio: false, video: true });
    let writer!: WritableStreamDefaultWriter<VideoFrame>;
    const generated: TrackProcessor = async () => {
      const track = new Generator({ kind: 'video' });
      writer = track.writable.getWriter();
      return { track, stop: () => track.stop() };
    };
    // The heights each 'track' event for the camera says (what the mesh scales the camera by).
    const heard: (number | undefined)[] = [];
    tracks.addEventListener('track', (e) => {
      if (e.detail.role === 'video') heard.push(e.detail.track?.getSettings().height);
    });
    try {
      await tracks.setProcessor('video', generated);
      expect(heard, 'as it is set: no size yet').to.deep.equal([undefined]);
      const canvas = new OffscreenCanvas(640, 480);
      canvas.getContext('2d')!.fillRect(0, 0, 640, 480);
      const frame = new VideoFrame(canvas, { timestamp: 0 });
      await writer.write(frame);
      frame.close();
      await eventually(() => heard.length > 1, 'not told of the camera again once it had a size');
      expect(heard).to.deep.equal([undefined, 480]);
    } finally {
      tracks.stop();
    }
  });
});
