// When a gathering that could not reach a server restarts ICE again: pure logic over a plain fake
// of the few RTCPeerConnection fields it reads (the real case, a link that drops in Firefox, is
// test/impair/impairment.test.ts's).
import { expect } from '@open-wc/testing';
import { IceServerErrors } from './ice-errors.js';

const TURN = 'turn:192.0.2.1:3478';
const RELAY = 'a=candidate:1 1 UDP 92217343 192.0.2.1 40579 typ relay raddr 192.0.2.1 rport 40579\r\n';

/** A peer connection as far as IceServerErrors reads it, counting its ICE restarts. */
class FakeConnection extends EventTarget {
  iceGatheringState: RTCIceGatheringState = 'gathering';
  iceConnectionState: RTCIceConnectionState;
  signalingState: RTCSignalingState = 'stable';
  remoteDescription: { sdp: string } | null = { sdp: '' };
  localDescription = { sdp: 'v=0\r\n' };
  restarts = 0;
  #restarted: () => void = () => undefined;
  /** Settles at the first ICE restart. */
  readonly restarted = new Promise<void>((resolve) => (this.#restarted = resolve));

  constructor(ice: RTCIceConnectionState) {
    super();
    this.iceConnectionState = ice;
  }

  restartIce() {
    this.restarts++;
    this.#restarted();
  }

  /** The TURN server could not be reached (701), then gathering ends with `sdp` as the local description. */
  gatherUnreachable(sdp = 'v=0\r\n') {
    this.dispatchEvent(Object.assign(new Event('icecandidateerror'), { url: TURN, errorCode: 701 }));
    this.localDescription = { sdp };
    this.iceGatheringState = 'complete';
    this.dispatchEvent(new Event('icegatheringstatechange'));
  }
}

function follow(pc: FakeConnection, reports: string[]) {
  return new IceServerErrors(
    pc as unknown as RTCPeerConnection,
    (message) => {
      reports.push(message);
      return { message } as never;
    },
    [],
  );
}

describe('IceServerErrors: a gathering that reached no server, while ICE is down', () => {
  it('restarts ICE again (2 s later), and not when ICE was only checking, a relay was gathered, ICE came up or the connection closed', async () => {
    const reports: string[] = [];
    // The ones that must not restart first: their timers, if any, come due before the last one's.
    const checking = new FakeConnection('checking');
    const relayed = new FakeConnection('disconnected');
    const cameUp = new FakeConnection('disconnected');
    const closed = new FakeConnection('failed');
    const noRemote = new FakeConnection('disconnected');
    noRemote.remoteDescription = null;
    const dropped = new FakeConnection('disconnected');
    for (const pc of [checking, relayed, cameUp, closed, noRemote, dropped]) follow(pc, reports);
    checking.gatherUnreachable();
    relayed.gatherUnreachable(`v=0\r\n${RELAY}`);
    cameUp.gatherUnreachable();
    cameUp.iceConnectionState = 'connected';
    closed.gatherUnreachable();
    closed.signalingState = 'closed';
    noRemote.gatherUnreachable();
    dropped.gatherUnreachable();
    expect(dropped.restarts, 'not at once').to.equal(0);
    await dropped.restarted;
    expect(dropped.restarts).to.equal(1);
    expect(
      [checking, relayed, cameUp, closed, noRemote].map((pc) => pc.restarts),
      'checking, relayed, came up, closed, no remote description',
    ).to.deep.equal([0, 0, 0, 0, 0]);
    // Each unreachable gathering says so (the relayed one reached it): the errors are as before.
    expect(reports).to.have.length(5);
    expect(reports[0]).to.equal(`The ICE server ${TURN} could not be reached`);
  });
});
