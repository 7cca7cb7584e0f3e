/**
 * `roomSessionSuite(make)`: the contract every `RoomSession` passes, whatever carries it (Lion's
 * reusable test-suites). Called inside a `describe`, it registers tests that run in order on one
 * room of three sessions made by `make` (Ada, Bo, Cy): joining, the roster, what one shares and
 * the others see (state, names, microphone, camera, screen), messages, errors and leaving. It
 * reads only what `RoomSession` and `Participant` promise (no peer connection, no stats), so that
 * any session (the mesh `Room`, a `Room` over another transport, a static session, an SFU's) runs
 * it unchanged.
 */
import { expect } from '@open-wc/testing';
import { MAX_MESSAGE_BYTES, type Participant, type RoomSession, RtcError } from '../../src/core/index.js';
import { inUserGesture } from './call-helpers.js';
import { eventually, nextEvent, uniqueRoom } from './helpers.js';
import { type Engine, itIn } from './skip.js';

/** One room of sessions, made by the suite's `make`. */
export interface SessionRoom {
  /** A new session of this room for `name`, not joined yet. */
  open(name: string): Promise<RoomSession>;
  /** Leaves every session it opened and releases what it made for them. */
  close(): void;
}

/** Makes a room of sessions named `room` (a name no other test uses). */
export type MakeSessionRoom = (options: { room: string }) => Promise<SessionRoom>;

export interface SessionSuiteOptions {
  /** Where these sessions can share a screen, and why not elsewhere (default: every engine). */
  screen?: { engines: readonly Engine[]; reason: string };
}

type ParticipantEvent = CustomEvent<{ participant: Participant }>;

/** The next `type` event of `session` that `filter` accepts (30 s at most). */
const next = <E extends Event>(session: RoomSession, type: string, filter?: (event: E) => boolean) =>
  nextEvent<E>(session as unknown as EventTarget, type, filter);

/** `sender` as `viewer` sees them. */
const seen = (viewer: RoomSession, sender: RoomSession) => viewer.remote.get(sender.local!.id)!;

/** Resolves once `check` holds, looking again at each `participant-updated` of `session`. */
async function until(session: RoomSession, check: () => boolean, what: string): Promise<void> {
  if (check()) return;
  await next(session, 'participant-updated', check).catch(() => {
    throw new Error(`${what} (no participant-updated made it so within 30 s)`);
  });
}

/** The video frames a `<video>` playing `stream` paints, counted as they come; `stop()` ends it. */
function frameCounter(stream: MediaStream): { count(): number; stop(): void } {
  const video = document.createElement('video');
  video.muted = true;
  // The video alone: WebKitGTK does not start a stream whose audio comes from a suspended AudioContext.
  video.srcObject = new MediaStream(stream.getVideoTracks());
  document.body.append(video);
  let frames = 0;
  let on = true;
  const count = () => {
    frames++;
    if (on) video.requestVideoFrameCallback(count);
  };
  video.requestVideoFrameCallback(count);
  // Not awaited: a stream whose track sends nothing never starts playing.
  void video.play().catch(() => undefined);
  return {
    count: () => frames,
    stop: () => {
      on = false;
      video.remove();
    },
  };
}

/** Resolves once `stream` has a live video track that paints frame after frame. */
async function playsFrames(stream: () => MediaStream | null, what: string): Promise<void> {
  const live = await eventually(
    () =>
      stream()
        ?.getVideoTracks()
        .some((t) => t.readyState === 'live')
        ? stream()
        : null,
    `${what}: no live video track`,
  );
  const frames = frameCounter(live);
  try {
    await eventually(() => frames.count() >= 3, `${what}: fewer than 3 frames painted`);
  } finally {
    frames.stop();
  }
}

/** Resolves once `stream` paints no more frames (two readings a second apart agree), or has no live video. */
async function framesStop(stream: MediaStream | null, what: string): Promise<void> {
  if (!stream?.getVideoTracks().some((t) => t.readyState === 'live')) return;
  const frames = frameCounter(stream);
  try {
    let last = -1;
    // Stopped: no new frame in 2 s, or at most one a second (a camera a session disables rather
    // than releases sends black frames at about 1 fps: Firefox's mesh does at times). A camera
    // that still sends brings 15 or more a second.
    await eventually(
      () => {
        const now = frames.count();
        const still = last >= 0 && now - last <= 2;
        last = now;
        return still;
      },
      `${what}: frames keep coming`,
      { interval: 2_000 },
    );
  } finally {
    frames.stop();
  }
}

/** The messages `session` receives, as `[from's id, data]`. */
function inbox(session: RoomSession): { from: Participant; data: unknown }[] {
  const got: { from: Participant; data: unknown }[] = [];
  session.addEventListener('message', (e) => got.push(e.detail));
  return got;
}

/** The error `call` throws (null when it throws none). */
function thrown(call: () => void): unknown {
  try {
    call();
    return null;
  } catch (error) {
    return error;
  }
}

/** Registers the contract's tests on one room of sessions from `make`. */
export function roomSessionSuite(make: MakeSessionRoom, options: SessionSuiteOptions = {}): void {
  let room: SessionRoom;
  let ada: RoomSession;
  let bo: RoomSession;
  let cy: RoomSession;
  const screen = options.screen ?? { engines: ['chromium', 'firefox', 'webkit'], reason: '' };

  before(async () => {
    room = await make({ room: uniqueRoom('session-suite') });
  });
  after(() => room?.close());

  it('join: connecting, then connected; `joined` names its local participant, which sends camera and microphone', async () => {
    ada = await room.open('Ada');
    const states: string[] = [];
    ada.addEventListener('state', (e) => states.push(e.detail.state));
    const joined = next<ParticipantEvent>(ada, 'joined');
    await ada.join();
    const { participant } = (await joined).detail;
    expect(states).to.deep.equal(['connecting', 'connected']);
    expect(ada.state).to.equal('connected');
    expect(participant).to.equal(ada.local);
    expect([participant.local, participant.name]).to.deep.equal([true, 'Ada']);
    expect(ada.participants).to.deep.equal([participant]);
    expect(ada.remote.size).to.equal(0);
    expect(
      ada
        .localStream!.getTracks()
        .map((t) => t.kind)
        .sort(),
    ).to.deep.equal(['audio', 'video']);
  });

  it('roster: everyone sees a newcomer join (participant-joined), and the newcomer sees everyone', async () => {
    bo = await room.open('Bo');
    const adaSeesBo = next<ParticipantEvent>(ada, 'participant-joined', (e) => e.detail.participant.name === 'Bo');
    await bo.join();
    expect((await adaSeesBo).detail.participant.local).to.equal(false);
    cy = await room.open('Cy');
    const seeCy = [ada, bo].map((s) =>
      next<ParticipantEvent>(s, 'participant-joined', (e) => e.detail.participant.name === 'Cy'),
    );
    await cy.join();
    await Promise.all(seeCy);
    const names = (s: RoomSession) => [...s.remote.values()].map((p) => p.name).sort();
    expect([names(ada), names(bo), names(cy)]).to.deep.equal([
      ['Bo', 'Cy'],
      ['Ada', 'Cy'],
      ['Ada', 'Bo'],
    ]);
    // The same ids everywhere, the local participant first.
    expect([seen(ada, bo).id, seen(cy, bo).id]).to.deep.equal([bo.local!.id, bo.local!.id]);
    expect(cy.participants[0]).to.equal(cy.local);
  });

  it('media: each is connected to the others and receives their camera and microphone', async () => {
    for (const [viewer, sender, what] of [
      [ada, bo, 'Ada sees Bo'],
      [bo, ada, 'Bo sees Ada'],
      [cy, ada, 'Cy sees Ada'],
      [cy, bo, 'Cy sees Bo'],
    ] as const) {
      await until(viewer, () => seen(viewer, sender).connectionState === 'connected', `${what}: not connected`);
      await playsFrames(() => seen(viewer, sender).stream, what);
      await eventually(
        () =>
          seen(viewer, sender)
            .stream?.getAudioTracks()
            .some((t) => t.readyState === 'live'),
        `${what}: no live microphone track`,
      );
    }
  });

  it('state: setState is seen by the others, a key of the page included; a key set to undefined goes', async () => {
    ada.setState({ hand: true, topic: 'the suite' });
    expect(ada.local!.state).to.include({ hand: true, topic: 'the suite' });
    const adaAtBo = seen(bo, ada);
    await until(bo, () => adaAtBo.handRaised && adaAtBo.state.topic === 'the suite', 'Bo does not see Ada’s state');
    ada.setState({ topic: undefined });
    await until(bo, () => !('topic' in adaAtBo.state), 'Bo still sees the key Ada removed');
    expect(adaAtBo.handRaised).to.equal(true);
  });

  it('names: setName is seen by the others', async () => {
    ada.setName('Ada L.');
    expect(ada.local!.name).to.equal('Ada L.');
    const adaAtCy = seen(cy, ada);
    await until(cy, () => adaAtCy.name === 'Ada L.', 'Cy does not see Ada’s new name');
    // Each gets the server's broadcast on a socket of its own: Bo's may come after Cy's.
    const adaAtBo = seen(bo, ada);
    await until(bo, () => adaAtBo.name === 'Ada L.', 'Bo does not see Ada’s new name');
    expect([adaAtBo.name, adaAtCy.name]).to.deep.equal(['Ada L.', 'Ada L.']);
  });

  it('microphone: the others see it off, no sound is sent meanwhile, and on again', async () => {
    const boAtAda = seen(ada, bo);
    await bo.setMicrophoneEnabled(false);
    expect(bo.local!.audioEnabled).to.equal(false);
    const sending = bo.localStream!.getAudioTracks().filter((t) => t.enabled && t.readyState === 'live');
    expect(sending, 'a microphone track still sends').to.deep.equal([]);
    await until(ada, () => !boAtAda.audioEnabled, 'Ada does not see Bo muted');
    await bo.setMicrophoneEnabled(true);
    await until(ada, () => boAtAda.audioEnabled, 'Ada still sees Bo muted');
    await eventually(
      () =>
        seen(ada, bo)
          .stream?.getAudioTracks()
          .some((t) => t.readyState === 'live'),
      'Ada has no live microphone track of Bo',
    );
  });

  it('camera: the others see it off and its frames stop; on again, they play', async () => {
    const boAtAda = seen(ada, bo);
    await bo.setCameraEnabled(false);
    expect(bo.local!.videoEnabled).to.equal(false);
    await until(ada, () => !boAtAda.videoEnabled, 'Ada does not see Bo’s camera off');
    await framesStop(boAtAda.stream, 'Ada still sees Bo’s camera');
    await bo.setCameraEnabled(true);
    await until(ada, () => boAtAda.videoEnabled, 'Ada still sees Bo’s camera off');
    await playsFrames(() => boAtAda.stream, 'Ada sees Bo’s camera again');
  });

  itIn(screen.engines, screen.reason, 'screen: the others see a shared screen come, and go', async () => {
    // getDisplayMedia wants a user gesture: a real click from the test runner gives one.
    expect(await inUserGesture(() => ada.startScreenShare())).to.equal(null);
    expect([ada.local!.state.screen, !!ada.screenStream]).to.deep.equal([true, true]);
    const adaAtBo = seen(bo, ada);
    await until(bo, () => adaAtBo.state.screen === true, 'Bo does not see Ada share');
    await playsFrames(() => adaAtBo.screenStream, 'Bo sees Ada’s screen');
    ada.stopScreenShare();
    expect([ada.local!.state.screen, ada.screenStream]).to.deep.equal([false, null]);
    await until(bo, () => adaAtBo.state.screen === false, 'Bo still sees Ada share');
    await framesStop(adaAtBo.screenStream, 'Bo still sees Ada’s screen');
  });

  it('messages: send to one and to all arrive as message events from the sender', async () => {
    const [atAda, atBo, atCy] = [inbox(ada), inbox(bo), inbox(cy)];
    ada.send({ to: 'Bo', n: 1 }, { to: bo.local!.id });
    ada.send('to all');
    // In order: once the last is there, so is what came before it.
    const last = (inbox: { data: unknown }[]) => inbox.some((m) => m.data === 'to all');
    await eventually(() => last(atBo) && last(atCy), 'the message to all did not arrive');
    expect(atBo.map((m) => m.data)).to.deep.equal([{ to: 'Bo', n: 1 }, 'to all']);
    expect(atCy.map((m) => m.data)).to.deep.equal(['to all']);
    expect(atBo.every((m) => m.from === seen(bo, ada))).to.equal(true);
    expect(atCy[0]!.from).to.equal(seen(cy, ada));
    expect(atAda).to.deep.equal([]);
    const unknown = thrown(() => ada.send('x', { to: 'nobody' }));
    expect(unknown).to.be.instanceOf(RtcError);
    expect((unknown as RtcError).code).to.equal('unknown-peer');
  });

  it('errors: a bad call throws a typed RtcError, and the session goes on', async () => {
    const codes = [
      () => ada.send(undefined),
      () => ada.send(() => 'a function'),
      () => ada.send(10n),
      () => {
        const cycle: { self?: unknown } = {};
        cycle.self = cycle;
        ada.send(cycle);
      },
      () => ada.send('x'.repeat(MAX_MESSAGE_BYTES)),
      () => ada.setName('x'.repeat(65)),
      () => ada.setState({ notes: 'x'.repeat(2_000) }),
    ].map((call) => {
      const error = thrown(call);
      return error instanceof RtcError ? error.code : String(error);
    });
    expect(codes).to.deep.equal([
      'bad-message',
      'bad-message',
      'bad-message',
      'bad-message',
      'too-large',
      'invalid-name',
      'invalid-state',
    ]);
    const outsider = await room.open('Dee');
    const notJoined = thrown(() => outsider.send('hello'));
    expect(notJoined instanceof RtcError ? notJoined.code : String(notJoined)).to.equal('not-joined');
    // Nothing changed, and the call goes on.
    expect([ada.state, ada.local!.name, 'notes' in ada.local!.state]).to.deep.equal(['connected', 'Ada L.', false]);
    const atBo = inbox(bo);
    ada.send('still here');
    await eventually(() => atBo.length === 1, 'a message after the errors did not arrive');
  });

  it('leave: the others see them go (participant-left), and what they received of them ends', async () => {
    const cyId = cy.local!.id;
    const received = [seen(ada, cy), seen(bo, cy)].flatMap((p) => p.stream?.getTracks() ?? []);
    const had = [seen(cy, ada), seen(cy, bo)].flatMap((p) => p.stream?.getTracks() ?? []);
    expect([received.length, had.length]).to.deep.equal([4, 4]);
    const left = [ada, bo].map((s) =>
      next<ParticipantEvent>(s, 'participant-left', (e) => e.detail.participant.id === cyId),
    );
    cy.leave();
    expect(cy.state).to.equal('closed');
    expect(cy.remote.size).to.equal(0);
    await Promise.all(left);
    expect([ada.remote.has(cyId), bo.remote.has(cyId)]).to.deep.equal([false, false]);
    expect([...received, ...had].map((t) => t.readyState)).to.deep.equal(Array(8).fill('ended'));
    // Ada and Bo still see each other.
    await playsFrames(() => seen(ada, bo).stream, 'Ada sees Bo after Cy left');
  });
}
