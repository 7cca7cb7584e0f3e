import { expect } from '@open-wc/testing';
import { cameraVerdict, microphoneVerdict, networkVerdict, overallVerdict } from './verdicts.js';

describe('pre-call verdicts', () => {
  it('a network is good under 5 % loss, under 300 ms and from 1.1 Mb/s; bad from 15 %, 1 s or under 300 kb/s', () => {
    expect(networkVerdict({ loss: 0.049, rttMs: 299, bitrate: 1_100_000 })).to.equal('good');
    expect(networkVerdict({ loss: 0.05, rttMs: 100, bitrate: 2_000_000 })).to.equal('fair');
    expect(networkVerdict({ loss: 0, rttMs: 300, bitrate: 2_000_000 })).to.equal('fair');
    expect(networkVerdict({ loss: 0, rttMs: 100, bitrate: 1_099_999 })).to.equal('fair');
    expect(networkVerdict({ loss: 0, rttMs: null, bitrate: 2_000_000 }), 'no round trip measured').to.equal('fair');
    expect(networkVerdict({ loss: 0.15, rttMs: 10, bitrate: 2_000_000 })).to.equal('bad');
    expect(networkVerdict({ loss: 0, rttMs: 1000, bitrate: 2_000_000 })).to.equal('bad');
    expect(networkVerdict({ loss: 0, rttMs: 10, bitrate: 299_999 })).to.equal('bad');
  });

  it('a camera is good from 10 frames a second, bad without frames; a microphone good when heard, bad without a track', () => {
    expect([cameraVerdict(10), cameraVerdict(3), cameraVerdict(0)]).to.deep.equal(['good', 'fair', 'bad']);
    expect([
      microphoneVerdict(0.01, true),
      microphoneVerdict(0.001, true),
      microphoneVerdict(0.5, false),
    ]).to.deep.equal(['good', 'fair', 'bad']);
  });

  it('the whole check is as good as its worst part', () => {
    expect(overallVerdict(['good', 'good'])).to.equal('good');
    expect(overallVerdict(['good', 'fair'])).to.equal('fair');
    expect(overallVerdict(['fair', 'bad', 'good'])).to.equal('bad');
  });
});
