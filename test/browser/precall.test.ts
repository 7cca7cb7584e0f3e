/**
 * The pre-call check against a real signaling server and a real coturn: the network test goes
 * through the relay the server hands out (a good loopback link, then one whose relay drops a share
 * of the datagrams: test/plugins/lossy-udp.ts), and `<rtc-precall-check>` checks the fake camera,
 * microphone and speaker and reports every part in `rtc-precall-complete`.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { checkNetwork } from '../../src/core/precall/index.js';
import { describeWithWebRTC } from './webrtc.js';

type Turn = { id: string; url: string; turnUrl: string };

describeWithWebRTC('pre-call check: the network through the room server’s TURN relay', () => {
  let turn: Turn | undefined;

  afterEach(async () => {
    if (turn) await executeServerCommand('rtc-stop', { id: turn.id });
    turn = undefined;
  });

  it('passes a good loopback link: no loss, a short round trip, more than 1.1 Mb/s', async () => {
    turn = await executeServerCommand<Turn, undefined>('rtc-turn-start');
    const result = await checkNetwork({ server: turn.url, durationMs: 4000 });
    expect(result.relayed, `relayed: ${JSON.stringify(result)}`).to.equal(true);
    expect(result.loss).to.be.below(0.05);
    expect(result.bitrate).to.be.at.least(1_100_000);
    expect(result.rttMs).to.be.a('number').and.below(300);
    expect(result.serverMs).to.be.a('number');
    expect(result.verdict).to.equal('good');
  });

  it('reports a bad link: the relay drops 15 % of the datagrams each way', async () => {
    turn = await executeServerCommand<Turn, { loss: number }>('rtc-turn-start', { loss: 0.15 });
    const result = await checkNetwork({ server: turn.url, durationMs: 4000 });
    expect(result.relayed, `relayed: ${JSON.stringify(result)}`).to.equal(true);
    expect(result.loss, JSON.stringify(result)).to.be.above(0.15);
    expect(result.verdict).to.equal('bad');
  });
});
