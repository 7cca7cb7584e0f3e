/**
 * `npm run dev`: the demo for working on the kit. `tsc --watch` rebuilds dist/ on every change and
 * `@web/dev-server` serves the compiled modules one by one (bare imports such as `lit` resolved
 * from node_modules) and reloads the page when one changes; the signaling server runs on the same
 * port. The page is the same `demo/index.html` as `npm start`'s: its `dist/rtc-elements.js` is
 * answered here with the unbundled `dist/src/define.js`, so no bundle is built or needed.
 * The server itself (dev-server/) is not reloaded: restart `npm run dev` after changing it.
 *
 * `--no-watch`: serve without starting `tsc --watch` (dist/ as it is).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startDevServer } from '@web/dev-server';
import type { LogLevel } from '../dev-server/options.js';
import { signalingPlugin } from '../dev-server/plugin.js';

const rootDir = fileURLToPath(new URL('../..', import.meta.url));
const port = Number(process.env.PORT ?? 8787);
const hostname = process.env.HOST ?? 'localhost';
const logLevel = (process.env.RTC_LOG_LEVEL ?? 'warn') as LogLevel;

// In a process group of its own, stopped as a group: on Node 20 `bin/tsc` runs the native
// compiler as a child, which a signal to the wrapper alone would leave running.
const tsc = process.argv.includes('--no-watch')
  ? undefined
  : spawn(
      process.execPath,
      [`${rootDir}node_modules/typescript/bin/tsc`, '-p', '.', '--watch', '--preserveWatchOutput'],
      { cwd: rootDir, stdio: 'inherit', detached: true },
    );
const stopTsc = () => {
  if (tsc?.pid && tsc.exitCode === null) {
    try {
      process.kill(-tsc.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
};
process.once('exit', stopTsc);

const server = await startDevServer({
  config: {
    rootDir,
    port,
    hostname,
    nodeResolve: true,
    watch: true,
    plugins: [
      signalingPlugin({ logLevel }),
      {
        name: 'rtc-demo-unbundled',
        serve(context) {
          if (context.path === '/' || context.path === '/demo') context.redirect('/demo/');
          if (context.path === '/dist/rtc-elements.js') {
            return { body: "import './src/define.js';\n", type: 'js', headers: { 'cache-control': 'no-store' } };
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
console.log(`\n  rtc-elements demo room (unbundled, reloads on change): http://${hostname}:${actualPort}/demo/\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stopTsc();
    void server.stop().then(() => process.exit(0));
  });
}
