/**
 * The delay relays (relay.ts) in a process of their own, so that the test's own work (driving the
 * browsers) never delays a packet: a busy relay in the test's event loop added enough jitter to
 * hold a clean call's bandwidth estimate at a fifth of its level.
 *
 *   node relay-main.js <target address>:<port>/<bind address> …   one relay per argument
 *
 * Prints one JSON line, the relays' ports in order, then reads JSON lines on stdin:
 * `{"index": 0, "delayMs": 150, "jitterMs": 30}`, each answered by a line `ok <index>`.
 */
import { createInterface } from 'node:readline';
import { startDelayRelay } from './relay.js';

const relays = await Promise.all(
  process.argv.slice(2).map((spec) => {
    const [target, bind] = spec.split('/') as [string, string];
    const [address, port] = target.split(':') as [string, string];
    return startDelayRelay({ address, port: Number(port) }, bind);
  }),
);
console.log(JSON.stringify(relays.map((r) => r.port)));
for await (const line of createInterface({ input: process.stdin })) {
  const { index, delayMs, jitterMs } = JSON.parse(line) as { index: number; delayMs: number; jitterMs: number };
  relays[index]!.setDelay(delayMs, jitterMs);
  console.log(`ok ${index}`);
}
await Promise.all(relays.map((r) => r.close()));
