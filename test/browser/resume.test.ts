/**
 * A dropped signaling socket (the network, not the person) resumes silently: same id, the call
 * goes on, the others see no peer-left, and signaling works afterwards.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { Room, resolveSignalingUrl, type RoomState } from '../../src/core/index.js';
import { eventually, nextEvent, receivesMedia, uniqueRoom } from './helpers.js';
import { describeWithWebRTC } from './webrtc.js';

describeWithWebRTC('resume after a dropped signaling socket', () => {
  const rooms: Room[] = [];
  let proxy: { id: string; url: string } | undefined;

  afterEach(async () => {
    for (const room of rooms.splice(0)) room.leave();
    if (proxy) await executeServerCommand('rtc-stop', { id: proxy.id });
    proxy = undefined;
  });

  it('keeps the id and the call, and the room sees no peer-left', async () => {
    proxy = await executeServerCommand<{ id: string; url: string }, { target: string }>('rtc-proxy-start', {
      target: resolveSignalingUrl(undefined),
    });
    const name = uniqueRoom('resume');
    const dropped = new Room({ room: name, name: 'Dropped', server: proxy.url });
    const steady = new Room({ room: name, name: 'Steady' });
    rooms.push(dropped, steady);
    await dropped.join();
    await steady.join();
    await eventually(
      () =>
        [dropped, steady].every(
          (r) => [...r.remote.values()].every((p) => p.connectionState === 'connected') && r.remote.size === 1,
        ),
      'the two rooms did not connect',
    );
    const id = dropped.local!.id;
    const peerLeft: string[] = [];
    steady.addEventListener('participant-left', (e) => peerLeft.push(e.detail.participant.id));
    const states: RoomState[] = [];
    dropped.addEventListener('state', (e) => states.push(e.detail.state));
    const back = nextEvent<CustomEvent<{ state: RoomState }>>(dropped, 'state', (e) => e.detail.state === 'connected');

    const { dropped: count } = await executeServerCommand<{ dropped: number }, { id: string }>('rtc-proxy-drop', {
      id: proxy.id,
    });
    expect(count).to.be.greaterThan(0);
    await back;
    expect(states).to.deep.equal(['reconnecting', 'connected']);
    expect(dropped.local!.id).to.equal(id);

    // Signaling works after the resume: a newcomer connects with the resumed participant.
    const newcomer = new Room({ room: name, name: 'Newcomer' });
    rooms.push(newcomer);
    await newcomer.join();
    await eventually(
      () => dropped.remote.get(newcomer.local!.id)?.connectionState === 'connected',
      'the newcomer did not connect to the resumed participant',
    );
    await receivesMedia(
      dropped.remote.get(newcomer.local!.id)!.peerConnection!,
      'resumed participant from the newcomer',
    );
    // The media between the first two never stopped, and nobody was told anyone left.
    await receivesMedia(steady.remote.get(id)!.peerConnection!, 'steady from the resumed participant');
    expect(peerLeft).to.deep.equal([]);
  });
});
