/**
 * Starts a Janus from Debian's `janus` package for development and tests: a private temporary
 * directory holds its configuration (only the VideoRoom plugin and the WebSocket transport,
 * bound to one address, ports chosen free, an admin secret and a VideoRoom admin key generated),
 * and `stop()` ends it and removes the directory. Not for production: docs/sfu.md says how to run
 * Janus there.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where Debian's package puts Janus and its modules (`JANUS_PATH` overrides the binary). */
export const JANUS_BINARY = process.env.JANUS_PATH ?? '/usr/bin/janus';
const JANUS_LIB = process.env.JANUS_LIB ?? '/usr/lib/x86_64-linux-gnu/janus';

export interface JanusLaunchOptions {
  /** The address its WebSocket API (and admin API) listen on: 127.0.0.1 by default. */
  host?: string;
  /** Its WebSocket API port (0 or absent: a free one). */
  port?: number;
  /** Its admin WebSocket API port (0 or absent: a free one). */
  adminPort?: number;
  /** Interfaces Janus may gather ICE candidates on (comma list, Janus's `ice_enforce_list`). */
  iceInterfaces?: string;
  /** RTP ports, Janus's `rtp_port_range` ("20000-40000" by default). */
  rtpPorts?: string;
  /** The VideoRoom admin key (rooms can only be made with it); generated when absent. */
  adminKey?: string;
  /** The admin API secret; generated when absent. */
  adminSecret?: string;
  /** Janus's log level, 0-7 (2: errors and warnings). */
  debugLevel?: number;
  /** Where its log goes (default: discarded, except what comes before it is ready). */
  log?: (line: string) => void;
}

export interface JanusProcess {
  /** `ws://host:port`: its WebSocket API (protocol `janus-protocol`). */
  readonly url: string;
  /** `ws://host:adminPort`: its admin API (protocol `janus-admin-protocol`). */
  readonly adminUrl: string;
  readonly adminKey: string;
  readonly adminSecret: string;
  readonly process: ChildProcess;
  /** The directory its configuration is in (removed by `stop`). */
  readonly dir: string;
  /** Kills it (SIGKILL after 3 s) and removes its directory. Resolves when it exited. */
  stop(): Promise<void>;
}

/** Whether Debian's `janus` is installed (or `JANUS_PATH` points at one). */
export function janusInstalled(): boolean {
  return existsSync(JANUS_BINARY);
}

/** A port free on `host` now. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const quote = (s: string) => JSON.stringify(s);

function modules(folder: string, keep: string): string {
  let names: string[] = [];
  try {
    names = readdirSync(join(JANUS_LIB, folder)).filter((n) => /^libjanus_.*\.so$/.test(n));
  } catch {
    // Not there: nothing to disable.
  }
  return names.filter((n) => n !== keep).join(',');
}

/** Writes the configuration into `dir`. */
function writeConfig(dir: string, o: Required<Omit<JanusLaunchOptions, 'log'>>): void {
  const events = modules('events', '');
  const loggers = modules('loggers', '');
  writeFileSync(
    join(dir, 'janus.jcfg'),
    `general: {
  configs_folder = ${quote(dir)}
  plugins_folder = ${quote(join(JANUS_LIB, 'plugins'))}
  transports_folder = ${quote(join(JANUS_LIB, 'transports'))}
  events_folder = ${quote(join(JANUS_LIB, 'events'))}
  loggers_folder = ${quote(join(JANUS_LIB, 'loggers'))}
  debug_level = ${o.debugLevel}
  admin_secret = ${quote(o.adminSecret)}
  session_timeout = 60
  server_name = "rtc-elements"
}
plugins: {
  disable = ${quote(modules('plugins', 'libjanus_videoroom.so'))}
}
transports: {
  disable = ${quote(modules('transports', 'libjanus_websockets.so'))}
}
${events ? `events: {\n  disable = ${quote(events)}\n}\n` : ''}${loggers ? `loggers: {\n  disable = ${quote(loggers)}\n}\n` : ''}media: {
  rtp_port_range = ${quote(o.rtpPorts)}
}
nat: {
  nice_debug = false
  ${o.iceInterfaces ? `ice_enforce_list = ${quote(o.iceInterfaces)}` : 'ice_ignore_list = "vmnet"'}
}
`,
  );
  writeFileSync(
    join(dir, 'janus.transport.websockets.jcfg'),
    `general: {
  json = "compact"
  ws = true
  ws_port = ${o.port}
  ws_ip = ${quote(o.host)}
  wss = false
}
admin: {
  admin_ws = true
  admin_ws_port = ${o.adminPort}
  admin_ws_ip = ${quote(o.host)}
  admin_wss = false
}
`,
  );
  writeFileSync(
    join(dir, 'janus.plugin.videoroom.jcfg'),
    `general: {
  admin_key = ${quote(o.adminKey)}
  lock_rtp_forward = true
}
`,
  );
}

/**
 * Starts Janus and resolves once its WebSocket API accepts connections (it starts in 0.15-0.3 s);
 * rejects when it exits first, with the end of its log.
 */
export async function launchJanus(options: JanusLaunchOptions = {}): Promise<JanusProcess> {
  if (!janusInstalled()) {
    throw new Error(`Janus is not installed (${JANUS_BINARY}): install Debian's package: apt-get install janus`);
  }
  const host = options.host ?? '127.0.0.1';
  const o = {
    host,
    port: options.port || (await freePort(host)),
    adminPort: options.adminPort || (await freePort(host)),
    iceInterfaces: options.iceInterfaces ?? '',
    rtpPorts: options.rtpPorts ?? '20000-40000',
    adminKey: options.adminKey ?? randomBytes(18).toString('base64url'),
    adminSecret: options.adminSecret ?? randomBytes(18).toString('base64url'),
    debugLevel: options.debugLevel ?? (Number(process.env.RTC_JANUS_DEBUG_LEVEL) || 2),
  };
  const dir = mkdtempSync(join(tmpdir(), 'rtc-janus-'));
  writeConfig(dir, o);
  // For a look at what Janus did (tests included): RTC_JANUS_LOG_FILE=/tmp/janus (one file per
  // Janus: its path, our pid and its port) and RTC_JANUS_DEBUG_LEVEL=5 (keyframes, layer switches).
  const logFile = process.env.RTC_JANUS_LOG_FILE;
  const child = spawn(
    JANUS_BINARY,
    [
      '-C',
      join(dir, 'janus.jcfg'),
      '-F',
      dir,
      '-o',
      '-N',
      ...(logFile ? ['-L', `${logFile}.${process.pid}.${o.port}`] : []),
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const tail: string[] = [];
  const onLine = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line) continue;
      tail.push(line);
      if (tail.length > 40) tail.shift();
      options.log?.(line);
    }
  };
  child.stdout?.on('data', onLine);
  child.stderr?.on('data', onLine);
  child.on('error', () => {});
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    cleanup();
  };
  const url = `ws://${host}:${o.port}`;
  const deadline = Date.now() + 15_000;
  let dead = false;
  exited.then(() => {
    dead = true;
  });
  while (!(await accepts(host, o.port))) {
    if (dead || Date.now() > deadline) {
      await stop();
      throw new Error(
        `Janus did not start (${dead ? `exit ${child.exitCode}` : 'no answer in 15 s'}):\n${tail.join('\n')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    adminUrl: `ws://${host}:${o.adminPort}`,
    adminKey: o.adminKey,
    adminSecret: o.adminSecret,
    process: child,
    dir,
    stop,
  };
}

/** Whether something accepts a TCP connection on host:port now. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    import('node:net').then(({ connect }) => {
      const socket = connect(port, host);
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
  });
}
