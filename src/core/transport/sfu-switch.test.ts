// The move between the mesh and the SFU, as pure logic: plain fake transports record each call and
// fake tracks say whether they bring media. The real move (a room of real pages, the loopback as
// the SFU) is test/browser/sfu-move.test.ts.
import { expect } from '@open-wc/testing';
import { RtcError } from '../errors.js';
import { Participant, touchParticipant, updateParticipant } from '../participant.js';
import type { MediaRoute, WelcomeData } from '../protocol.js';
import { type Known, SFU_SHOWN } from './auto-transport.js';
import { brings, needed, SfuSwitch } from './sfu-switch.js';
import type { RoomTransport, TransportContext } from './transport.js';

const CORE = { Participant, RtcError, updateParticipant, touchParticipant, shown: SFU_SHOWN };
const ROUTE: MediaRoute = { mode: 'sfu', sfu: 'janus', url: 'ws://127.0.0.1:1/janus', room: 1, token: 't' };

/** A track that is live, muted or not; `unmute()` starts its packets. */
class FakeTrack extends EventTarget {
  readyState = 'live';
  constructor(
    readonly kind: 'audio' | 'video',
    public muted = false,
  ) {
    super();
  }
  unmute() {
    this.muted = false;
    this.dispatchEvent(new Event('unmute'));
  }
}
const stream = (...tracks: FakeTrack[]) => ({ getTracks: () => tracks }) as unknown as MediaStream;

/** A transport that records its calls; `links` are the mesh's open links. */
class FakeTransport extends EventTarget {
  relays = ['offer', 'answer', 'ice-candidate'] as const;
  calls: string[] = [];
  links = new Set<string>();
  readonly people = new Map<string, Participant>();
  async ready() {}
  welcome(welcome: WelcomeData, peers: readonly Participant[]) {
    for (const p of peers) this.people.set(p.id, p);
    this.calls.push(`welcome [${peers.map((p) => p.id).join(' ')}]${welcome.media ? ` ${welcome.media.mode}` : ''}`);
  }
  join(p: Participant) {
    this.people.set(p.id, p);
    this.calls.push(`join ${p.id}`);
  }
  drop(id: string) {
    this.links.delete(id);
    this.calls.push(`drop ${id}`);
  }
  adopt() {}
  signal(from: Participant, type: string) {
    this.calls.push(`signal ${from.id} ${type}`);
  }
  async setTrack() {}
  send(text: string, to?: string) {
    if (to !== undefined && !this.links.has(to)) throw new Error('unknown-peer');
    this.calls.push(`send ${text} ${to ?? '*'}`);
  }
  audioReceiver() {
    return null;
  }
  connections() {
    return [...this.links].map((id) => ({ id }));
  }
  route(route: MediaRoute) {
    this.calls.push(`route ${route.mode}`);
  }
  close() {}
  /** As a transport reports a participant's new media. */
  update(participant: Participant, patch: { stream?: MediaStream }) {
    updateParticipant(participant, patch);
    this.dispatchEvent(new CustomEvent('update', { detail: { participant } }));
  }
  message(from: Participant, data: unknown) {
    this.dispatchEvent(new CustomEvent('message', { detail: { from, data } }));
  }
}

/** Ada and Bo are on the SFU, Mo (a `mode: 'mesh'` peer) is not; the mesh links all three. */
async function moving() {
  const posts: string[] = [];
  const context = {
    options: { room: 'r' },
    post: (text: string, to?: string) => posts.push(`${text} ${to ?? '*'}`),
    onSfu: (id: string) => !id.startsWith('mo'),
  } as unknown as TransportContext;
  const [ada, bo, mo] = ['ada', 'bo', 'mo'].map((id) => new Participant(id, id, false)) as [
    Participant,
    Participant,
    Participant,
  ];
  const mesh = new FakeTransport();
  for (const p of [ada, bo, mo]) {
    mesh.links.add(p.id);
    updateParticipant(p, { stream: stream(new FakeTrack('audio'), new FakeTrack('video')) });
  }
  const sfu = new FakeTransport();
  const welcome: WelcomeData = { id: 'me', room: 'r', peers: [], iceServers: [], resume: 'x' };
  const known: Known = {
    welcome,
    peers: new Map([ada, bo, mo].map((p) => [p.id, p])),
    views: new Map(),
    shown: new Set(),
  };
  const mover = new SfuSwitch(
    CORE,
    context,
    mesh as unknown as RoomTransport,
    () => sfu as unknown as RoomTransport,
    known,
  );
  const messages: string[] = [];
  mover.addEventListener('message', (e) => messages.push(`${e.detail.from.id} ${JSON.stringify(e.detail.data)}`));
  const media: string[] = [];
  mover.addEventListener('media', (e) => media.push(e.detail.media));
  mover.route(ROUTE);
  await sfu.ready();
  await Promise.resolve();
  return { mover, mesh, sfu, posts, messages, media, ada, bo, mo, stand: (p: Participant) => sfu.people.get(p.id)! };
}

describe('SfuSwitch', () => {
  it('hands the SFU stand-ins of those on it only, with the route, and says the media now goes through the SFU', async () => {
    const { sfu, mesh, media, ada, stand } = await moving();
    expect(sfu.calls).to.deep.equal(['welcome [ada bo] sfu']);
    expect(stand(ada)).to.not.equal(ada);
    expect(mesh.calls).to.deep.equal([]);
    expect(media).to.deep.equal(['sfu']);
  });

  it('keeps the mesh stream on the tile until the SFU brings video, then swaps, says so, and closes the link once both ends have', async () => {
    const { mesh, sfu, ada, stand } = await moving();
    const meshStream = ada.stream;
    const video = new FakeTrack('video', true);
    sfu.update(stand(ada), { stream: stream(new FakeTrack('audio'), video) });
    // Audio alone is not what the tile shows: it stays on the mesh.
    expect(ada.stream).to.equal(meshStream);
    expect(mesh.calls).to.deep.equal([]);
    video.unmute();
    expect(ada.stream).to.equal(stand(ada).stream);
    expect(mesh.calls).to.deep.equal([`send ${SFU_SHOWN} ada`]);
    // Ada has not swapped yet: the link stays until she says she has.
    mesh.message(ada, JSON.parse(SFU_SHOWN));
    expect(mesh.calls).to.deep.equal([`send ${SFU_SHOWN} ada`, 'drop ada']);
  });

  it('closes the link when the other end had swapped first, and no longer lets that link open again', async () => {
    const { mover, mesh, sfu, messages, ada, mo, stand } = await moving();
    mesh.message(ada, JSON.parse(SFU_SHOWN));
    expect(messages, 'the note is not a message of the page').to.deep.equal([]);
    sfu.update(stand(ada), { stream: stream(new FakeTrack('video')) });
    expect(mesh.calls).to.deep.equal([`send ${SFU_SHOWN} ada`, 'drop ada']);
    mover.signal(ada, 'offer', { type: 'offer', sdp: '' });
    mover.signal(mo, 'offer', { type: 'offer', sdp: '' });
    expect(mesh.calls.slice(2)).to.deep.equal(['signal mo offer']);
  });

  it('needs only audio from the SFU for a participant no view shows', async () => {
    const { mover, sfu, ada, stand } = await moving();
    mover.view('ada', null);
    sfu.update(stand(ada), { stream: stream(new FakeTrack('audio'), new FakeTrack('video', true)) });
    expect(ada.stream).to.equal(stand(ada).stream);
  });

  it('sends through the signaling server to those on the SFU, on the mesh to the others; a broadcast reaches both once', async () => {
    const { mover, mesh, posts } = await moving();
    mover.send('1', 'ada');
    mover.send('2', 'mo');
    mover.send('3');
    expect(posts).to.deep.equal(['1 ada', '3 ada', '3 bo']);
    expect(mesh.calls).to.deep.equal(['send 2 mo', 'send 3 mo']);
  });

  it('reaches a newcomer on the SFU there alone, shown at once, and a newcomer off it through the mesh', async () => {
    const { mover, mesh, sfu } = await moving();
    const cy = new Participant('cy', 'Cy', false);
    const mesher = new Participant('mo2', 'Mo', false);
    mover.join(cy);
    expect(sfu.calls.at(-1)).to.equal('join cy');
    const cyStream = stream(new FakeTrack('video', true));
    sfu.update(sfu.people.get('cy')!, { stream: cyStream });
    expect(cy.stream, 'nothing else to show: the SFU stream at once').to.equal(cyStream);
    // Mo2 is off the SFU (as Mo): the mesh's.
    mover.join(mesher);
    expect(mesh.calls.at(-1)).to.equal('join mo2');
  });
});

describe('what a tile needs before it swaps to the SFU', () => {
  it('is what the mesh stream brings: video (unless no view shows it), else audio, else nothing', () => {
    expect(needed(stream(new FakeTrack('audio'), new FakeTrack('video')), false)).to.equal('video');
    expect(needed(stream(new FakeTrack('audio'), new FakeTrack('video')), true)).to.equal('audio');
    expect(needed(stream(new FakeTrack('audio'), new FakeTrack('video', true)), false)).to.equal('audio');
    expect(needed(stream(new FakeTrack('video', true)), false)).to.equal(null);
    expect(needed(null, false)).to.equal(null);
    expect(brings(stream(new FakeTrack('video', true)), 'video')).to.equal(false);
  });
});
