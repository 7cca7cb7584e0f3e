/**
 * Starts the PeerJS server (`peer` package) as a library, for the load benchmark.
 *
 * Why not its CLI (`peerjs --port N`): the CLI writes a line to stdout for every connection and
 * disconnection, which would charge PeerJS with logging work our server does not do. This
 * wrapper is the CLI minus the logging: the same `PeerServer()` with the same defaults, except
 * the options the benchmark passes.
 *
 * Usage: node peerjs-server.js --port N --host 127.0.0.1 [--concurrent-limit N] [--alive-timeout MS]
 * Prints `PeerJS listening on ws://HOST:PORT/peerjs` when it accepts connections.
 */
import { parseArgs } from 'node:util';
import { PeerServer } from 'peer';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    'concurrent-limit': { type: 'string', default: '5000' },
    'alive-timeout': { type: 'string', default: '60000' },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port <= 0) {
  console.error('peerjs-server: --port N is required');
  process.exit(2);
}
const host = values.host ?? '127.0.0.1';
const server = PeerServer(
  {
    port,
    host,
    path: '/',
    concurrent_limit: Number(values['concurrent-limit']),
    alive_timeout: Number(values['alive-timeout']),
  },
  () => {
    console.log(`PeerJS listening on ws://${host}:${port}/peerjs`);
  },
);
server.on('error', (error: Error) => {
  console.error(`peerjs-server: ${error.message}`);
});
const stop = () => process.exit(0);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
