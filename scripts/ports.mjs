// A free TCP port on 127.0.0.1: the one helper every script, test and bench that starts a server
// uses (plain JavaScript, so scripts/ can use it without a build; TypeScript reads ports.d.mts).
import { createServer } from 'node:net';

/**
 * A free TCP port on 127.0.0.1 (asks the OS, then releases it). `taken`: ports handed out and
 * still in use (two servers started at once must not get the same one); the port returned is
 * added to it.
 */
export async function freePort(taken) {
  for (let attempt = 0; ; attempt++) {
    const port = await new Promise((resolve, reject) => {
      const server = createServer();
      server.unref();
      server.on('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        const port = typeof address === 'object' && address ? address.port : 0;
        server.close(() => resolve(port));
      });
    });
    if (!taken) return port;
    if (!taken.has(port) || attempt >= 20) {
      taken.add(port);
      return port;
    }
  }
}
