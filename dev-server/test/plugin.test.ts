/** The @web/dev-server plugin on a real dev server: signaling shares the port with /wds. */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startDevServer } from '@web/dev-server';
import { signalingPlugin } from '../plugin.js';
import { TestClient, closeAll } from './helpers.js';

test('the plugin serves signaling, /healthz and /metrics on the dev server port', async () => {
  const rootDir = await mkdtemp(join(tmpdir(), 'rtc-wds-'));
  const plugin = signalingPlugin({ logLevel: 'error' });
  const devServer = await startDevServer({
    config: { rootDir, port: 0, hostname: '127.0.0.1', plugins: [plugin], watch: false },
    readCliArgs: false,
    readFileConfig: false,
    autoExitProcess: false,
    logStartMessage: false,
  });
  const clients: TestClient[] = [];
  try {
    const address = devServer.server!.address();
    assert.ok(address && typeof address === 'object');
    const base = `127.0.0.1:${address.port}`;
    const health = await fetch(`http://${base}/healthz`);
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { status: string }).status, 'ok');
    assert.match(await (await fetch(`http://${base}/metrics`)).text(), /rtc_signal_connections/);

    // The dev server's own socket still works next to ours.
    const wds = await TestClient.open(`ws://${base}/wds`);
    clients.push(wds);

    const a = await TestClient.open(`ws://${base}/signal`);
    const b = await TestClient.open(`ws://${base}/signal?x=1`);
    clients.push(a, b);
    const welcomeA = await a.join('wds-room');
    const welcomeB = await b.join('wds-room');
    assert.deepEqual(
      welcomeB.peers.map((peer) => peer.id),
      [welcomeA.id],
    );
    b.send({ type: 'offer', to: welcomeA.id, data: { type: 'offer', sdp: 'x' } });
    await a.next('peer-joined');
    assert.equal((await a.next('offer')).from, welcomeB.id);
    assert.equal(plugin.signaling.health().connections, 2);
  } finally {
    await closeAll(clients);
    await devServer.stop();
    await rm(rootDir, { recursive: true, force: true });
  }
  assert.equal(plugin.signaling.health().status, 'shutting-down');
});
