/** The two protocols under test: how a load-generator client speaks to our server and to PeerJS's. */
import { join } from 'node:path';
import {
  DEFAULT_SIGNAL_PATH,
  type ClientMessage,
  type RelayRequest,
  type ServerMessage,
} from '../../src/core/protocol.js';
import type { ServerKey, Options } from './options.js';
import { count } from './util.js';
import { here, repoRoot, processFor, type ServerGroup } from './servers.js';
import type { BenchClient } from './clients.js';
import type { RunState } from './run.js';

export type Step = 'offer' | 'answer' | 'candidate';

export interface Adapter {
  key: ServerKey;
  label: string;
  /** What "ready" means in the join-time rows. */
  readyName: string;
  defaultPath: string;
  script(): string;
  args(port: number, opts: Options): string[];
  /** Runs with a private redis-server (`--redis`), whose CPU and memory are counted. */
  redis?: boolean;
  /** Signaling processes sharing that Redis (1 when absent); a pair's clients go to different ones. */
  processes?: number;
  url(server: ServerGroup, client: BenchClient): string;
  onOpen(client: BenchClient): void;
  onMessage(client: BenchClient, message: unknown, at: number, run: RunState): void;
  encode(client: BenchClient, step: Step, index: number, t: number): string;
  /**
   * Client-side keepalive as the real client does it, called every 250 ms per connection. Ours:
   * nothing (the server pings, `ws` answers pongs by itself, as browsers do). PeerJS: HEARTBEAT.
   */
  keepalive(client: BenchClient, at: number): void;
}

/** Our protocol v1 (`/work/shared/PROTOCOL.md`, `src/core/protocol.ts`). */
export const ours: Adapter = {
  key: 'ours',
  label: 'ours (dev-server)',
  readyName: 'welcome',
  defaultPath: DEFAULT_SIGNAL_PATH,
  script: () => join(repoRoot, 'dist', 'dev-server', 'cli.js'),
  args: (port) => ['--port', String(port), '--host', '127.0.0.1'],
  url: (server, client) => {
    const target = processFor(server, client.index);
    return `ws://127.0.0.1:${target.port}${target.path}`;
  },
  onOpen(client) {
    const join: ClientMessage = { type: 'join', data: { room: client.room, name: client.name } };
    client.ws?.send(JSON.stringify(join));
  },
  onMessage(client, raw, at, run) {
    const message = raw as ServerMessage;
    switch (message.type) {
      case 'welcome': {
        client.id = message.data.id;
        const partner = message.data.peers[0];
        if (partner) client.partnerId = partner.id;
        client.markReady(at);
        return;
      }
      case 'peer-joined':
        client.partnerId ||= message.from;
        return;
      case 'offer':
      case 'answer':
      case 'ice-candidate': {
        const data = message.data as { t?: unknown } | null;
        run.received(client, message.from, data && typeof data.t === 'number' ? data.t : NaN, at);
        return;
      }
      case 'error':
        count(run.errors, `${message.data.code}${message.data.ref ? ` (ref ${message.data.ref})` : ''}`);
        if (message.data.ref === 'offer' || message.data.ref === 'answer' || message.data.ref === 'ice-candidate') {
          run.refused++;
        }
        return;
      default:
        count(run.other, String((message as { type?: unknown }).type));
    }
  },
  encode(client, step, index, t) {
    const seq = client.seq++;
    const s = client.script;
    let message: RelayRequest;
    if (step === 'candidate') {
      const data = {
        candidate: s.candidates[index]!,
        sdpMid: '0',
        sdpMLineIndex: 0,
        usernameFragment: s.ice.ufrag,
        t,
        seq,
      };
      message = { type: 'ice-candidate', to: client.partnerId, data };
    } else {
      const data = { type: step, sdp: step === 'offer' ? s.offer : s.answer, t, seq };
      message = { type: step, to: client.partnerId, data };
    }
    return JSON.stringify(message);
  },
  keepalive() {
    /* The server pings every --heartbeat-ms (default 10 s); ws answers with a pong by itself. */
  },
};

/** What the PeerJS server sends and relays (`node_modules/peer/dist/module.mjs`). */
export interface PeerJsMessage {
  type: string;
  src?: string;
  dst?: string;
  payload?: { t?: unknown; msg?: unknown } | null;
}

/**
 * PeerJS (`peer` 1.0.2): ws://host:port/peerjs?key=peerjs&id=ID&token=TOKEN; the server answers
 * `{type:"OPEN"}` on registration, and relays OFFER / ANSWER / CANDIDATE to `dst` with `src` set.
 * Payloads are shaped as the PeerJS client sends them (`sdp` / `candidate`, `type`, `connectionId`).
 */
export const peerjs: Adapter = {
  key: 'peerjs',
  label: 'PeerJS (peer 1.0.2)',
  readyName: 'OPEN',
  defaultPath: '/peerjs',
  script: () => join(here, 'peerjs-server.js'),
  args: (port, opts) => [
    '--port',
    String(port),
    '--host',
    '127.0.0.1',
    '--concurrent-limit',
    String(Math.max(5000, opts.connections + 100)),
  ],
  url: (server, client) => {
    const target = processFor(server, client.index);
    return `ws://127.0.0.1:${target.port}${target.path}?key=peerjs&id=${client.id}&token=${client.token}`;
  },
  onOpen() {
    /* PeerJS registers the id from the URL; nothing to send. */
  },
  onMessage(client, raw, at, run) {
    const message = raw as PeerJsMessage;
    switch (message.type) {
      case 'OPEN':
        client.markReady(at);
        return;
      case 'OFFER':
      case 'ANSWER':
      case 'CANDIDATE': {
        const t = message.payload?.t;
        run.received(client, message.src ?? '', typeof t === 'number' ? t : NaN, at);
        return;
      }
      case 'ERROR':
      case 'ID-TAKEN':
        count(run.errors, `${message.type}: ${String(message.payload?.msg ?? '')}`);
        return;
      default:
        count(run.other, String(message.type));
    }
  },
  encode(client, step, index, t) {
    const seq = client.seq++;
    const s = client.script;
    const connectionId = client.connectionId;
    let message: { type: string; dst: string; payload: unknown };
    if (step === 'candidate') {
      message = {
        type: 'CANDIDATE',
        dst: client.partnerId,
        payload: {
          candidate: { candidate: s.candidates[index]!, sdpMid: '0', sdpMLineIndex: 0, usernameFragment: s.ice.ufrag },
          type: 'media',
          connectionId,
          t,
          seq,
        },
      };
    } else {
      message = {
        type: step === 'offer' ? 'OFFER' : 'ANSWER',
        dst: client.partnerId,
        payload: {
          sdp: { type: step, sdp: step === 'offer' ? s.offer : s.answer },
          type: 'media',
          connectionId,
          t,
          seq,
        },
      };
    }
    return JSON.stringify(message);
  },
  keepalive(client, at) {
    // The PeerJS client sends {"type":"HEARTBEAT"} every `pingInterval` (5 s by default) after
    // open; the server closes a client silent for `alive_timeout` (60 s in its CLI).
    if (at - client.lastKeepalive >= PEERJS_PING_INTERVAL_MS) {
      client.lastKeepalive = at;
      client.ws!.send(HEARTBEAT);
    }
  },
};
export const PEERJS_PING_INTERVAL_MS = 5000;
export const HEARTBEAT = JSON.stringify({ type: 'HEARTBEAT' });

/** Ours with `--redis`, one process: what Redis mode costs on its own. */
export const oursRedis: Adapter = { ...ours, key: 'redis', label: 'ours, Redis, 1 process', redis: true };

/** Ours, two processes sharing Redis, every pair split across them. */
export const oursTwo: Adapter = { ...ours, key: 'two', label: 'ours, Redis, 2 processes', redis: true, processes: 2 };

export const ADAPTERS: Record<ServerKey, Adapter> = { ours, redis: oursRedis, two: oursTwo, peerjs };
