/** Shared helpers of the browser tests: real stats, real events, generous deadlines. */

/** A room name no other test uses. */
export function uniqueRoom(prefix = 'test'): string {
  return `${prefix}-${crypto.getRandomValues(new Uint32Array(2)).join('-')}`;
}

/**
 * Resolves once `check` returns a truthy value, polling every `interval` ms; rejects after
 * `timeout` with `message`. For conditions no event announces (stats counters).
 */
export async function eventually<T>(
  check: () => T | Promise<T>,
  message: string,
  { timeout = 30_000, interval = 100 } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`${message} (not within ${timeout} ms${last ? `; last error: ${String(last)}` : ''})`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/** Inbound RTP counters of one peer connection, summed over its receivers. */
export async function inbound(pc: RTCPeerConnection): Promise<{ framesDecoded: number; audioPackets: number }> {
  let framesDecoded = 0;
  let audioPackets = 0;
  const stats = await pc.getStats();
  stats.forEach((report) => {
    if (report.type !== 'inbound-rtp') return;
    if (report.kind === 'video') framesDecoded += report.framesDecoded ?? 0;
    if (report.kind === 'audio') audioPackets += report.packetsReceived ?? 0;
  });
  return { framesDecoded, audioPackets };
}

/**
 * Resolves once `pc` has decoded video frames and received audio packets, and the frame count
 * has kept rising (so frames keep arriving, not just one).
 */
export async function receivesMedia(pc: RTCPeerConnection, what: string, { audio = true } = {}): Promise<void> {
  const first = await eventually(
    async () => {
      const counters = await inbound(pc);
      return counters.framesDecoded > 0 && (!audio || counters.audioPackets > 0) ? counters : null;
    },
    `${what}: no decoded video frames${audio ? ' and audio packets' : ''}`,
  );
  await eventually(
    async () => (await inbound(pc)).framesDecoded > first.framesDecoded,
    `${what}: decoded frames stopped rising`,
  );
}

/**
 * Records every stream the page's real `getUserMedia` hands out (it still does all the work), so
 * a test can check that each was released. `restore()` puts the original back.
 */
export function recordUserMedia(): { streams: MediaStream[]; live(): MediaStreamTrack[]; restore(): void } {
  const devices = navigator.mediaDevices;
  const original = devices.getUserMedia;
  const streams: MediaStream[] = [];
  devices.getUserMedia = async function (this: MediaDevices, constraints?: MediaStreamConstraints) {
    const stream = await original.call(this, constraints);
    streams.push(stream);
    return stream;
  };
  return {
    streams,
    live: () => streams.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live'),
    restore: () => {
      devices.getUserMedia = original;
    },
  };
}

/**
 * The real `getUserMedia`, answered only once `release()` is called: a person still looking at the
 * permission prompt. `restore()` puts the page's own back.
 */
export function holdUserMedia(): { release(): void; restore(): void } {
  const devices = navigator.mediaDevices;
  const original = devices.getUserMedia;
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  devices.getUserMedia = async function (this: MediaDevices, constraints?: MediaStreamConstraints) {
    await released;
    return original.call(this, constraints);
  };
  return {
    release,
    restore: () => {
      devices.getUserMedia = original;
    },
  };
}

/** Resolves with the next event of `type` on `target` matching `filter`; rejects after `timeout`. */
export function nextEvent<E extends Event>(
  target: EventTarget,
  type: string,
  filter: (event: E) => boolean = () => true,
  timeout = 30_000,
): Promise<E> {
  return new Promise<E>((resolve, reject) => {
    const timer = setTimeout(() => {
      target.removeEventListener(type, listener);
      reject(new Error(`no matching ${type} event within ${timeout} ms`));
    }, timeout);
    function listener(event: Event) {
      if (!filter(event as E)) return;
      clearTimeout(timer);
      target.removeEventListener(type, listener);
      resolve(event as E);
    }
    target.addEventListener(type, listener);
  });
}

// Lit's development build warns about misuse (an update scheduled after an update, a reactive
// property shadowed by a class field, …). Such a warning fails the test that caused it.
const litWarnings: string[] = [];
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  const text = args.map(String).join(' ');
  if (text.includes('lit.dev/msg/') && !text.includes('lit.dev/msg/dev-mode')) litWarnings.push(text);
  warn(...args);
};
afterEach(function failOnLitWarnings() {
  if (litWarnings.length) throw new Error(`Lit warned:\n${litWarnings.splice(0).join('\n')}`);
});
