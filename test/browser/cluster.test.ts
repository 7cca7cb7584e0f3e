/**
 * Scale-out, end to end: two <rtc-room>s join one room through two different signaling server
 * processes that share rooms through a real redis-server, and get video both ways.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { uniqueRoom } from './helpers.js';
import { addRoom, everyoneSeesEveryone } from './room-helpers.js';
import { describeWithWebRTC } from './webrtc.js';

describeWithWebRTC('two signaling processes sharing Redis', () => {
  let cluster: { id: string; urls: string[] } | undefined;
  let container: HTMLDivElement | undefined;

  afterEach(async () => {
    container?.replaceChildren();
    if (cluster) await executeServerCommand('rtc-stop', { id: cluster.id });
    cluster = undefined;
  });

  it('connects a room on one process with a room on the other, video both ways', async () => {
    cluster = await executeServerCommand<{ id: string; urls: string[] }, undefined>('rtc-cluster-start');
    expect(cluster.urls).to.have.length(2);
    expect(cluster.urls[0]).to.not.equal(cluster.urls[1]);
    container = await fixture<HTMLDivElement>(html`<div style="width: 900px"></div>`);
    const name = uniqueRoom('cluster');
    const one = await addRoom(container, name, 'On process one', cluster.urls[0]);
    const two = await addRoom(container, name, 'On process two', cluster.urls[1]);
    await everyoneSeesEveryone([one, two]);
  });
});
