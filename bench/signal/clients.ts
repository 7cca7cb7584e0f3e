/** The load generator's clients: one WebSocket each, paired, playing a negotiation script. */
import WebSocket from 'ws';
import { sideScript, type SideScript } from '../sdp.js';
import { now, count } from './util.js';
import type { ServerGroup } from './servers.js';
import type { Step, Adapter } from './adapters.js';
import type { RunState } from './run.js';

/** A small pool of payload scripts: realistic, varied, and cheap to hold for 100k connections. */
export const SCRIPTS: SideScript[] = Array.from({ length: 64 }, () => sideScript());

export class BenchClient {
  ws: WebSocket | undefined;
  /** Own peer id: chosen by the client for PeerJS, assigned in `welcome` by ours. */
  id: string;
  readonly token = Math.random().toString(36).slice(2);
  readonly connectionId = `mc_${Math.random().toString(36).slice(2)}`;
  partnerId = '';
  tStart = 0;
  tOpen = 0;
  tReady = 0;
  ready = false;
  closed = false;
  seq = 0;
  lastKeepalive = 0;
  /** The source address to connect from (in 127.0.0.0/8), when not the system's choice. */
  localAddress: string | undefined;
  readonly script: SideScript;
  private onReady: (() => void) | undefined;

  constructor(
    readonly index: number,
    readonly room: string,
    readonly name: string,
    presetId: string,
  ) {
    this.id = presetId;
    this.script = SCRIPTS[index % SCRIPTS.length]!;
  }

  get usable(): boolean {
    return this.ready && !this.closed && this.ws?.readyState === WebSocket.OPEN;
  }

  markReady(at: number): void {
    if (this.ready) return;
    this.ready = true;
    this.tReady = at;
    this.onReady?.();
  }

  /** Opens the socket and joins; resolves when ready, failed or timed out (never rejects). */
  connect(adapter: Adapter, server: ServerGroup, run: RunState): Promise<void> {
    return new Promise((done) => {
      let settled = false;
      const settle = () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.onReady = undefined;
        done();
      };
      const timer = setTimeout(() => {
        count(run.connectFailures, 'timeout (15 s)');
        settle();
      }, 15_000);
      this.onReady = settle;
      this.tStart = now();
      const ws = new WebSocket(adapter.url(server, this), {
        handshakeTimeout: 10_000,
        ...(this.localAddress ? { localAddress: this.localAddress } : {}),
      });
      this.ws = ws;
      ws.on('open', () => {
        this.tOpen = now();
        this.lastKeepalive = this.tOpen;
        adapter.onOpen(this);
      });
      ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
        const at = now();
        if (isBinary || !Buffer.isBuffer(data)) {
          count(run.other, 'binary frame');
          return;
        }
        let message: unknown;
        try {
          message = JSON.parse(data.toString('utf8'));
        } catch {
          count(run.other, 'unparseable frame');
          return;
        }
        adapter.onMessage(this, message, at, run);
      });
      ws.on('error', (error: Error) => {
        if (!this.ready) count(run.connectFailures, error.message.slice(0, 80));
        else count(run.socketErrors, error.message.slice(0, 80));
        settle();
      });
      ws.on('close', (code: number) => {
        this.closed = true;
        if (!run.closing) count(run.closes, `${code}${this.ready ? '' : ' (before ready)'}`);
        settle();
      });
    });
  }
}

export interface Pair {
  a: BenchClient;
  b: BenchClient;
  step: number;
}

/** One negotiation: A offers, B answers, each trickles three candidates. */
export const SCRIPT: ReadonlyArray<[side: 'a' | 'b', step: Step, index: number]> = [
  ['a', 'offer', 0],
  ['b', 'answer', 0],
  ['a', 'candidate', 0],
  ['b', 'candidate', 0],
  ['a', 'candidate', 1],
  ['b', 'candidate', 1],
  ['a', 'candidate', 2],
  ['b', 'candidate', 2],
];
