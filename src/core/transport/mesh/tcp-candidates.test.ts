// Which remote candidates wait: pure logic over candidate lines (the lines are the ones Chromium
// and Firefox gather; the real gathering is exercised by every call test).
import { expect } from '@open-wc/testing';
import { TcpCandidates, tcpType } from './tcp-candidates.js';

const udp = 'candidate:1 1 udp 2122194687 192.0.2.2 36650 typ host generation 0 ufrag 6XQ8';
const active = 'candidate:3 1 tcp 1518214911 192.0.2.2 9 typ host tcptype active generation 0 ufrag 6XQ8';
const passive = 'candidate:4 1 TCP 1518280447 192.0.2.2 53211 typ host tcptype passive';

describe('TcpCandidates', () => {
  it('reads the tcptype of TCP lines only', () => {
    expect([udp, active, passive].map(tcpType)).to.deep.equal([undefined, 'active', 'passive']);
  });

  it('holds remote active TCP candidates until a passive TCP one of ours appears, then applies them', () => {
    const applied: string[] = [];
    const tcp = new TcpCandidates((c) => applied.push(c.candidate!));
    expect(tcp.hold({ candidate: udp, sdpMid: '0' })).to.equal(false);
    expect(tcp.hold({ candidate: passive, sdpMid: '0' })).to.equal(false);
    expect(tcp.hold(null)).to.equal(false);
    expect(tcp.hold({ candidate: active, sdpMid: '0' })).to.equal(true);
    tcp.local({ candidate: udp } as RTCIceCandidate);
    tcp.local({ candidate: active } as RTCIceCandidate);
    expect(applied).to.deep.equal([]);
    tcp.local({ candidate: passive } as RTCIceCandidate);
    expect(applied).to.deep.equal([active]);
    // From then on nothing is held.
    expect(tcp.hold({ candidate: active, sdpMid: '0' })).to.equal(false);
  });

  it('holds a bounded number', () => {
    const applied: string[] = [];
    const tcp = new TcpCandidates((c) => applied.push(c.candidate!));
    for (let i = 0; i < 100; i++) expect(tcp.hold({ candidate: active })).to.equal(true);
    tcp.local({ candidate: passive } as RTCIceCandidate);
    expect(applied.length).to.equal(64);
  });
});
