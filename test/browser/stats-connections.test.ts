/**
 * `<rtc-stats>` over a session shaped like an SFU's: one connection sends our media for everyone,
 * another brings in Bo's and Cy's. Two real peer connections in the page (one only sends, the other
 * only receives, a fake camera and microphone between them), read through a static session's
 * `connections()`: what we send shows once, for the room, never as "sent to" Bo or Cy.
 */
import { expect } from '@open-wc/testing';
import '../../src/components/stats/rtc-stats.js';
import type { RtcStats } from '../../src/components/stats/stats.js';
import { sharedStatsSampler } from '../../src/core/stats/sampler.js';
import type { TransportConnection } from '../../src/core/transport/transport.js';
import { eventually } from './helpers.js';
import { StaticSession, staticParticipant } from './static-session.js';
import { describeWithWebRTC } from './webrtc.js';

/** Resolves once `pc` has gathered every candidate (they go in its description). */
const gathered = (pc: RTCPeerConnection) =>
  new Promise<void>((resolve) => {
    if (pc.iceGatheringState === 'complete') resolve();
    pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
  });

/** `up` sends `media`, `down` receives it: one offer and one answer, every candidate in them. */
async function connect(up: RTCPeerConnection, down: RTCPeerConnection, media: MediaStream) {
  for (const track of media.getTracks()) up.addTransceiver(track, { direction: 'sendonly', streams: [media] });
  await up.setLocalDescription();
  await gathered(up);
  await down.setRemoteDescription(up.localDescription!);
  await down.setLocalDescription();
  await gathered(down);
  await up.setRemoteDescription(down.localDescription!);
}

/** A session connection over `pc`, as a transport would report it. */
const over = (
  pc: RTCPeerConnection,
  id: string,
  direction: TransportConnection['direction'],
  participants: string[],
): TransportConnection => ({
  id,
  direction,
  participants,
  get connectionState() {
    return pc.connectionState;
  },
  peerConnection: pc,
  getStats: () => pc.getStats(),
});

/** The terms of a view's compact line, in order. */
const terms = (stats: RtcStats) =>
  [...stats.shadowRoot!.querySelectorAll('[part=summary] dt')].map((dt) => dt.textContent);
/** The column headers of a view's table. */
const columns = (stats: RtcStats) =>
  [...stats.shadowRoot!.querySelectorAll('[part=table] thead th')].map((th) => th.textContent);

describeWithWebRTC('<rtc-stats> by connection', () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => {
    for (const done of cleanup.splice(0)) done();
  });

  it('one connection sends for everyone, one receives Bo and Cy: what we send shows once, for the room', async () => {
    const media = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    const up = new RTCPeerConnection();
    const down = new RTCPeerConnection();
    cleanup.push(() => {
      up.close();
      down.close();
      for (const track of media.getTracks()) track.stop();
    });
    await connect(up, down, media);

    const ada = staticParticipant('a', 'Ada', true, media);
    const bo = staticParticipant('b', 'Bo', false, null);
    const cy = staticParticipant('c', 'Cy', false, null);
    const session = Object.assign(new StaticSession('connected', [ada, bo, cy]), {
      connections: () => [over(up, 'up', 'send', ['b', 'c']), over(down, 'down', 'receive', ['b', 'c'])],
    });
    const room = document.createElement('rtc-stats') as RtcStats;
    const boStats = document.createElement('rtc-stats') as RtcStats;
    for (const stats of [room, boStats]) {
      stats.session = session;
      stats.detailed = true;
      cleanup.push(() => stats.remove());
    }
    boStats.participant = bo;
    document.body.append(room, boStats);

    // Sampled until media flows both ways: sent on `up`, received on `down`.
    const sample = await eventually(() => {
      const latest = sharedStatsSampler(session).latest;
      const [sent, received] = latest?.connections ?? [];
      return (sent?.sent?.video?.bitrateKbps ?? 0) > 0 && (received?.received?.video?.bitrateKbps ?? 0) > 0
        ? latest
        : null;
    }, 'media never flowed from up to down');
    expect(sample.connections.map((c) => [c.id, c.direction, c.sent === null, c.received === null])).to.deep.equal([
      ['up', 'send', false, true],
      ['down', 'receive', true, false],
    ]);
    await room.updateComplete;
    await boStats.updateComplete;

    // The room: what we send once, in its line; its table has a row for Bo and one for Cy, and no "Sent".
    expect(terms(room)).to.include('Sent').and.include('Received');
    expect(columns(room)).to.include('Received').and.not.include('Sent');
    const rows = [...room.shadowRoot!.querySelectorAll('[part=participant]')].map((b) => b.textContent);
    expect(rows).to.deep.equal(['Bo', 'Cy']);

    // Bo: what we receive on the connection that carries him; what we send is not his.
    expect(terms(boStats)).to.include('Received').and.not.include('Sent');
    expect(columns(boStats)).to.include('Received').and.not.include('Sent');
    expect(boStats.snapshot!.connections.map((c) => c.id)).to.deep.equal(['down']);
    expect(boStats.shadowRoot!.querySelector('[part=summary]')!.textContent).to.match(/[1-9]\d*\s?(kb|Mb)/);

    // Bo and Cy have the receiving connection's level; you, the sending one's.
    const sampler = sharedStatsSampler(session);
    const levels = await eventually(() => {
      const latest = sampler.latest!;
      const [sent, received] = latest.connections;
      return received?.quality && sent?.quality ? { sent: sent.quality, received: received.quality } : null;
    }, 'no level for the connections');
    expect([sampler.quality(bo), sampler.quality(cy)]).to.deep.equal([levels.received, levels.received]);
    expect(sampler.quality(ada)).to.equal(levels.sent);
  });
});
