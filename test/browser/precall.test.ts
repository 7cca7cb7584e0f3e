/**
 * The pre-call check against a real signaling server and a real coturn: `<rtc-precall-check>`,
 * started from the keyboard, checks the fake camera, microphone and speaker and the network through
 * the relay the server hands out (a good loopback link), and reports every part in
 * `rtc-precall-complete`; the network test through a relay that drops a share of the datagrams
 * (test/plugins/lossy-udp.ts) reports the loss and a bad verdict. The microphone's level and the
 * chime need Web Audio, which Firefox here cannot run (no audio output): their test is skipped there
 * with that reason, and the element's overall verdict is checked as the worst of its parts.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '../../src/components/precall/rtc-precall-check.js';
import '../../src/components/room/rtc-room.js';
import type { RtcRoom } from '../../src/components/room/room.js';
import type { RtcPrecallCheck } from '../../src/components/precall/precall-check.js';
import { checkMicrophone, checkNetwork, overallVerdict, playTestSound } from '../../src/core/precall/index.js';
import type { RtcPrecallCompleteEvent } from '../../src/events/rtc-precall-complete.js';
import { skipWithoutWebAudio } from './call-helpers.js';
import { uniqueRoom } from './helpers.js';
import { describeWithWebRTC } from './webrtc.js';

type Turn = { id: string; url: string; turnUrl: string };

describeWithWebRTC('pre-call check through the room server’s TURN relay', () => {
  let turn: Turn | undefined;

  afterEach(async () => {
    if (turn) await executeServerCommand('rtc-stop', { id: turn.id });
    turn = undefined;
  });

  it('<rtc-precall-check> on a good loopback link: frames, a level, the chime and the network, all good', async () => {
    turn = await executeServerCommand<Turn, undefined>('rtc-turn-start');
    await customElements.whenDefined('rtc-precall-check');
    const check = await fixture<RtcPrecallCheck>(
      html`<rtc-precall-check server=${turn.url} network-duration="4000"></rtc-precall-check>`,
    );
    await expect(check).to.be.accessible();
    check.shadowRoot!.querySelector<HTMLButtonElement>('[part=start]')!.focus();
    const completed = oneEvent(check, 'rtc-precall-complete') as unknown as Promise<RtcPrecallCompleteEvent>;
    await sendKeys({ press: 'Enter' });
    const { results } = await completed;
    const summary = JSON.stringify(results);
    expect(results.camera!.fps, summary).to.be.at.least(10);
    const network = results.network!;
    expect(network.relayed, summary).to.equal(true);
    expect(network.loss, summary).to.be.below(0.05);
    expect(network.bitrate, summary).to.be.at.least(1_100_000);
    expect(network.rttMs, summary).to.be.a('number').and.below(300);
    expect(network.serverMs, summary).to.be.a('number');
    // The microphone and the chime need Web Audio (their own test below): the overall verdict is the worst part's.
    const parts = [results.camera!, results.microphone!, results.speaker!, network].map((part) => part.verdict);
    expect(results.verdict, summary).to.equal(overallVerdict(parts));
    await check.updateComplete;
    const rows = [...check.shadowRoot!.querySelectorAll<HTMLElement>('[part~=part]')];
    expect(rows.map((row) => row.dataset.verdict)).to.deep.equal(parts);
    const words = { good: 'Good', fair: 'Could be better', bad: 'Not working' };
    expect(check.shadowRoot!.querySelector('[role=status]')!.textContent).to.equal(
      `Check complete: ${words[results.verdict]}`,
    );
    expect(check.matches(`:state(${results.verdict})`)).to.equal(true);
    expect(check.shadowRoot!.querySelector('[part~=network] [part=detail]')!.textContent).to.match(
      /^\d+ ms round trip, 0 % lost, 1\.\d Mb\/s$/,
    );
    await expect(check).to.be.accessible();
  });

  it('hears the fake microphone and plays the chime on the default speaker', async function () {
    await skipWithoutWebAudio(this);
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    try {
      const microphone = await checkMicrophone(stream.getAudioTracks()[0], 3000);
      expect(microphone.peak, JSON.stringify(microphone)).to.be.at.least(0.01);
      expect(microphone.verdict).to.equal('good');
    } finally {
      for (const track of stream.getTracks()) track.stop();
    }
    expect(await playTestSound('')).to.deep.equal({ verdict: 'good', sinkId: '' });
  });

  it("<rtc-room lobby>'s “Check your setup” loads the check and starts it with the room's server, from the keyboard", async () => {
    const room = await fixture<RtcRoom>(
      html`<rtc-room lobby room=${uniqueRoom('precall')} server="/signal" token="t"></rtc-room>`,
    );
    const toggle = room.shadowRoot!.querySelector<HTMLButtonElement>('[part=check-toggle]')!;
    expect(toggle.textContent).to.equal('Check your setup');
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    toggle.focus();
    await sendKeys({ press: 'Enter' });
    await room.updateComplete;
    const check = room.shadowRoot!.querySelector<RtcPrecallCheck>('rtc-precall-check')!;
    await customElements.whenDefined('rtc-precall-check');
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    expect([check.server, check.token, check.checking]).to.deep.equal(['/signal', 't', true]);
    await expect(room).to.be.accessible();
    await sendKeys({ press: 'Enter' });
    await room.updateComplete;
    expect(room.shadowRoot!.querySelector('rtc-precall-check'), 'closed again').to.equal(null);
    expect(check.isConnected).to.equal(false);
  });

  it('reports a bad link: the relay drops 15 % of the datagrams each way', async () => {
    turn = await executeServerCommand<Turn, { loss: number }>('rtc-turn-start', { loss: 0.15 });
    const result = await checkNetwork({ server: turn.url, durationMs: 4000 });
    expect(result.relayed, JSON.stringify(result)).to.equal(true);
    // Each datagram crosses the relay twice: about 1 - 0.85² = 28 % lost.
    expect(result.loss, JSON.stringify(result)).to.be.within(0.15, 0.45);
    expect(result.verdict).to.equal('bad');
  });
});
