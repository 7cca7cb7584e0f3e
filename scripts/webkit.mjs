// WebKit for web-test-runner: Debian's WebKitGTK (package webkit2gtk-driver), driven through its
// WebKitWebDriver by @web/test-runner-webdriver, in a private Xvfb display (package xvfb).
//
// The launcher starts its own Xvfb and WebKitWebDriver (on a free port of 127.0.0.1) when the run
// starts, and stops both, with every process they started, when WebKit's tests are done (or when
// this process exits, whatever the reason). Everything that starts one of them has a deadline,
// because a bad argument makes the driver wait forever instead of failing.
import { spawn } from 'node:child_process';
import { WebdriverLauncher } from '@web/test-runner-webdriver';
import { browserPaths } from './browsers.mjs';
import { freePort } from './ports.mjs';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** How long Xvfb, the driver and a new session (the browser) each get to start. */
const START_TIMEOUT_MS = 30_000;

/**
 * The capabilities WebKitGTK needs in tests: `--automation` (without it, creating a session hangs),
 * mock camera and microphone, and WebDriver classic (webdriverio 9 would otherwise ask for BiDi).
 */
export const WEBKIT_CAPABILITIES = {
  'wdio:enforceWebDriverClassic': true,
  'webkitgtk:browserOptions': {
    args: ['--automation', '--enable-media-stream=true', '--enable-mock-capture-devices=true'],
  },
};

/** Rejects with `message` when `promise` has not settled within `ms`. */
function within(promise, ms, message) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} (not within ${ms / 1000} s)`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** A child in a process group of its own, so that stopping it stops everything it started. */
function start(command, args, options) {
  const child = spawn(command, args, { ...options, detached: true });
  let output = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk) => {
      output = (output + chunk).slice(-4000);
    });
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const failed = new Promise((_, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`${command} exited (${code ?? signal}):\n${output}`)));
  });
  failed.catch(() => undefined);
  const alive = () => child.exitCode === null && child.signalCode === null;
  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  return {
    child,
    failed,
    /** Stops the whole group: SIGTERM, then SIGKILL if it is still there after 5 s. */
    async stop() {
      if (child.pid === undefined) return;
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), 5_000);
      if (alive()) await exited;
      clearTimeout(timer);
      // The group may outlive its leader for a moment (the browser's own processes).
      signalGroup('SIGKILL');
    },
    /** For `process.on('exit')`, where nothing can be awaited. */
    killNow() {
      if (child.pid !== undefined) signalGroup('SIGKILL');
    },
  };
}

/** Starts Xvfb on a display it picks itself (`-displayfd`); resolves with it and its display name. */
async function startXvfb(path) {
  const xvfb = start(path, ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  try {
    const display = await within(
      Promise.race([
        new Promise((resolve) => {
          let text = '';
          xvfb.child.stdio[3].on('data', (chunk) => {
            text += chunk;
            if (text.includes('\n')) resolve(`:${text.trim()}`);
          });
        }),
        xvfb.failed,
      ]),
      START_TIMEOUT_MS,
      'Xvfb did not start',
    );
    return { xvfb, display };
  } catch (error) {
    await xvfb.stop();
    throw error;
  }
}

/** Starts WebKitWebDriver on `port` and waits until it answers `/status`. */
async function startDriver(path, port, display) {
  const env = { ...process.env, DISPLAY: display };
  delete env.WAYLAND_DISPLAY;
  const driver = start(path, [`--port=${port}`, '--host=127.0.0.1', '--replace-on-new-session'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  const ready = async () => {
    for (;;) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/status`, { signal: AbortSignal.timeout(2_000) });
        if (response.ok) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  try {
    await within(Promise.race([ready(), driver.failed]), START_TIMEOUT_MS, 'WebKitWebDriver did not start');
    return driver;
  } catch (error) {
    await driver.stop();
    throw error;
  }
}

/**
 * A web-test-runner launcher for WebKitGTK that brings its own Xvfb and WebKitWebDriver. Its name
 * in web-test-runner's output is `WebKit`.
 */
class WebKitLauncher extends WebdriverLauncher {
  #paths;
  #processes = [];
  #failure = null;
  /** Kills what is left at once: when this process exits, or is told to (as test/support/processes.ts does). */
  #killNow = () => {
    for (const p of this.#processes) p.killNow();
  };
  #onSignal = (signal) => {
    this.#killNow();
    // Keep the default behaviour (exit) unless the host process handles the signal itself.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };

  constructor(paths) {
    super({
      hostname: '127.0.0.1',
      port: 0,
      logLevel: 'error',
      // Every WebDriver request, session creation included, gets a deadline and one retry.
      connectionRetryTimeout: START_TIMEOUT_MS * 2,
      connectionRetryCount: 1,
      capabilities: WEBKIT_CAPABILITIES,
    });
    this.#paths = paths;
  }

  async initialize(config, testFiles) {
    await super.initialize(config, testFiles);
    this.name = 'WebKit';
    if (!this.#paths.driver || !this.#paths.xvfb) {
      throw new Error(
        'WebKit needs Debian packages webkit2gtk-driver and xvfb (apt-get install -y webkit2gtk-driver xvfb)',
      );
    }
    process.once('exit', this.#killNow);
    for (const signal of SIGNALS) process.once(signal, this.#onSignal);
    const { xvfb, display } = await startXvfb(this.#paths.xvfb);
    this.#processes.push(xvfb);
    const port = await freePort();
    this.#processes.push(await startDriver(this.#paths.driver, port, display));
    this.options.port = port;
  }

  async startSession(id, url) {
    // A browser that could not start once will not start for the next file either: fail fast.
    if (this.#failure) throw this.#failure;
    try {
      return await super.startSession(id, url);
    } catch (error) {
      this.#failure = error;
      throw error;
    }
  }

  async stop() {
    await within(super.stop(), START_TIMEOUT_MS, 'the WebKit session did not close').catch(() => undefined);
    // The driver first (it closes the browser), then the display.
    for (const p of this.#processes.splice(0).reverse()) await p.stop();
    process.off('exit', this.#killNow);
    for (const signal of SIGNALS) process.off(signal, this.#onSignal);
  }
}

/** WebKit for web-test-runner, with the WebKitWebDriver and Xvfb that `browserPaths()` finds. */
export function webkitLauncher() {
  const { webkitDriver, xvfb } = browserPaths();
  return new WebKitLauncher({ driver: webkitDriver, xvfb });
}
