/**
 * TURN, end to end: the signaling server hands out TURN REST API credentials in `welcome`, and a
 * real coturn accepts them: two rooms forced to relay-only get video both ways through it.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { Room } from '../../src/core/index.js';
import { eventually, receivesMedia, uniqueRoom } from './helpers.js';
import { describeWithWebRTC } from './webrtc.js';

/** The type of the local candidate of the pair in use. */
async function localCandidateType(pc: RTCPeerConnection): Promise<string | undefined> {
  const stats = await pc.getStats();
  let pairId: string | undefined;
  stats.forEach((r) => {
    if (r.type === 'transport' && r.selectedCandidatePairId) pairId = r.selectedCandidatePairId;
  });
  if (!pairId) {
    stats.forEach((r) => {
      if (r.type === 'candidate-pair' && r.state === 'succeeded' && (r.nominated || r.selected)) pairId = r.id;
    });
  }
  const pair = pairId ? stats.get(pairId) : undefined;
  return pair ? stats.get(pair.localCandidateId)?.candidateType : undefined;
}

describeWithWebRTC('TURN credentials from the signaling server', () => {
  const rooms: Room[] = [];
  let turn: { id: string; url: string; turnUrl: string } | undefined;

  afterEach(async () => {
    for (const room of rooms.splice(0)) room.leave();
    if (turn) await executeServerCommand('rtc-stop', { id: turn.id });
    turn = undefined;
  });

  it('relays a call through coturn with the ephemeral credentials', async () => {
    turn = await executeServerCommand<{ id: string; url: string; turnUrl: string }, undefined>('rtc-turn-start');
    const name = uniqueRoom('turn');
    const rtcConfiguration: RTCConfiguration = { iceTransportPolicy: 'relay' };
    const a = new Room({ room: name, name: 'A', server: turn.url, rtcConfiguration });
    const b = new Room({ room: name, name: 'B', server: turn.url, rtcConfiguration });
    rooms.push(a, b);
    await a.join();
    await b.join();
    await eventually(
      () => [a, b].every((r) => r.remote.size === 1 && [...r.remote.values()][0]!.connectionState === 'connected'),
      'the relay-only peers did not connect',
      { timeout: 45_000 },
    );
    const pc = [...a.remote.values()][0]!.peerConnection!;
    const { iceServers } = pc.getConfiguration();
    const server = iceServers!.find((s) => String(s.urls).includes(turn!.turnUrl))!;
    expect(server, 'welcome carried the TURN server').to.exist;
    const [expiry, peer] = String(server.username).split(':');
    expect(Number(expiry)).to.be.greaterThan(Date.now() / 1000);
    expect(peer).to.equal(a.local!.id);
    expect(await localCandidateType(pc)).to.equal('relay');
    await receivesMedia(pc, 'A from B through TURN');
    await receivesMedia([...b.remote.values()][0]!.peerConnection!, 'B from A through TURN');
  });
});
