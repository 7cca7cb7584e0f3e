/**
 * Perfect negotiation, fast: two real PeerLinks (two real RTCPeerConnections) in one page, their
 * signaling carried by an in-memory channel (each message delivered in order on a later task, as a
 * socket would), no server. ICE restarts from one side, the other, both at once (glare), and on a
 * network change (`online`, which both links hear); renegotiation glare (both sides start and stop
 * sending a screen at once: the polite side rolls back). Each case runs ROUNDS rounds in a row
 * (`FAST_REPEAT`, else 20): a round of the first is one restart of each kind, a round of the
 * second a start and a stop.
 * Only the pure wiring is the test's: the links, connections, tracks and data channels are real.
 */
import { expect } from '@open-wc/testing';
import { PeerLink } from '../../src/core/transport/mesh/peer-link.js';
import type { RelayPayloads, RelayType } from '../../src/core/protocol.js';
import { describeWithWebRTC } from '../browser/webrtc.js';
import { fastRepeat } from './repeat.js';

const ROUNDS = fastRepeat(20);
const DEADLINE = 20_000;

interface Pair {
  a: PeerLink;
  b: PeerLink;
  /** Offers that arrived while the other side had an offer of its own out (glare). */
  glares: number;
  errors: Error[];
  /**
   * Each time a link's DTLS transport failed (`failed`, or `closed` by the other side), as its own
   * `statechange` said (before the link heard of it): which link, its DTLS and ICE states then.
   */
  dtlsFailures: string[];
}

/** The connections a link has had in place of a failed one (its own, and those the other side's renewal made). */
const renewals = ({ a, b }: Pair) => a.renewals + b.renewals;

/** Ada (impolite, offers first) and Bo (polite), wired together in memory; resolves once Bo's link exists. */
async function wire(
  stream: MediaStream,
  alter: <T extends RelayType>(type: T, data: RelayPayloads[T]) => RelayPayloads[T] = (_, data) => data,
): Promise<Pair> {
  const pair = { glares: 0, errors: [] as Error[], dtlsFailures: [] as string[] } as Pair;
  const channel =
    (to: () => PeerLink) =>
    <T extends RelayType>(type: T, data: RelayPayloads[T]) => {
      setTimeout(() => {
        const target = to();
        if (type === 'offer' && target.pc.signalingState === 'have-local-offer') pair.glares++;
        target.receive(type, alter(type, data)).catch((error: Error) => pair.errors.push(error));
      });
    };
  const open = (options: { remoteId: string; polite: boolean; initiator: boolean; to: () => PeerLink }) => {
    const link = new PeerLink({ ...options, localStream: stream, send: channel(options.to) });
    link.addEventListener('error', (e) => pair.errors.push(e.detail.error));
    // Each connection's DTLS transport, from when a description makes it (a renewal makes a new
    // connection, which the link's `state` announces): its failures.
    const connections = new WeakSet<RTCPeerConnection>();
    const watched = new WeakSet<RTCDtlsTransport>();
    const watch = () => {
      const pc = link.pc;
      if (!connections.has(pc)) {
        connections.add(pc);
        pc.addEventListener('signalingstatechange', watch);
      }
      const dtls = pc.sctp?.transport ?? pc.getSenders()[0]?.transport;
      if (!dtls || watched.has(dtls)) return;
      watched.add(dtls);
      dtls.addEventListener('statechange', () => {
        // `failed`, or `closed` by the other side's alert (Chromium, when the other side failed
        // first): not our own close, after which a connection fires nothing.
        if (dtls.state !== 'failed' && dtls.state !== 'closed') return;
        pair.dtlsFailures.push(
          `${options.remoteId === 'bo' ? 'ada' : 'bo'}: DTLS ${dtls.state}, ICE ${pc.iceConnectionState}`,
        );
      });
    };
    watch();
    link.addEventListener('state', watch);
    return link;
  };
  pair.a = open({ remoteId: 'bo', polite: false, initiator: true, to: () => b() });
  // As in a room: the answering side's link is made when the first offer for it arrives.
  let made!: () => void;
  const bMade = new Promise<void>((resolve) => {
    made = resolve;
  });
  const b = () => {
    pair.b ??= open({ remoteId: 'ada', polite: true, initiator: false, to: () => pair.a });
    made();
    return pair.b;
  };
  await bMade;
  return pair;
}

/**
 * Resolves once `check()` holds, checking again on every event of `types` on `targets()` (read
 * again each time, so targets that appear meanwhile, such as a new remote track, count); rejects
 * after DEADLINE.
 */
function until(check: () => boolean, targets: () => EventTarget[], types: string[], what: string): Promise<void> {
  const watched = new Set<EventTarget>();
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      clearTimeout(timer);
      for (const target of watched) for (const type of types) target.removeEventListener(type, test);
      if (error) reject(error);
      else resolve();
    };
    const test = () => {
      try {
        for (const target of targets()) {
          if (watched.has(target)) continue;
          watched.add(target);
          for (const type of types) target.addEventListener(type, test);
        }
        if (check()) done();
      } catch (error) {
        // (Firefox throws on reading a closed connection's descriptions.)
        done(error as Error);
      }
    };
    const timer = setTimeout(() => done(new Error(`${what}: not within ${DEADLINE} ms`)), DEADLINE);
    test();
  });
}

const ufrag = (d: RTCSessionDescription | null) => /a=ice-ufrag:(\S+)/.exec(d?.sdp ?? '')?.[1];
/** ICE up, and DTLS over it. */
const up = (pc: RTCPeerConnection) =>
  (pc.iceConnectionState === 'connected' || pc.iceConnectionState === 'completed') &&
  pc.connectionState === 'connected';

/** Both sides stable and connected on matching credentials (new ones when `before` is given). */
function settled({ a, b }: Pair, before?: string[]) {
  const check = () => {
    const now = [ufrag(a.pc.localDescription), ufrag(b.pc.localDescription)];
    return (
      a.pc.signalingState === 'stable' &&
      b.pc.signalingState === 'stable' &&
      up(a.pc) &&
      up(b.pc) &&
      now[0] === ufrag(b.pc.remoteDescription) &&
      now[1] === ufrag(a.pc.remoteDescription) &&
      (!before || (now[0] !== before[0] && now[1] !== before[1]))
    );
  };
  // A link's `state` too: a renewed link has a new connection, whose events are watched from then.
  const types = ['signalingstatechange', 'iceconnectionstatechange', 'connectionstatechange', 'state'];
  const what = before ? 'ICE restarted on both sides' : 'connected';
  const states = () =>
    [a.pc, b.pc].map((pc) => `${pc.signalingState}/${pc.connectionState}/${pc.iceConnectionState}`).join(', ');
  return until(check, () => [a.pc, b.pc, a, b], types, what).catch((error: Error) => {
    throw new Error(`${error.message} (signaling/connection/ICE: ${states()}; renewed ${renewals({ a, b } as Pair)})`);
  });
}

/**
 * A message each way on the data channel. When a link renews its connection meanwhile (DTLS failed:
 * what was sent on the failed connection is lost, as on any connection that fails), both are sent
 * again once the pair is up on the new one.
 */
async function talk(p: Pair, n: number): Promise<void> {
  const { a, b } = p;
  const before = renewals(p);
  const got = (link: PeerLink) =>
    new Promise<unknown>((resolve) =>
      link.addEventListener('message', (e) => resolve((e.detail.data as { n: number }).n), { once: true }),
    );
  const [atB, atA] = [got(b), got(a)];
  a.sendMessage(JSON.stringify({ n }));
  b.sendMessage(JSON.stringify({ n }));
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onState = () => {};
  const renewed = new Promise<'renewed'>((resolve) => {
    onState = () => renewals(p) > before && resolve('renewed');
    for (const link of [a, b]) link.addEventListener('state', onState);
  });
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const state = [a.pc, b.pc].map((pc) => `${pc.connectionState}/${pc.iceConnectionState}/${pc.sctp?.state}`);
      reject(new Error(`message ${n} did not cross within ${DEADLINE} ms (connection/ICE/SCTP: ${state.join(', ')})`));
    }, DEADLINE);
  });
  let crossed: unknown;
  try {
    crossed = await Promise.race([Promise.all([atB, atA]), renewed, late]);
  } finally {
    clearTimeout(timer);
    for (const link of [a, b]) link.removeEventListener('state', onState);
  }
  if (crossed === 'renewed') {
    await settled(p);
    return talk(p, n);
  }
  expect(crossed).to.deep.equal([n, n]);
}

/**
 * Resolves once the video of `stream` (what a tile would show) presents `n` new frames in a
 * `<video>` (requestVideoFrameCallback: once per new frame); rejects after DEADLINE.
 */
async function frames(stream: MediaStream, n: number, what: string): Promise<void> {
  const video = document.createElement('video');
  video.muted = true;
  video.srcObject = stream;
  document.body.append(video);
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      let left = n;
      timer = setTimeout(() => {
        const tracks = stream.getTracks().map((t) => `${t.kind} ${t.readyState}${t.muted ? ' muted' : ''}`);
        reject(
          new Error(`${what}: not ${n} new frames within ${DEADLINE} ms (${n - left} came; ${tracks.join(', ')})`),
        );
      }, DEADLINE);
      const count = () => {
        if (--left <= 0) resolve();
        else video.requestVideoFrameCallback(count);
      };
      video.requestVideoFrameCallback(count);
      video.play().catch(reject);
    });
  } finally {
    clearTimeout(timer);
    video.srcObject = null;
    video.remove();
  }
}

describeWithWebRTC(`perfect negotiation, ${ROUNDS} rounds in a row (fast layer)`, () => {
  let stream: MediaStream;
  let pair: Pair | undefined;

  before(async () => {
    stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
  });
  after(() => {
    for (const track of stream.getTracks()) track.stop();
  });
  afterEach(() => {
    pair?.a.close();
    pair?.b?.close();
    pair = undefined;
  });

  it('restarts ICE from either side, from both at once (glare), and on a network change', async function () {
    // 80 restarts, each step within DEADLINE: Firefox took 32 s here, over 60 s under load (its
    // renewals after a DTLS failure wait up to 8 s for the path to answer).
    this.timeout(ROUNDS * 4 * 3_000);
    // Firefox (153 ESR) fails DTLS after some ICE restarts between two connections of one page: the
    // connection goes `failed` while ICE is `connected`, on the 1st to 8th restart (see the report
    // of issue 10). The link then renews its connection (the other side follows its fresh offer):
    // allowed here only after such a failure, and counted. (WebKit skips the whole suite.)
    const p = await wire(stream);
    const streams = [p.a.remoteStream, p.b.remoteStream];
    pair = p;
    await settled(p);
    // A round is four restarts, one of each kind: every round runs every path, however few rounds.
    const kinds = ['ada', 'bo', 'both', 'online'] as const;
    let restart = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const kind of kinds) {
        const before = [ufrag(p.a.pc.localDescription)!, ufrag(p.b.pc.localDescription)!];
        if (kind === 'ada' || kind === 'both') p.a.restartIce();
        if (kind === 'bo' || kind === 'both') p.b.restartIce();
        // Both links hear the window's `online` (one page): a real glare, as two peers back online at once.
        if (kind === 'online') window.dispatchEvent(new Event('online'));
        await settled(p, before);
        await talk(p, restart++);
      }
    }
    expect(p.errors.map(String)).to.deep.equal([]);
    expect(p.glares, 'offers crossed at least once (the glare path ran)').to.be.greaterThan(0);
    expect(p.a.pc.connectionState).to.equal('connected');
    expect(p.b.pc.connectionState).to.equal('connected');
    // Media flows on each side, into the streams the links had from the start (a tile keeps its stream).
    expect([p.a.remoteStream, p.b.remoteStream]).to.deep.equal(streams);
    await Promise.all([
      frames(p.a.remoteStream, 5, "Ada's view of Bo"),
      frames(p.b.remoteStream, 5, "Bo's view of Ada"),
    ]);
    // A new connection only after DTLS failed: at most one per side per failure (its own, and the
    // other side's answer to its fresh offer); none at all where DTLS never failed (Chromium).
    const failures = p.dtlsFailures;
    expect(renewals(p), `connections renewed; DTLS failures seen: ${failures.join(', ') || 'none'}`).to.be.at.most(
      2 * failures.length,
    );
  });

  it('renews a connection whose DTLS fails under a connected ICE, for the same streams; the other side follows', async () => {
    // Deterministic: Bo's first answer reaches Ada with a fingerprint that is not his certificate's,
    // so her DTLS handshake fails (the certificate does not match) while ICE connects. An ICE
    // restart cannot mend that; a new connection (untouched signaling from then on) does.
    let answers = 0;
    let spoiled = false;
    const p = await wire(stream, (type, data) => {
      if (type !== 'answer' || answers++) return data;
      const sdp = (data as RelayPayloads['answer']).sdp ?? '';
      const wrong = sdp.replace(/(a=fingerprint:\S+ )([0-9A-F]{2})/, (_, head: string, byte: string) => {
        spoiled = true;
        return `${head}${byte === '00' ? '01' : '00'}`;
      });
      return { type: 'answer', sdp: wrong } as RelayPayloads[typeof type];
    });
    pair = p;
    const streams = [p.a.remoteStream, p.b.remoteStream];
    await settled(p);
    const failures = p.dtlsFailures;
    expect(spoiled, "the first answer's fingerprint spoiled").to.equal(true);
    expect(answers, "answers sent (the first, spoiled, and the new connection's)").to.be.greaterThan(1);
    expect(failures.length, 'DTLS failed').to.be.greaterThan(0);
    expect(renewals(p), `connections renewed; DTLS failures seen: ${failures.join(', ')}`).to.be.within(
      1,
      2 * failures.length,
    );
    expect(p.errors.map(String)).to.deep.equal([]);
    await talk(p, 0);
    expect([p.a.remoteStream, p.b.remoteStream]).to.deep.equal(streams);
    await Promise.all([
      frames(p.a.remoteStream, 5, "Ada's view of Bo"),
      frames(p.b.remoteStream, 5, "Bo's view of Ada"),
    ]);
  });

  it('renegotiates under glare: both sides start and stop a screen at once, the polite side rolls back', async () => {
    const p = await wire(stream);
    pair = p;
    await settled(p);
    const screens = await Promise.all([0, 1].map(() => navigator.mediaDevices.getUserMedia({ video: true })));
    try {
      // A round starts both screens at once, then stops both at once.
      let step = 0;
      for (let round = 0; round < ROUNDS; round++) {
        for (const on of [true, false]) {
          const glaresBefore = p.glares;
          await Promise.all([
            p.a.setScreenTrack(on ? screens[0]!.getVideoTracks()[0]! : null, screens[0]),
            p.b.setScreenTrack(on ? screens[1]!.getVideoTracks()[0]! : null, screens[1]),
          ]);
          // What each side receives on the screen m-line: media flowing (unmuted) while the other sends.
          const receiving = (link: PeerLink) => {
            const track = link.remoteScreenStream.getVideoTracks()[0];
            return !!track && track.muted === !on;
          };
          const tracks = () => [p.a, p.b].flatMap((l) => l.remoteScreenStream.getTracks());
          await until(
            () =>
              receiving(p.a) &&
              receiving(p.b) &&
              p.a.pc.signalingState === 'stable' &&
              p.b.pc.signalingState === 'stable',
            () => [p.a.pc, p.b.pc, p.a, p.b, ...tracks()],
            ['signalingstatechange', 'track', 'mute', 'unmute'],
            `round ${round}: each side ${on ? 'receives' : 'stops receiving'} the other's screen`,
          );
          if (step === 0) expect(p.glares, 'the first screens crossed').to.be.greaterThan(glaresBefore);
          await talk(p, step++);
        }
      }
      expect(p.errors.map(String)).to.deep.equal([]);
    } finally {
      for (const s of screens) for (const track of s.getTracks()) track.stop();
    }
  });
});
