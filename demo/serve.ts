/**
 * `npm start`: serves the demo page and the signaling server on one port (PORT, default 8787)
 * and prints the URL to open in two tabs.
 */
import { startDevServer } from '@web/dev-server';
import { fileURLToPath } from 'node:url';
import type { LogLevel } from '../dev-server/options.js';
import { signalingPlugin } from '../dev-server/plugin.js';

const rootDir = fileURLToPath(new URL('../..', import.meta.url));
const port = Number(process.env.PORT ?? 8787);
const hostname = process.env.HOST ?? 'localhost';
// The signaling server's JSON logs: warnings and errors only, unless RTC_LOG_LEVEL says otherwise.
const logLevel = (process.env.RTC_LOG_LEVEL ?? 'warn') as LogLevel;

const server = await startDevServer({
  config: {
    rootDir,
    port,
    hostname,
    nodeResolve: true,
    plugins: [
      signalingPlugin({ logLevel }),
      {
        name: 'rtc-demo-index',
        serve(context) {
          if (context.path === '/' || context.path === '/demo') {
            context.redirect('/demo/');
          }
          return undefined;
        },
      },
    ],
  },
  readCliArgs: false,
  readFileConfig: false,
  logStartMessage: false,
});

const address = server.server?.address();
const actualPort = typeof address === 'object' && address ? address.port : port;
console.log(`\n  rtc-elements demo room: http://${hostname}:${actualPort}/demo/`);
console.log('  Open it in two tabs (or send the link with ?room= to someone on this machine) and talk.\n');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.stop().then(() => process.exit(0));
  });
}
