/**
 * A call through the impaired network (network.ts): the servers in V (a real `rtc-signal` and a
 * real coturn), one delay relay per participant (relay.ts), the page server, and one browser of
 * the engine asked for with a window per participant, each window an `<rtc-room>` (the CDN bundle)
 * that signals to ws://127.0.i.1 and sends its media relay-only through its relay to TURN: all of
 * participant i's traffic crosses its own veth pair. `readPage` reads what a test asserts.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { setPriority } from 'node:os';
import type { Browser } from 'puppeteer-core';
import { coturnArgs, turnserverPath } from '../support/coturn.js';
import { CLI_PATH } from '../support/server-process.js';
import { stopper, track, waitForLine } from '../support/processes.js';
import {
  FIREFOX_TEST_PREFS,
  launchChromium,
  launchFirefox,
  openPage,
  root,
  startStaticServer,
  type StaticServer,
  type TrackedPage,
} from '../node/browser-call.js';
import { ImpairedNetwork } from './network.js';

export type Engine = 'chromium' | 'firefox';

const TURN_PORT = 3478;
const TURN_USER = 'rtc';

/** Starts `args` in namespace `ns`, resolves once a stdout line matches; killed when this process exits. */
async function startIn<T>(
  ns: string,
  what: string,
  args: string[],
  ready: (line: string) => T | undefined,
): Promise<{ child: ChildProcess; value: T }> {
  const child = spawn('ip', ['netns', 'exec', ns, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  track(child);
  const value = await waitForLine(child, what, ready, 20_000);
  child.stdout!.resume();
  child.stderr!.resume();
  return { child, value };
}

/** The page: an `<rtc-room>` from the query, relay-only, with what a test reads kept on `window`. */
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Impaired call</title>
<style>body{margin:0}rtc-room{height:100vh}</style>
<script type="module">
  import '/rtc-elements.js';
  const q = new URLSearchParams(location.search);
  const room = document.createElement('rtc-room');
  room.rtcConfiguration = {
    iceTransportPolicy: 'relay',
    iceServers: [{ urls: q.get('turn'), username: q.get('user'), credential: q.get('secret') }],
  };
  window.quality = [];
  room.addEventListener('rtc-quality-change', (e) => {
    if (e.participant && !e.participant.local) window.quality.push(e.level);
  });
  room.server = q.get('server');
  room.room = q.get('room');
  room.name = q.get('name');
  document.body.append(room);
</script></head><body></body></html>`;

/** Counts every RTCPeerConnection the page makes (window.peerConnections), before any script runs. */
const COUNT_CONNECTIONS = () => {
  const Native = window.RTCPeerConnection;
  const w = window as unknown as { peerConnections: number; ice: string[] };
  w.peerConnections = 0;
  w.ice = [];
  const t0 = Date.now();
  window.RTCPeerConnection = class extends Native {
    constructor(configuration?: RTCConfiguration) {
      super(configuration);
      w.peerConnections++;
      this.addEventListener('iceconnectionstatechange', () =>
        w.ice.push(`${((Date.now() - t0) / 1000).toFixed(1)} ${this.iceConnectionState}`),
      );
    }
  } as typeof RTCPeerConnection;
};

function launch(engine: Engine): Promise<Browser> {
  // TURN (the relay) is on a loopback address, and the namespace has no default route.
  if (engine === 'chromium') return launchChromium(['--allow-loopback-in-peer-connection']);
  return launchFirefox({
    ...FIREFOX_TEST_PREFS,
    'permissions.default.camera': 1,
    'permissions.default.microphone': 1,
    'media.peerconnection.ice.obfuscate_host_addresses': false,
    'media.peerconnection.ice.default_address_only': false,
    'network.manage-offline-status': false,
  });
}

/** A participant's delay relay (relay.ts, in relay-main.ts's process). */
export interface DelayRelay {
  /** Its port on 127.0.0.1 (the page's TURN URL). */
  port: number;
  /** Sets its one-way delay and jitter, in ms; resolves once it applies. */
  setDelay(delayMs: number, jitterMs?: number): Promise<void>;
}

export interface ImpairedCall {
  network: ImpairedNetwork;
  /** Participant i's delay relay (index i - 1). */
  relays: DelayRelay[];
  /** Participant i's window (index i - 1). */
  pages: TrackedPage[];
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Starts the network, the servers and one window per name in `engine`, all in one room.
 * `delayed`: the participants (indexes) whose media goes through their delay relay (`relays[i]`);
 * `init`: a script to run in every window before the page's own.
 */
export async function startImpairedCall(
  engine: Engine,
  names: readonly string[],
  { delayed = [0], init }: { delayed?: readonly number[]; init?: () => void } = {},
): Promise<ImpairedCall> {
  const network = new ImpairedNetwork(names.length);
  const stops: Array<() => Promise<unknown>> = [async () => network.close()];
  const close = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
  };
  try {
    const secret = randomBytes(12).toString('hex');
    const turn = await startIn(
      network.ns,
      'coturn',
      [
        turnserverPath(),
        ...coturnArgs({
          listen: network.links.map((link) => link.remote),
          port: TURN_PORT,
          relayPorts: [40_000, 40_999],
          realm: 'impair.local',
          auth: ['--lt-cred-mech', `--user=${TURN_USER}:${secret}`],
        }),
      ],
      (line) => (line.includes('Total General servers') ? true : undefined),
    );
    stops.push(stopper(turn.child));
    // V has no address outside 127/8: 0.0.0.0 there is its pairs' ends and its own loopback.
    const signal = await startIn(
      network.ns,
      'rtc-signal',
      [process.execPath, CLI_PATH, '--port', '0', '--host', '0.0.0.0', '--log-level', 'warn'],
      (line) => {
        try {
          const record = JSON.parse(line) as { msg?: string; port?: number };
          return record.msg === 'listening' ? Number(record.port) : undefined;
        } catch {
          return undefined;
        }
      },
    );
    stops.push(stopper(signal.child));
    // The relays run in a process of their own (relay-main.ts), in S.
    const relayChild = spawn(
      process.execPath,
      [
        new URL('./relay-main.js', import.meta.url).pathname,
        ...network.links.map((link) => `${link.remote}:${TURN_PORT}/${link.local}`),
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    track(relayChild);
    // The relays are the network: ahead of the browsers for the CPU (root may raise a priority),
    // or a loaded machine's scheduling becomes jitter that holds the bandwidth estimate down.
    try {
      setPriority(relayChild.pid!, -10);
    } catch {
      // not allowed: the relays run at the tests' priority
    }
    stops.push(stopper(relayChild));
    const ports = await waitForLine(
      relayChild,
      'the delay relays',
      (line) => (line.startsWith('[') ? (JSON.parse(line) as number[]) : undefined),
      20_000,
    );
    relayChild.stdout!.setEncoding('utf8');
    const relays: DelayRelay[] = ports.map((port, index) => ({
      port,
      setDelay: (delayMs: number, jitterMs = 0) =>
        new Promise<void>((resolve) => {
          const onData = (chunk: string) => {
            if (!chunk.includes(`ok ${index}`)) return;
            relayChild.stdout!.off('data', onData);
            resolve();
          };
          relayChild.stdout!.on('data', onData);
          relayChild.stdin!.write(`${JSON.stringify({ index, delayMs, jitterMs })}\n`);
        }),
    }));
    const site: StaticServer = await startStaticServer({ dir: `${root}dist`, files: new Map([['/', PAGE]]) });
    stops.push(() => site.close());
    const browser = await launch(engine);
    stops.push(() => browser.close());
    const room = `impaired-${Date.now()}`;
    const pages: TrackedPage[] = [];
    for (const [i, name] of names.entries()) {
      const link = network.links[i]!;
      const query = new URLSearchParams({
        server: `ws://${link.remote}:${signal.value}/signal`,
        // Only the participants whose path is delayed go through a relay: it costs the call some
        // of its bandwidth estimate on a loaded machine (a user-space hop each way).
        turn: delayed.includes(i)
          ? `turn:127.0.0.1:${relays[i]!.port}?transport=udp`
          : `turn:${link.remote}:${TURN_PORT}?transport=udp`,
        user: TURN_USER,
        secret,
        room,
        name,
      });
      pages.push(
        await openPage(browser, `${site.origin}/?${query}`, {
          window: true,
          init: init ? [COUNT_CONNECTIONS, init] : COUNT_CONNECTIONS,
        }),
      );
    }
    return { network, relays, pages, browser, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** What a test reads of a window: its one remote participant as received, and its connections. */
export interface PageView {
  /** The remote participant's connection. */
  state: string;
  /** The remote video as decoded. */
  width: number;
  height: number;
  fps: number;
  frames: number;
  /** The remote audio: samples received and concealed so far. */
  samples: number;
  concealed: number;
  /** The remote audio's packets: received and lost so far (the network's share of what is concealed). */
  audioPackets: number;
  audioLost: number;
  /** The quality levels the remote tile showed, in order (rtc-quality-change). */
  quality: string[];
  /** RTCPeerConnections the page made. */
  peerConnections: number;
  /** Local ICE username fragment (changes with every ICE restart). */
  ufrag: string;
  /** Remote participants, and the tiles shown. */
  remotes: number;
  /** The last ICE states of every connection, with seconds since the page loaded. */
  ice: string[];
  /** ICE state changes so far, of every connection. */
  iceChanges: number;
  /** What limits the page's own video sent (`qualityLimitationReason`), and its size. */
  sent: string;
  /** The page's own video as sent: its height in lines, and its frame rate. */
  sentHeight: number;
  sentFps: number;
  /** The bitrate the page's own video encoder aims at (`targetBitrate`, bits/s; 0 where the engine has none). */
  target: number;
}

export function readPage(tracked: TrackedPage): Promise<PageView> {
  return tracked.page.evaluate(async () => {
    const room = document.querySelector('rtc-room');
    const w = window as unknown as { quality: string[]; peerConnections: number; ice: string[] };
    const remotes = [...(room?.session?.remote.values() ?? [])];
    const pc = remotes[0]?.peerConnection ?? null;
    const view = {
      state: pc?.connectionState ?? 'none',
      width: 0,
      height: 0,
      fps: 0,
      frames: 0,
      samples: 0,
      concealed: 0,
      audioPackets: 0,
      audioLost: 0,
      quality: [...w.quality],
      peerConnections: w.peerConnections,
      ufrag: /a=ice-ufrag:(\S+)/.exec(pc?.localDescription?.sdp ?? '')?.[1] ?? '',
      remotes: remotes.length,
      ice: w.ice.slice(-6),
      iceChanges: w.ice.length,
      sent: '',
      sentHeight: 0,
      sentFps: 0,
      target: 0,
    };
    let estimate = '';
    (await pc?.getStats())?.forEach((r) => {
      if (r.type === 'outbound-rtp' && r.kind === 'video') {
        view.target = r.targetBitrate ?? 0;
        view.sentHeight = r.frameHeight ?? 0;
        view.sentFps = r.framesPerSecond ?? 0;
        view.sent = `${r.frameWidth}x${r.frameHeight}@${r.framesPerSecond} ${r.qualityLimitationReason} ${Math.round(view.target / 1000)}k`;
      }
      if (r.type === 'candidate-pair' && r.state === 'succeeded' && r.availableOutgoingBitrate)
        estimate = ` bwe ${Math.round(r.availableOutgoingBitrate / 1000)}k`;
      if (r.type !== 'inbound-rtp') return;
      if (r.kind === 'video') {
        view.width = r.frameWidth ?? 0;
        view.height = r.frameHeight ?? 0;
        view.fps = r.framesPerSecond ?? 0;
        view.frames = r.framesDecoded ?? 0;
      } else if (r.kind === 'audio') {
        view.samples = r.totalSamplesReceived ?? 0;
        view.concealed = r.concealedSamples ?? 0;
        view.audioPackets = r.packetsReceived ?? 0;
        view.audioLost = r.packetsLost ?? 0;
      }
    });
    view.sent += estimate;
    return view;
  });
}

/** Polls `read` every 500 ms until `done` accepts it; fails with the last value after `timeoutMs`. */
export async function until<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) assert.fail(`${what} within ${timeoutMs / 1000} s; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
