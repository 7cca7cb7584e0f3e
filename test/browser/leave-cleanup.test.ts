/**
 * After `leave()`, nothing of the call is left: every track (sent and received) is `ended`, every
 * peer connection `closed`, and no timer the core started is still pending. Timers are counted by
 * wrapping the page's real `setTimeout`/`setInterval` (they still do all the work) and keeping
 * those created from `src/core/` that have neither fired nor been cleared.
 */
import { expect } from '@open-wc/testing';
import type { Room } from '../../src/core/index.js';
import { joinedPair } from './call-helpers.js';
import { describeWithWebRTC } from './webrtc.js';

type Timer = (handler: unknown, ms?: number, ...args: unknown[]) => number;
type Clear = (id?: number) => void;
interface Timers {
  setTimeout: Timer;
  setInterval: Timer;
  clearTimeout: Clear;
  clearInterval: Clear;
}

/** Records the core's pending timers until `restore()`. */
function recordTimers() {
  const pending = new Map<number, string>();
  const page = window as unknown as Timers;
  const original: Timers = {
    setTimeout: page.setTimeout,
    setInterval: page.setInterval,
    clearTimeout: page.clearTimeout,
    clearInterval: page.clearInterval,
  };
  const fromCore = () => {
    const stack = new Error().stack ?? '';
    return stack.includes('/src/core/') ? stack : null;
  };
  page.setTimeout = (handler, ms, ...args) => {
    const stack = fromCore();
    const id = original.setTimeout.call(
      window,
      (...a: unknown[]) => {
        pending.delete(id);
        if (typeof handler === 'function') handler(...a);
      },
      ms,
      ...args,
    );
    if (stack) pending.set(id, stack);
    return id;
  };
  page.setInterval = (handler, ms, ...args) => {
    const stack = fromCore();
    const id = original.setInterval.call(window, handler, ms, ...args);
    if (stack) pending.set(id, stack);
    return id;
  };
  page.clearTimeout = (id) => {
    if (id !== undefined) pending.delete(id);
    original.clearTimeout.call(window, id);
  };
  page.clearInterval = (id) => {
    if (id !== undefined) pending.delete(id);
    original.clearInterval.call(window, id);
  };
  return {
    pending: () => [...pending.values()],
    restore: () => Object.assign(page, original),
  };
}

describeWithWebRTC('leaving a call', () => {
  const rooms: Room[] = [];
  afterEach(() => {
    for (const room of rooms.splice(0)) room.leave();
  });

  it('ends every track, closes every connection and leaves no timer running', async () => {
    const timers = recordTimers();
    try {
      const { a, b } = await joinedPair('leave', (r) => rooms.push(r));
      const tracks = [a, b].flatMap((room) => [
        ...room.localStream!.getTracks(),
        ...[...room.remote.values()].flatMap((p) => p.stream?.getTracks() ?? []),
      ]);
      const connections = [a, b].flatMap((room) => [...room.remote.values()].map((p) => p.peerConnection!));
      expect(tracks.length).to.be.greaterThan(3);
      expect(connections).to.have.length(2);
      expect(timers.pending().length, 'the core runs timers during a call').to.be.greaterThan(0);
      a.leave();
      b.leave();
      expect(tracks.filter((t) => t.readyState !== 'ended').map((t) => t.kind)).to.deep.equal([]);
      expect(connections.map((pc) => pc.signalingState)).to.deep.equal(['closed', 'closed']);
      expect(timers.pending()).to.deep.equal([]);
    } finally {
      timers.restore();
    }
  });
});
