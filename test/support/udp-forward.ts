/**
 * A UDP forwarder on 127.0.0.1 in front of one target, both ways, for the proxies of the tests
 * that make a path lossy (test/plugins/lossy-udp.ts) or slow (test/impair/relay.ts). Each client
 * address gets its own upstream socket (bound to `bindAddress`), so the target sees one 5-tuple
 * per client, as it would without it. `pass` decides what becomes of each datagram, either way:
 * it calls `send` now, later, or never.
 */
import dgram from 'node:dgram';

export interface UdpForwarder {
  /** The port clients send to, on 127.0.0.1. */
  readonly port: number;
  close(): Promise<void>;
}

export async function startUdpForwarder(
  target: { address: string; port: number },
  bindAddress: string,
  pass: (send: () => void) => void,
): Promise<UdpForwarder> {
  const front = dgram.createSocket('udp4');
  front.on('error', () => undefined);
  const upstream = new Map<string, dgram.Socket>();
  front.on('message', (message, from) => {
    const key = `${from.address}:${from.port}`;
    let up = upstream.get(key);
    if (!up) {
      const socket = dgram.createSocket('udp4');
      // A send that fails (a link that is down: no route) loses the datagram, as the network would.
      socket.on('error', () => undefined);
      socket.on('message', (reply) => pass(() => front.send(reply, from.port, from.address, () => undefined)));
      socket.bind(0, bindAddress);
      upstream.set(key, socket);
      up = socket;
    }
    const socket = up;
    pass(() => socket.send(message, target.port, target.address, () => undefined));
  });
  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.bind(0, '127.0.0.1', () => resolve());
  });
  return {
    port: front.address().port,
    async close() {
      const sockets = [front, ...upstream.values()];
      upstream.clear();
      await Promise.all(sockets.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}
