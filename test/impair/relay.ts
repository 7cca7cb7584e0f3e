/**
 * A UDP relay in user space that delays what it forwards, with jitter: the kernel here has no
 * netem, so this is how a participant's path gets a long and uneven round trip. It listens on
 * 127.0.0.1 (the page's TURN URL points at it) and forwards to `target` from `bindAddress` (the
 * participant's end of its veth pair, network.ts), so the delayed packets then cross the pair and
 * its rate cap and losses. Each datagram waits `delay ± jitter` ms (uniform), each way, on its
 * own, so packets can overtake each other as they do on a jittery link (netem does the same).
 * One upstream socket per client address (test/support/udp-forward.ts): the TURN server sees one
 * 5-tuple per client.
 */
import { startUdpForwarder } from '../support/udp-forward.js';

export interface DelayRelay {
  /** The port clients send to, on 127.0.0.1. */
  readonly port: number;
  /** Sets the one-way delay and its jitter (ms) from now on; 0, 0: none. */
  setDelay(delayMs: number, jitterMs?: number): void;
  close(): Promise<void>;
}

export async function startDelayRelay(
  target: { address: string; port: number },
  bindAddress: string,
): Promise<DelayRelay> {
  let delay = 0;
  let jitter = 0;
  const pending = new Set<ReturnType<typeof setTimeout>>();
  const forwarder = await startUdpForwarder(target, bindAddress, (send) => {
    const wait = delay + (Math.random() * 2 - 1) * jitter;
    if (wait <= 0) return send();
    const timer = setTimeout(() => {
      pending.delete(timer);
      send();
    }, wait);
    pending.add(timer);
  });
  return {
    port: forwarder.port,
    setDelay(delayMs: number, jitterMs = 0) {
      if (!(delayMs >= 0 && jitterMs >= 0 && jitterMs <= delayMs))
        throw new RangeError(`need 0 <= jitter <= delay, not ${delayMs} ± ${jitterMs}`);
      delay = delayMs;
      jitter = jitterMs;
    },
    async close() {
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
      await forwarder.close();
    },
  };
}
