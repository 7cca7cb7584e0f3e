/**
 * `@web/dev-server` / `@web/test-runner` plugin: the signaling server on the dev server's own
 * HTTP port (WebSocket upgrades on the path; `/healthz` and `/metrics` through the `serve` hook).
 *
 * ```js
 * // web-dev-server.config.mjs
 * import { signalingPlugin } from 'rtc-elements/server';
 * export default { plugins: [signalingPlugin({ maxPeersPerRoom: 4 })] };
 * ```
 */
import type { Server } from 'node:http';
import { healthOrMetrics } from './http.js';
import { SignalingServer } from './server.js';
import type { SignalingServerOptions } from './options.js';

/** The structural subset of `@web/dev-server-core`'s `Plugin` this plugin implements. */
export interface SignalingPlugin {
  name: string;
  /** The server instance, e.g. to read `signaling.metrics` or `signaling.health()` in a test. */
  signaling: SignalingServer;
  serverStart(args: { server?: unknown }): Promise<void>;
  serverStop(): Promise<void>;
  serve(context: {
    path: string;
    method: string;
  }): Promise<{ body: string; type: string; headers: Record<string, string> } | undefined>;
}

/** Creates the plugin; `options.path` is the WebSocket path (default `/signal`). */
export function signalingPlugin(options: SignalingServerOptions = {}): SignalingPlugin {
  const signaling = new SignalingServer(options);
  return {
    name: 'rtc-signaling',
    signaling,
    async serverStart({ server }) {
      if (!server) throw new Error('rtc-signaling: the dev server has no HTTP server to attach to (middleware mode?)');
      signaling.attach(server as Server);
      await signaling.start();
    },
    async serverStop() {
      await signaling.close();
    },
    async serve(context) {
      // The plugin API cannot set the status (always 200): a `/metrics` without prom-client is no
      // Prometheus exposition, so a scrape of it fails, and says why.
      const answer = await healthOrMetrics(context.method, context.path, signaling);
      return answer && { body: answer.body, type: answer.type, headers: { 'cache-control': 'no-store' } };
    },
  };
}
