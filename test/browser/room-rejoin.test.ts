/**
 * The core `Room` around joins and outages, fast: `join()` called twice while joining, the
 * `participant-left` events of a leave, and the paths of a fresh join after the server forgot
 * someone (a peer recognised by its key keeps its participant; a peer that kept its id gets a new
 * link). Real server processes, small backoff settings.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { type Participant, Room, type RoomOptions } from '../../src/core/index.js';
import { eventually, receivesMedia, uniqueRoom } from './helpers.js';
import { describeWithWebRTC } from './webrtc.js';

type Server = { id: string; url: string };
const FAST = { retryBaseMs: 50, retryMaxMs: 200 };

describeWithWebRTC('Room: joining, leaving, and joining afresh after an outage', () => {
  const rooms: Room[] = [];
  const started: string[] = [];

  function room(options: RoomOptions): Room {
    const made = new Room(options);
    rooms.push(made);
    return made;
  }

  async function start(command: string, payload: object): Promise<Server> {
    const server = await executeServerCommand<Server, object>(command, payload);
    started.push(server.id);
    return server;
  }

  async function connected(a: Room, b: Room) {
    await eventually(
      () => [a, b].every((r) => r.remote.size === 1 && [...r.remote.values()][0]!.connectionState === 'connected'),
      'the two rooms are not connected to each other',
    );
  }

  afterEach(async () => {
    for (const r of rooms.splice(0)) r.leave();
    for (const id of started.splice(0)) await executeServerCommand('rtc-stop', { id });
  });

  it('join() while a join is under way resolves once joined; leave() says everyone left', async () => {
    const name = uniqueRoom('rejoin-basics');
    const ada = room({ room: name, name: 'Ada', media: false });
    const first = ada.join();
    const second = ada.join();
    await second;
    expect(ada.state).to.equal('connected');
    await first;
    const bo = room({ room: name, name: 'Bo', media: false });
    await bo.join();
    await connected(ada, bo);
    const left: Participant[] = [];
    let stateWhenLeft = '';
    ada.addEventListener('participant-left', (e) => {
      left.push(e.detail.participant);
      stateWhenLeft = ada.state;
    });
    ada.leave();
    expect(left.map((p) => p.name)).to.deep.equal(['Bo']);
    expect(stateWhenLeft).to.equal('closed');
  });

  it('a server restart: both join afresh, keep each other (same participant, same link), new ids', async () => {
    const server = await start('rtc-server-start', { args: [] });
    const name = uniqueRoom('rejoin-restart');
    const ada = room({ room: name, name: 'Ada', server: server.url, signaling: FAST });
    const bo = room({ room: name, name: 'Bo', server: server.url, signaling: FAST });
    await ada.join();
    await bo.join();
    await connected(ada, bo);
    const [adaSeesBo, boSeesAda] = [[...ada.remote.values()][0]!, [...bo.remote.values()][0]!];
    const [pc, oldId] = [adaSeesBo.peerConnection, adaSeesBo.id];
    const changes: string[] = [];
    for (const r of [ada, bo]) {
      r.addEventListener('participant-left', (e) => changes.push(`left ${e.detail.participant.name}`));
      r.addEventListener('participant-joined', (e) => changes.push(`joined ${e.detail.participant.name}`));
    }
    await executeServerCommand('rtc-server-kill', { id: server.id });
    await eventually(() => ada.state === 'reconnecting' && bo.state === 'reconnecting', 'not reconnecting');
    await executeServerCommand('rtc-server-restart', { id: server.id });
    await eventually(
      () => ada.state === 'connected' && bo.state === 'connected' && adaSeesBo.id === bo.local?.id,
      'the rooms did not come back under new ids',
    );
    expect(adaSeesBo.id).to.not.equal(oldId);
    expect(boSeesAda.id).to.equal(ada.local!.id);
    expect([...ada.remote.values()]).to.deep.equal([adaSeesBo]);
    expect(adaSeesBo.peerConnection).to.equal(pc);
    expect(changes).to.deep.equal([]);
    // Signaling works under the new ids: a newcomer connects to both.
    const carol = room({ room: name, name: 'Carol', server: server.url, signaling: FAST });
    await carol.join();
    await eventually(
      () => carol.remote.size === 2 && [...carol.remote.values()].every((p) => p.connectionState === 'connected'),
      'the newcomer did not connect to both',
    );
    await receivesMedia(adaSeesBo.peerConnection!, 'Ada from Bo, after the restart');
  });

  it('someone away past the grace period comes back: the other, who kept its id, gets a new link from them', async () => {
    const server = await start('rtc-server-start', { args: ['--resume-grace-ms', '500'] });
    const proxy = await start('rtc-proxy-start', { target: server.url });
    const name = uniqueRoom('rejoin-grace');
    // Ada's first try comes 1.5 to 3 s after the drop: after the server's grace.
    const ada = room({
      room: name,
      name: 'Ada',
      server: proxy.url,
      signaling: { retryBaseMs: 3_000, retryMaxMs: 3_000 },
    });
    const bo = room({ room: name, name: 'Bo', server: server.url });
    await ada.join();
    await bo.join();
    await connected(ada, bo);
    const adaSeesBo = [...ada.remote.values()][0]!;
    const oldPc = adaSeesBo.peerConnection;
    const boId = bo.local!.id;
    const boSawAdaLeave = new Promise<void>((resolve) => bo.addEventListener('participant-left', () => resolve()));
    await executeServerCommand('rtc-proxy-drop', { id: proxy.id });
    await boSawAdaLeave;
    await eventually(() => ada.state === 'connected', 'Ada did not come back');
    // Ada kept Bo (same participant, Bo kept its id), with a new link that works.
    expect([...ada.remote.values()]).to.deep.equal([adaSeesBo]);
    expect(adaSeesBo.id).to.equal(boId);
    await connected(ada, bo);
    expect(adaSeesBo.peerConnection).to.not.equal(oldPc);
    await receivesMedia(adaSeesBo.peerConnection!, 'Ada from Bo, on the new link');
    await receivesMedia([...bo.remote.values()][0]!.peerConnection!, 'Bo from Ada, on the new link');
  });
});
