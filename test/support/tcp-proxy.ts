/** A TCP proxy for tests that break connections on purpose. */
import { connect, createServer, type Socket } from 'node:net';

/** A TCP proxy on 127.0.0.1 in front of a server, to break the connections through it. */
export interface TcpProxy {
  port: number;
  /**
   * Ends every connection through it at once, without a WebSocket close frame: both ends see the
   * connection lost (close 1006 in a browser). `destroy()`, not `resetAndDestroy()`: a reset
   * socket can leave Node spinning in its exit cleanup (found here: a node test file that used
   * it hung at exit, one run in ten, at 80 % CPU).
   */
  drop(): number;
  /** How many connections it has accepted since it started (dropped and refused ones included). */
  accepted(): number;
  /** Drops every connection and resets each new one until `restore()`: the server is unreachable. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let down = false;
  let accepted = 0;
  const server = createServer((client) => {
    accepted++;
    client.on('error', () => undefined);
    if (down) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const drop = (): number => {
    const count = sockets.size;
    for (const socket of [...sockets]) socket.destroy();
    return count;
  };
  return {
    port: (server.address() as { port: number }).port,
    drop,
    accepted: () => accepted,
    cut() {
      down = true;
      drop();
    },
    restore() {
      down = false;
    },
    async close() {
      drop();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
