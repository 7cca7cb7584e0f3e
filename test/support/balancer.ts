/**
 * A TCP load balancer for tests: one port on 127.0.0.1 in front of several servers. Each new
 * connection goes to the next backend in turn; a backend that refuses it (a killed process) is
 * skipped for the next, as a load balancer without health checks does on a connect failure.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface Balancer {
  port: number;
  /** The backend port each accepted connection went to, in order (undefined: none answered). */
  routed: Array<number | undefined>;
  close(): Promise<void>;
}

export async function startBalancer(backends: readonly number[]): Promise<Balancer> {
  const sockets = new Set<Socket>();
  const routed: Array<number | undefined> = [];
  let next = 0;
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('error', () => undefined);
    client.on('close', () => sockets.delete(client));
    client.pause();
    const slot = routed.push(undefined) - 1;
    const first = next++ % backends.length;
    const attempt = (tried: number): void => {
      if (tried === backends.length || client.destroyed) {
        client.destroy();
        return;
      }
      const port = backends[(first + tried) % backends.length]!;
      const upstream = connect(port, '127.0.0.1');
      sockets.add(upstream);
      upstream.once('error', () => {
        if (upstream.connecting || routed[slot] === undefined) {
          upstream.destroy();
          sockets.delete(upstream);
          attempt(tried + 1);
        }
      });
      upstream.once('connect', () => {
        routed[slot] = port;
        upstream.on('error', () => undefined);
        upstream.on('close', () => {
          sockets.delete(upstream);
          client.destroy();
        });
        client.on('close', () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    attempt(0);
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('balancer: no port');
  return {
    port: address.port,
    routed,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
