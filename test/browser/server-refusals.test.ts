/**
 * What a person sees when the server says no: a full room, a missing or wrong token. Real
 * `rtc-signal` processes started with those limits; the element shows the error and fires
 * `rtc-error`; a valid token gets in, under the name the token gives.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { RtcErrorEvent } from '../../src/events/rtc-error.js';
import '../../src/components/room/rtc-room.js';
import { nextEvent, uniqueRoom } from './helpers.js';
import { addRoom } from './room-helpers.js';
import { describeWithWebRTC } from './webrtc.js';

async function startServer(args: string[]) {
  return executeServerCommand<{ id: string; url: string }, { args: string[] }>('rtc-server-start', { args });
}

describeWithWebRTC('server refusals in <rtc-room>', () => {
  let container: HTMLDivElement;
  const started: string[] = [];

  beforeEach(async () => {
    container = await fixture(html`<div style="width: 800px"></div>`);
  });

  afterEach(async () => {
    container.replaceChildren();
    for (const id of started.splice(0)) await executeServerCommand('rtc-stop', { id });
  });

  it('shows "The room is full" to the one who does not fit', async () => {
    const server = await startServer(['--max-peers-per-room', '1']);
    started.push(server.id);
    const name = uniqueRoom('full');
    await addRoom(container, name, 'First', server.url);
    const second = document.createElement('rtc-room');
    Object.assign(second, { room: name, name: 'Second', server: server.url });
    const error = nextEvent<RtcErrorEvent>(second, 'rtc-error', (e) => e.fatal);
    container.append(second);
    expect((await error).code).to.equal('room-full');
    await second.updateComplete;
    expect(second.matches(':state(error)')).to.equal(true);
    expect(second.shadowRoot!.querySelector('[role=alert]')!.textContent).to.contain('The room is full');
    expect(second.session).to.not.equal(null);
    // Nothing of the camera is kept while refused.
    expect(second.session!.localStream).to.equal(null);
  });

  it('refuses a join without a valid token, and lets a valid one in under its name', async () => {
    const secret = 'test-secret-for-this-run';
    const server = await startServer(['--jwt-secret', secret]);
    started.push(server.id);
    const name = uniqueRoom('auth');

    const anonymous = document.createElement('rtc-room');
    Object.assign(anonymous, { room: name, server: server.url });
    const refused = nextEvent<RtcErrorEvent>(anonymous, 'rtc-error', (e) => e.fatal);
    container.append(anonymous);
    expect((await refused).code).to.equal('unauthorized');
    await anonymous.updateComplete;
    expect(anonymous.shadowRoot!.querySelector('[role=alert]')!.textContent).to.contain('Not allowed in');

    const otherRoom = await executeServerCommand<string, object>('rtc-mint-token', {
      secret,
      room: 'another-room',
      name: 'X',
    });
    const wrong = document.createElement('rtc-room');
    Object.assign(wrong, { room: name, server: server.url, token: otherRoom });
    const wrongRefused = nextEvent<RtcErrorEvent>(wrong, 'rtc-error', (e) => e.fatal);
    container.append(wrong);
    expect((await wrongRefused).code).to.equal('unauthorized');

    const token = await executeServerCommand<string, object>('rtc-mint-token', {
      secret,
      room: name,
      name: 'Named By Token',
    });
    const member = document.createElement('rtc-room');
    Object.assign(member, { room: name, name: 'Ignored', server: server.url, token });
    const joined = nextEvent(member, 'rtc-joined');
    container.append(member);
    await joined;
    expect(member.session!.local!.name).to.equal('Named By Token');
    const watcherToken = await executeServerCommand<string, object>('rtc-mint-token', {
      secret,
      room: name,
      name: 'Watcher',
    });
    const watcher = document.createElement('rtc-room');
    Object.assign(watcher, { room: name, server: server.url, token: watcherToken });
    const seen = nextEvent<import('../../src/events/rtc-peer-joined.js').RtcPeerJoinedEvent>(
      watcher,
      'rtc-peer-joined',
    );
    container.append(watcher);
    expect((await seen).participant.name).to.equal('Named By Token');
  });
});
