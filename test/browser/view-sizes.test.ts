/**
 * What a room's transport hears of how large each remote camera is shown (`Room.setView`, the
 * transport's `view`): `<rtc-video>` reports its size, and null when it is not shown.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/components/room/rtc-room.js';
import '../../src/components/video/rtc-video.js';
import type { RoomTransport, TransportContext } from '../../src/core/transport/transport.js';
import { eventually, uniqueRoom } from './helpers.js';
import { loopbackTransport } from './loopback-transport.js';
import { addRoom } from './room-helpers.js';
import { describeWithWebRTC } from './webrtc.js';

type Size = { width: number; height: number } | null;

describeWithWebRTC('the sizes views report', () => {
  it('tells the transport the largest size a remote camera is shown at, null when hidden or scrolled away, and forgets a view removed', async () => {
    const name = uniqueRoom('view-sizes');
    const heard = new Map<string, Size>();
    const recording = (context: TransportContext): RoomTransport => {
      const transport = loopbackTransport(context);
      transport.view = (id, size) => heard.set(id, size);
      return transport;
    };
    const container = await fixture<HTMLElement>(html`<div style="width: 800px; height: 600px; overflow: auto"></div>`);
    const ada = await addRoom(container, name, 'Ada', '', recording);
    const bo = await addRoom(container, name, 'Bo', '', recording);
    const boId = bo.session!.local!.id;
    const adaId = ada.session!.local!.id;
    const shown = (id: string) => heard.get(id)?.width ?? 0;
    await eventually(() => shown(boId) > 0 && shown(adaId) > 0, 'no size heard for a remote camera');
    // Our own camera is not a view of anyone's media.
    expect([...heard.keys()].sort()).to.deep.equal([adaId, boId].sort());
    const size = heard.get(boId)!;
    expect(size.height).to.be.greaterThan(0);

    ada.style.display = 'none';
    await eventually(() => heard.get(boId) === null, 'a room with display: none still reports a size');
    ada.style.display = '';
    await eventually(() => shown(boId) > 0, 'shown again, no size');

    // Scrolled out of its scrolling container.
    ada.style.marginTop = '2000px';
    await eventually(() => heard.get(boId) === null, 'scrolled away, it still reports a size');
    ada.style.marginTop = '';
    await eventually(() => shown(boId) > 0, 'scrolled back, no size');

    // A second, larger view of Bo (in the room's light DOM, where its context reaches): the transport
    // hears the largest of the two; removed, the tile's size again.
    const tile = shown(boId);
    const large = document.createElement('rtc-video');
    large.style.cssText = `display: block; width: ${tile + 100}px`;
    large.participant = ada.session!.remote.get(boId)!;
    ada.append(large);
    await eventually(() => shown(boId) === tile + 100, 'the larger view is not what the transport heard');
    large.remove();
    await eventually(() => shown(boId) === tile, 'removed, the larger view still counts');
    container.replaceChildren();
  });
});
