/**
 * A Janus restart mid-call: Janus is killed (every session, room and connection on it gone), the
 * participants' connection states show it, and once it is started again on the same port (the
 * room made again, as the signaling server does) the rooms make their sessions again by
 * themselves and the media comes back within 10 s of its return, nobody reloading.
 */
import { executeServerCommand } from '@web/test-runner-commands';
import { expect } from '@open-wc/testing';
import { eventually } from '../helpers.js';
import { describeWithWebRTC } from '../webrtc.js';
import { framesRise, type SfuCall, sfuCall } from './sfu-call.js';

describeWithWebRTC('Janus transport: a Janus restart', () => {
  let call: SfuCall | undefined;
  afterEach(async () => {
    call?.leave();
    // Janus back for the tests after this one, whatever happened here.
    await executeServerCommand('rtc-janus-start').catch(() => undefined);
  });

  it('the states show Janus gone, and media comes back within 10 s of its return', async () => {
    call = await sfuCall(2);
    const [ada, bo] = [call.seen(1, 0), call.seen(0, 1)];
    await framesRise(ada, 'Bo receives Ada');
    await framesRise(bo, 'Ada receives Bo');
    await executeServerCommand('rtc-janus-kill');
    await eventually(
      () =>
        ['disconnected', 'failed'].includes(ada.connectionState) &&
        ['disconnected', 'failed'].includes(bo.connectionState),
      'the states do not show Janus gone',
    );
    await executeServerCommand('rtc-janus-start');
    const back = Date.now();
    await eventually(
      () => ada.connectionState === 'connected' && bo.connectionState === 'connected',
      'not connected again',
      {
        timeout: 10_000,
      },
    );
    await framesRise(ada, 'Bo receives Ada again', 10_000 - (Date.now() - back));
    await framesRise(bo, 'Ada receives Bo again', Math.max(2_000, 10_000 - (Date.now() - back)));
    expect(call.rooms.map((r) => r.state)).to.deep.equal(['connected', 'connected']);
  });
});
