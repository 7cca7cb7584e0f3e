// Pure text: the descriptions are as Chromium and Firefox write them (a real call applies them in
// every call test, since every description sent carries the parameter).
import { expect } from '@open-wc/testing';
import { withOpusDtx } from './opus-dtx.js';

const chromium = [
  'v=0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9',
  'a=rtpmap:111 opus/48000/2',
  'a=rtcp-fb:111 transport-cc',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtpmap:63 red/48000/2',
  'a=fmtp:63 111/111',
  'a=rtpmap:9 G722/8000',
  '',
].join('\r\n');

describe('withOpusDtx', () => {
  it("adds usedtx=1 to Opus's parameters only", () => {
    const out = withOpusDtx(chromium);
    expect(out).to.contain('a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1\r\n');
    expect(out).to.contain('a=fmtp:63 111/111\r\n');
    expect(out.split('\r\n').length).to.equal(chromium.split('\r\n').length);
  });

  it('adds a parameter line when Opus has none, and leaves a usedtx already said alone', () => {
    const bare = 'm=audio 9 UDP/TLS/RTP/SAVPF 109\r\na=rtpmap:109 opus/48000/2\r\na=ptime:20\r\n';
    expect(withOpusDtx(bare)).to.equal(
      'm=audio 9 UDP/TLS/RTP/SAVPF 109\r\na=rtpmap:109 opus/48000/2\r\na=fmtp:109 usedtx=1\r\na=ptime:20\r\n',
    );
    const said = chromium.replace('useinbandfec=1', 'useinbandfec=1;usedtx=0');
    expect(withOpusDtx(said)).to.equal(said);
  });

  it('leaves a description without Opus as it is', () => {
    const video = 'm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8/90000\r\n';
    expect(withOpusDtx(video)).to.equal(video);
  });
});
