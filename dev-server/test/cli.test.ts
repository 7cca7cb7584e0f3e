/** The rtc-signal CLI as a real process. */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import { CLI_PATH, startServerProcess } from '../../test/support/index.js';
import { WebSocket } from 'ws';
import { TestClient, closeAll } from './helpers.js';

const run = promisify(execFile);

describe('rtc-signal', () => {
  test('prints its URL and configuration, serves, and exits 0 on SIGTERM after closing sockets with 1001', async () => {
    const server = await startServerProcess(['--log-level', 'info', '--max-peers-per-room', '3'], { RTC_RATE: '20' });
    const clients: TestClient[] = [];
    try {
      const listening = server.logs.find((line) => line.msg === 'listening')!;
      const config = listening.config as Record<string, unknown>;
      assert.equal(config.maxPeersPerRoom, 3);
      assert.equal(config.rate, 20);
      assert.equal(config.maxFrameBytes, 65536);
      assert.match(server.url, /^ws:\/\/127\.0\.0\.1:\d+\/signal$/);
      assert.equal((await fetch(`${server.httpUrl}/healthz`)).status, 200);
      const a = await TestClient.open(server.url);
      const b = await TestClient.open(server.url);
      clients.push(a, b);
      await a.join('cli');
      await b.join('cli');
      const exit = server.stop('SIGTERM');
      const [closeA, closeB] = await Promise.all([a.closed, b.closed]);
      assert.equal(closeA.code, 1001);
      assert.equal(closeA.reason, 'server shutting down');
      assert.equal(closeB.code, 1001);
      assert.equal(await exit, 0);
    } finally {
      await closeAll(clients);
      await server.stop('SIGKILL');
    }
  });

  test('bad configuration exits 2 with a message', async () => {
    await assert.rejects(
      run(process.execPath, [CLI_PATH, '--max-peers-per-room', 'many']),
      (error: { code: number; stderr: string }) => {
        assert.equal(error.code, 2);
        assert.match(error.stderr, /max-peers-per-room/);
        return true;
      },
    );
    await assert.rejects(run(process.execPath, [CLI_PATH, '--bogus']), (error: { code: number }) => error.code === 2);
  });

  test('--help lists every option with its environment variable', async () => {
    const { stdout } = await run(process.execPath, [CLI_PATH, '--help']);
    assert.match(stdout, /--max-peers-per-room\s+RTC_MAX_PEERS_PER_ROOM/);
    assert.match(stdout, /--redis\s+RTC_REDIS_URL/);
  });
});

test('the server outlives a closed log pipe (EPIPE on stdout)', async () => {
  const child = spawn(process.execPath, [CLI_PATH, '--port', '0', '--host', '127.0.0.1', '--log-level', 'debug'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk;
        const match = /"httpUrl":"([^"]+)"/.exec(out);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    // Whoever read the logs goes away; the next log lines hit a closed pipe.
    child.stdout!.destroy();
    child.stderr!.destroy();
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${url}/healthz`);
      assert.equal(response.status, 200);
      await response.arrayBuffer();
      const socket = new WebSocket(`${url.replace('http', 'ws')}/signal`);
      await new Promise((resolve, reject) => {
        socket.once('open', resolve);
        socket.once('error', reject);
      });
      socket.terminate();
    }
    assert.equal(child.exitCode, null, 'the server died when its stdout closed');
  } finally {
    child.kill('SIGKILL');
  }
});
