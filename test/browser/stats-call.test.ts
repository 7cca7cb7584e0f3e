/**
 * Call statistics in real calls through the real server: `<rtc-stats>` during a two-peer call
 * shows what `getStats` says, and a call relayed through a real coturn behind a lossy UDP proxy
 * (test/plugins/lossy-udp.ts) drops to poor when the proxy drops a fifth of the datagrams, then
 * recovers when it stops. The quality rule and hysteresis are in docs/stats.md.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/components/room/rtc-room.js';
import '../../src/components/stats/rtc-stats.js';
import type { RtcRoom } from '../../src/components/room/room.js';
import type { RtcStats } from '../../src/components/stats/stats.js';
import type { RtcQualityChangeEvent } from '../../src/events/rtc-quality-change.js';
import type { Room } from '../../src/core/index.js';
import { sharedStatsSampler } from '../../src/core/stats/index.js';
import type { QualityLevel, StatsSample } from '../../src/core/stats/types.js';
import { joinedPair } from './call-helpers.js';
import { eventually, nextEvent, uniqueRoom } from './helpers.js';
import { describeWithWebRTC } from './webrtc.js';

// biome-ignore lint/suspicious/noExplicitAny: stats dictionaries.
type Report = Record<string, any>;

/** The outbound video report, the selected pair and its candidates, read directly. */
async function direct(pc: RTCPeerConnection) {
  const stats = await pc.getStats();
  const all: Report[] = [];
  stats.forEach((r: Report) => {
    all.push(r);
  });
  const video = all.find((r) => r.type === 'outbound-rtp' && r.kind === 'video')!;
  const transport = all.find((r) => r.type === 'transport' && r.selectedCandidatePairId);
  const pair =
    (transport && stats.get(transport.selectedCandidatePairId)) ??
    all.find((r) => r.type === 'candidate-pair' && (r.selected || (r.nominated && r.state === 'succeeded')));
  return {
    video,
    codec: stats.get(video.codecId)?.mimeType as string,
    local: stats.get(pair.localCandidateId)?.candidateType as string,
    remote: stats.get(pair.remoteCandidateId)?.candidateType as string,
  };
}

const nextSample = (room: Room) =>
  new Promise<StatsSample>((resolve) => {
    const sampler = sharedStatsSampler(room);
    const on = (e: CustomEvent<{ sample: StatsSample }>) => {
      sampler.removeEventListener('sample', on);
      resolve(e.detail.sample);
    };
    sampler.addEventListener('sample', on);
  });

describeWithWebRTC('<rtc-stats> in a call', () => {
  const rooms: Room[] = [];
  const elements: HTMLElement[] = [];

  afterEach(() => {
    for (const room of rooms.splice(0)) room.leave();
    for (const element of elements.splice(0)) element.remove();
  });

  it('shows a non-zero bitrate, the codec and candidate types that agree with getStats, and sparklines with points', async () => {
    const { a, aSeesB } = await joinedPair('stats', (room) => rooms.push(room));
    const stats = document.createElement('rtc-stats') as RtcStats;
    stats.session = a;
    stats.participant = aSeesB;
    stats.detailed = true;
    const room = document.createElement('rtc-stats') as RtcStats;
    room.session = a;
    elements.push(stats, room);
    document.body.append(stats, room);
    const pc = aSeesB.peerConnection!;

    // Two direct readings one sampler interval apart, each taken as the sampler takes its own.
    await eventually(() => (stats.snapshot?.connections[0]?.sent?.video?.bitrateKbps ?? 0) > 0, 'no bitrate shown');
    await nextSample(a);
    const first = await direct(pc);
    const shown = await nextSample(a).then(() => stats.snapshot!.connections[0]!);
    const second = await direct(pc);
    const seconds = (second.video.timestamp - first.video.timestamp) / 1000;
    const bitrate = ((second.video.bytesSent - first.video.bytesSent) * 8) / seconds / 1000;
    expect(shown.sent!.video!.bitrateKbps).to.be.greaterThan(0);
    expect(
      Math.abs(shown.sent!.video!.bitrateKbps - bitrate),
      `shown ${shown.sent!.video!.bitrateKbps}, direct ${bitrate}`,
    ).to.be.lessThan(bitrate * 0.5 + 20);
    expect(shown.sent!.video!.codec).to.equal(second.codec);
    expect(shown.sent!.video!.frameWidth).to.equal(second.video.frameWidth);
    expect(shown.candidatePair).to.include({ localCandidateType: second.local, remoteCandidateType: second.remote });
    expect(shown.candidatePair!.relayed).to.equal(false);

    await stats.updateComplete;
    const root = stats.shadowRoot!;
    const text = root.querySelector('[part=table]')!.textContent!;
    expect(text).to.include(second.codec);
    expect(root.querySelector('[data-cell=candidates]')!.textContent).to.include(`${second.local} / ${second.remote}`);
    expect(root.querySelector('[part=route]')!.textContent).to.equal('Direct');
    expect(root.querySelector('[part=summary]')!.textContent).to.match(/[1-9]/);
    // A few seconds of history: every sparkline holds several points.
    await eventually(() => (sharedStatsSampler(a).history.length >= 4 ? true : null), 'no history', {
      timeout: 15_000,
    });
    await stats.updateComplete;
    for (const series of ['bitrate', 'rtt', 'loss']) {
      const points = root.querySelector(`[data-series=${series}] polyline`)!.getAttribute('points')!.trim().split(' ');
      expect(points.length, series).to.be.greaterThanOrEqual(3);
    }
    expect(root.querySelector('[data-series=bitrate]')!.getAttribute('aria-label')).to.match(/last minute/);
    // The room view lists Bo, with his route.
    await room.updateComplete;
    expect(room.shadowRoot!.querySelector('[part=summary]')!.textContent).to.include('Direct');
  });
});

describeWithWebRTC('call quality on a lossy relay', () => {
  let turn: { id: string; url: string; turnUrl: string } | undefined;
  const elements: RtcRoom[] = [];

  afterEach(async () => {
    for (const element of elements.splice(0)) element.remove();
    if (turn) await executeServerCommand('rtc-stop', { id: turn.id });
    turn = undefined;
  });

  it('drops to poor when a fifth of the datagrams are lost, shows the notice, and recovers when the loss stops', async () => {
    turn = await executeServerCommand<{ id: string; url: string; turnUrl: string }, { loss: number }>(
      'rtc-turn-start',
      {
        loss: 0,
      },
    );
    const name = uniqueRoom('lossy');
    const make = (who: string) => {
      const element = document.createElement('rtc-room') as RtcRoom;
      element.server = turn!.url;
      element.rtcConfiguration = { iceTransportPolicy: 'relay' };
      element.room = name;
      element.name = who;
      element.style.height = '360px';
      elements.push(element);
      return element;
    };
    const ada = make('Ada');
    const bo = make('Bo');
    const joined = Promise.all([nextEvent(ada, 'rtc-joined'), nextEvent(bo, 'rtc-joined')]);
    document.body.append(ada, bo);
    await joined;
    const session = ada.session as Room;
    const levels: (QualityLevel | null)[] = [];
    // The tiles fire it (inside the room's shadow root): from each level to the next.
    ada.shadowRoot!.addEventListener('rtc-quality-change', (event) => {
      const e = event as RtcQualityChangeEvent;
      if (e.participant && !e.participant.local) levels.push(e.previous, e.level);
    });
    const tile = () =>
      [...ada.shadowRoot!.querySelectorAll('rtc-participant')].find((t) => t.participant && !t.participant.local);
    const bars = () => tile()?.shadowRoot?.querySelector('[part=quality]')?.getAttribute('data-level');
    const notice = () => ada.shadowRoot!.querySelector('[part~=unstable]')?.textContent ?? null;
    await eventually(() => bars() === 'good', 'the relayed call never showed good', { timeout: 45_000 });
    expect(tile()!.shadowRoot!.querySelector('[part=quality]')!.getAttribute('aria-label')).to.equal('Good connection');
    expect(sharedStatsSampler(session).latest!.connections[0]!.candidatePair!.relayed).to.equal(true);
    expect(notice()).to.equal(null);

    await executeServerCommand('rtc-lossy-set', { id: turn.id, loss: 0.2 });
    await eventually(() => bars() === 'poor' || bars() === 'lost', 'the lossy call never dropped to poor', {
      timeout: 30_000,
    });
    const remote = sharedStatsSampler(session).latest!.connections[0]!;
    const loss = Math.max(
      remote.received!.audio?.packetLossPercent ?? 0,
      remote.received!.video?.packetLossPercent ?? 0,
    );
    expect(loss, 'loss shown while poor').to.be.greaterThan(3);
    await eventually(() => notice(), 'no "connection is unstable" notice', { timeout: 30_000 });
    expect(notice()).to.equal('Your connection is unstable.');

    await executeServerCommand('rtc-lossy-set', { id: turn.id, loss: 0 });
    await eventually(() => bars() === 'good', 'the call did not recover', { timeout: 45_000 });
    await eventually(() => notice() === null, 'the notice stayed after recovery', { timeout: 30_000 });
    // null → good once measured, good → poor (or lost), then back up, step by step, to good.
    expect(
      levels.find((l) => l !== null),
      levels.join(),
    ).to.equal('good');
    const poor = levels.findIndex((l) => l === 'poor' || l === 'lost');
    expect(poor, levels.join()).to.be.greaterThan(0);
    expect(levels.slice(poor), levels.join()).to.include('good');
  });
});
