/**
 * A UDP proxy on 127.0.0.1 that drops a share of the datagrams it forwards, both ways: put in front
 * of a TURN server, it makes every relayed call through it lossy, as a bad network does, and the
 * share can change during the call (`setLoss`). Each client address gets its own upstream socket,
 * so the server sees one 5-tuple per client, as it would without the proxy.
 */
import dgram from 'node:dgram';

export interface LossyUdpProxy {
  /** The port clients send to. */
  readonly port: number;
  /** The share of datagrams dropped from now on, 0 to 1 (each way). */
  setLoss(share: number): void;
  /** Datagrams forwarded and dropped so far. */
  counts(): { forwarded: number; dropped: number };
  close(): Promise<void>;
}

export async function startLossyUdpProxy(targetPort: number, loss = 0): Promise<LossyUdpProxy> {
  if (!(loss >= 0 && loss <= 1)) throw new RangeError(`loss must be between 0 and 1, not ${loss}`);
  let share = loss;
  let forwarded = 0;
  let dropped = 0;
  const pass = () => {
    const ok = Math.random() >= share;
    if (ok) forwarded++;
    else dropped++;
    return ok;
  };
  const front = dgram.createSocket('udp4');
  front.on('error', () => undefined);
  const upstream = new Map<string, dgram.Socket>();
  front.on('message', (message, from) => {
    const key = `${from.address}:${from.port}`;
    let socket = upstream.get(key);
    if (!socket) {
      const up = dgram.createSocket('udp4');
      up.on('error', () => undefined);
      up.on('message', (reply) => {
        if (pass()) front.send(reply, from.port, from.address);
      });
      up.bind(0, '127.0.0.1');
      upstream.set(key, up);
      socket = up;
    }
    if (pass()) socket.send(message, targetPort, '127.0.0.1');
  });
  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.bind(0, '127.0.0.1', () => resolve());
  });
  return {
    port: front.address().port,
    setLoss(next: number) {
      if (!(next >= 0 && next <= 1)) throw new RangeError(`loss must be between 0 and 1, not ${next}`);
      share = next;
    },
    counts: () => ({ forwarded, dropped }),
    async close() {
      const sockets = [front, ...upstream.values()];
      upstream.clear();
      await Promise.all(sockets.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}
