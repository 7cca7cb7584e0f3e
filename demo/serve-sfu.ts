/**
 * `npm run start:sfu`: the demo (`npm start`, demo/serve.ts: PORT and HOST as there) with a Janus
 * from Debian's `janus` package (dev-server/janus/launch.ts: a private configuration in a temporary
 * directory, its WebSocket API on 127.0.0.1 on a free port, its admin key and secret generated, ICE
 * on this machine's interfaces), and the signaling server told `--janus` and `--sfu-above 1`: a
 * room of two or more in `auto` mode goes through Janus. Ctrl-C stops both.
 */
import { rmSync } from 'node:fs';
import { JANUS_BINARY, janusInstalled, launchJanus } from '../dev-server/janus/launch.js';
import { demoSignalingOptions } from './signaling-options.js';

if (!janusInstalled()) {
  console.error(`Janus is not installed (${JANUS_BINARY}). Install Debian's package: apt-get install janus`);
  process.exit(1);
}

const janus = await launchJanus({ host: '127.0.0.1' });
// However this process ends, Janus ends with it (Ctrl-C reaches both; this covers the rest).
process.once('exit', () => {
  janus.process.kill('SIGKILL');
  rmSync(janus.dir, { recursive: true, force: true });
});
Object.assign(demoSignalingOptions, { janus: [janus.url], janusAdminKey: janus.adminKey, sfuAbove: 1 });
console.log(`\n  Janus (the SFU): ${janus.url}; rooms of two or more in auto mode go through it.`);
await import('./serve.js');
