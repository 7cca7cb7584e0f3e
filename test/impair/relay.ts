/**
 * A UDP relay in user space that delays what it forwards, with jitter: the kernel here has no
 * netem, so this is how a participant's path gets a long and uneven round trip. It listens on
 * 127.0.0.1 (the page's TURN URL points at it) and forwards to `target` from `bindAddress` (the
 * participant's end of its veth pair, network.ts), so the delayed packets then cross the pair and
 * its rate cap and losses. Each datagram waits `delay ± jitter` ms (uniform), each way, on its
 * own, so packets can overtake each other as they do on a jittery link (netem does the same).
 * One upstream socket per client address: the TURN server sees one 5-tuple per client.
 */
import dgram from 'node:dgram';

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
  const later = (send: () => void) => {
    const wait = delay + (Math.random() * 2 - 1) * jitter;
    if (wait <= 0) return send();
    const timer = setTimeout(() => {
      pending.delete(timer);
      send();
    }, wait);
    pending.add(timer);
  };
  const front = dgram.createSocket('udp4');
  front.on('error', () => undefined);
  const upstream = new Map<string, dgram.Socket>();
  front.on('message', (message, from) => {
    const key = `${from.address}:${from.port}`;
    let socket = upstream.get(key);
    if (!socket) {
      const up = dgram.createSocket('udp4');
      // A link that is down: the send fails (no route); the packet is lost, as it would be.
      up.on('error', () => undefined);
      up.on('message', (reply) => later(() => front.send(reply, from.port, from.address, () => undefined)));
      up.bind(0, bindAddress);
      upstream.set(key, up);
      socket = up;
    }
    const up = socket;
    later(() => up.send(message, target.port, target.address, () => undefined));
  });
  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.bind(0, '127.0.0.1', () => resolve());
  });
  return {
    port: front.address().port,
    setDelay(delayMs: number, jitterMs = 0) {
      if (!(delayMs >= 0 && jitterMs >= 0 && jitterMs <= delayMs))
        throw new RangeError(`need 0 <= jitter <= delay, not ${delayMs} ± ${jitterMs}`);
      delay = delayMs;
      jitter = jitterMs;
    },
    async close() {
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
      const sockets = [front, ...upstream.values()];
      upstream.clear();
      await Promise.all(sockets.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}
