/**
 * A web-test-runner plugin for the SFU tests (web-test-runner.sfu.config.mjs, run inside the
 * private network namespace of scripts/netns.mjs): it starts a real Janus from Debian's package
 * (ICE on the namespace's veth end, its API on 127.0.0.1) when the run starts, and lets tests
 * drive it through `executeServerCommand`:
 *
 * - `rtc-janus-room` `{ tokens }` → `{ url, room, tokens }`: a VideoRoom made through the API
 *   (`create` with the admin key) whose access list is `tokens` new random tokens, one per
 *   participant: the route each page's `janusTransportFor` is given.
 * - `rtc-janus-kill`: SIGKILL Janus (every session and room on it is gone; browsers see their
 *   WebSocket close). `rtc-janus-start`: a fresh Janus on the same port, with the rooms made again
 *   (as the signaling server does after a restart), so the clients' routes hold.
 *
 * - `rtc-janus-signaling` `{ sfuAbove }` → `{ url }`: an `rtc-signal` process with `--janus` on
 *   this Janus and `--sfu-above sfuAbove` (default 0; one process per value for the run): rooms
 *   whose clients join with `media: 'sfu'`, or `auto` rooms past `sfuAbove`, go through Janus,
 *   with the server's own rooms, tokens and routes.
 *
 * Everything listens on 127.0.0.1 (Janus's media on the namespace's 127.0.0.2).
 */
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { type JanusProcess, launchJanus } from '../../dev-server/janus/launch.js';
import { type ServerProcess, startServerProcess } from '../support/index.js';

interface Made {
  room: number;
  tokens: string[];
}

/** Sends one request on a fresh Janus session and resolves with its answer (`success` or the plugin's). */
async function videoRoomRequest(url: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const socket = new WebSocket(url, 'janus-protocol');
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  let n = 0;
  const ask = (message: Record<string, unknown>) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const transaction = `t${++n}`;
      const onMessage = (text: WebSocket.RawData) => {
        const answer = JSON.parse(String(text)) as Record<string, unknown>;
        if (answer.transaction !== transaction || answer.janus === 'ack') return;
        socket.off('message', onMessage);
        if (answer.janus === 'error') reject(new Error(JSON.stringify(answer.error)));
        else resolve(answer);
      };
      socket.on('message', onMessage);
      socket.send(JSON.stringify({ ...message, transaction }));
    });
  try {
    const session = ((await ask({ janus: 'create' })).data as { id: number }).id;
    const attached = await ask({ janus: 'attach', session_id: session, plugin: 'janus.plugin.videoroom' });
    const handle = (attached.data as { id: number }).id;
    const answer = await ask({ janus: 'message', session_id: session, handle_id: handle, body });
    const data = (answer.plugindata as { data: Record<string, unknown> }).data;
    if (data.error_code) throw new Error(`Janus refused ${String(body.request)}: ${String(data.error)}`);
    await ask({ janus: 'destroy', session_id: session });
    return data;
  } finally {
    socket.close();
  }
}

export function janusPlugin() {
  let janus: JanusProcess | null = null;
  let port = 0;
  let adminKey = '';
  const rooms: Made[] = [];
  /** The signaling processes, by their `--sfu-above`. */
  const signaling = new Map<number, Promise<ServerProcess>>();

  const start = async () => {
    janus = await launchJanus({
      host: '127.0.0.1',
      ...(port && { port, adminKey }),
      iceInterfaces: process.env.RTC_SFU_INTERFACE ?? 'rtc0',
    });
    port = Number(new URL(janus.url).port);
    adminKey = janus.adminKey;
  };

  const create = ({ room, tokens }: Made) =>
    videoRoomRequest(janus!.url, {
      request: 'create',
      admin_key: adminKey,
      room,
      is_private: true,
      publishers: 16,
      bitrate: 1_500_000,
      videocodec: 'vp8',
      audiocodec: 'opus',
      audiolevel_event: false,
      allowed: tokens,
    });

  return {
    name: 'rtc-janus',
    async serverStart() {
      await start();
    },
    async serverStop() {
      for (const server of signaling.values()) await (await server.catch(() => null))?.stop();
      await janus?.stop();
    },
    async executeCommand({ command, payload }: { command: string; payload?: unknown }) {
      switch (command) {
        case 'rtc-janus-room': {
          const count = Number((payload as { tokens?: number } | undefined)?.tokens ?? 4);
          const made = {
            room: 1 + randomBytes(4).readUInt32BE(),
            tokens: Array.from({ length: count }, () => randomBytes(12).toString('base64url')),
          };
          await create(made);
          rooms.push(made);
          return { url: janus!.url, ...made };
        }
        case 'rtc-janus-signaling': {
          const above = Number((payload as { sfuAbove?: number } | undefined)?.sfuAbove ?? 0);
          if (!signaling.has(above))
            signaling.set(
              above,
              startServerProcess([
                '--janus',
                janus!.url,
                '--janus-admin-key',
                adminKey,
                '--sfu-above',
                String(above),
                '--log-level',
                'warn',
              ]),
            );
          return { url: (await signaling.get(above)!).url };
        }
        case 'rtc-janus-kill':
          // Killed at once (no goodbye to anyone), then waited for and its directory removed.
          janus?.process.kill('SIGKILL');
          await janus?.stop();
          janus = null;
          return true;
        case 'rtc-janus-start':
          // Running already (a test that failed before it killed it): nothing to do.
          if (janus) return { url: janus.url };
          await start();
          for (const room of rooms) await create(room);
          return { url: janus!.url };
        default:
          return undefined;
      }
    },
  };
}
