/** Helpers of the browser tests that hold real calls with the core's `Room`. */
import { sendMouse } from '@web/test-runner-commands';
import { type Participant, Room } from '../../src/core/index.js';
import { eventually, receivesMedia, uniqueRoom } from './helpers.js';
import { engine, skip } from './skip.js';

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

/** Why a check of a level measured with Web Audio is skipped in Firefox here. */
export const NO_WEB_AUDIO =
  'Firefox here has no audio output, so its AudioContext stays suspended and measures nothing';

let webAudio: Promise<boolean> | undefined;

/**
 * Skips the running test where Web Audio never runs: headless Firefox on a machine without a sound
 * device has no audio output, and never starts an `AudioContext` (it stays `suspended`, every
 * level it measures reads 0). Checked, not assumed: a Firefox whose context starts runs the test.
 * Every other engine runs it however slowly its context starts: the test waits for the level.
 */
export async function skipWithoutWebAudio(test: Mocha.Context): Promise<void> {
  if (engine !== 'firefox') return;
  webAudio ??= audioContextStarts(5_000);
  if (!(await webAudio)) skip(test, NO_WEB_AUDIO);
}

/** True when a new `AudioContext` is running within `ms`. */
async function audioContextStarts(ms: number): Promise<boolean> {
  const context = new AudioContext();
  const running = new Promise<boolean>((resolve) => {
    if (context.state === 'running') resolve(true);
    context.addEventListener('statechange', () => context.state === 'running' && resolve(true));
    context.resume().catch(() => resolve(false));
    setTimeout(() => resolve(false), ms);
  });
  const result = await running;
  void context.close().catch(() => undefined);
  return result;
}
