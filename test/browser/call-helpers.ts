/** Helpers of the browser tests that hold real calls with the core's `Room`. */
import { sendMouse } from '@web/test-runner-commands';
import { type Participant, Room } from '../../src/core/index.js';
import { eventually, receivesMedia, uniqueRoom } from './helpers.js';

export interface Pair {
  a: Room;
  b: Room;
  /** Bo as Ada sees him, and Ada as Bo sees her. */
  aSeesB: Participant;
  bSeesA: Participant;
}

/** Ada and Bo in one call through the real server, each receiving the other's media. `keep` gets each room (to leave it later). */
export async function joinedPair(prefix: string, keep: (room: Room) => void): Promise<Pair> {
  const name = uniqueRoom(prefix);
  const a = new Room({ room: name, name: 'Ada' });
  const b = new Room({ room: name, name: 'Bo' });
  keep(a);
  keep(b);
  await a.join();
  await b.join();
  await eventually(
    () => [a, b].every((r) => [...r.remote.values()].some((p) => p.connectionState === 'connected')),
    'the pair did not connect',
  );
  const aSeesB = [...a.remote.values()][0]!;
  const bSeesA = [...b.remote.values()][0]!;
  await receivesMedia(bSeesA.peerConnection!, 'Bo from Ada');
  return { a, b, aSeesB, bSeesA };
}

/**
 * Runs `action` inside a real click (from the test runner, so the browser counts it as a user
 * gesture, as `getDisplayMedia` wants); resolves with the error it rejected with, or null.
 */
export async function inUserGesture(action: () => Promise<unknown>): Promise<Error | null> {
  const button = document.createElement('button');
  button.textContent = 'Go';
  let done: Promise<Error | null> = Promise.resolve(null);
  button.addEventListener('click', () => {
    done = action().then(
      () => null,
      (error: Error) => error,
    );
  });
  document.body.append(button);
  const box = button.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(box.x + 4), Math.round(box.y + 4)] });
  button.remove();
  return done;
}

/**
 * Why a test that shares a screen is skipped in Firefox: its fake devices are cameras and
 * microphones only (MediaManager allows a fake video device of the camera type alone, whatever the
 * prefs), and headless Firefox has no real screen, so `getDisplayMedia` rejects with NotFoundError.
 */
export const NO_FAKE_SCREEN = 'Firefox has no fake screen to share (its fake devices are cameras and microphones only)';

/**
 * Why the test of a browser with no screen to give is skipped where the browser always gives its
 * fake one (Chromium with --use-fake-ui-for-media-stream; WebKitGTK's mock screen).
 */
export const ALWAYS_A_SCREEN = 'this browser always gives its fake screen here: there is never no screen to share';
