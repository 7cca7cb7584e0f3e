/**
 * `npm start`: the demo page and the signaling server on one port (PORT, default 8787; HOST,
 * default localhost), and the URL to open in two tabs. The page loads the kit the way a user's
 * page does: the built single file `dist/rtc-elements.js` (what a CDN serves), compressed and
 * cached as a production host would (demo/static.ts). `npm run dev` (demo/dev.ts) serves the
 * unbundled modules instead and rebuilds on change.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { LogLevel } from '../dev-server/options.js';
import { SignalingServer } from '../dev-server/server.js';
import { demoSignalingOptions } from './signaling-options.js';
import { staticFiles } from './static.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const port = Number(process.env.PORT ?? 8787);
const hostname = process.env.HOST ?? 'localhost';
// The signaling server's JSON logs: warnings and errors only, unless RTC_LOG_LEVEL says otherwise.
const logLevel = (process.env.RTC_LOG_LEVEL ?? 'warn') as LogLevel;

if (!existsSync(`${root}dist/rtc-elements.js`)) {
  console.error('dist/rtc-elements.js is missing: run `npm run build` first (`npm start` does).');
  process.exit(1);
}

/** What each URL path serves: the demo's pages, the bundle and its chunks, the page's own script, the themes. */
function fileFor(path: string): string | undefined {
  if (path === '/demo/') return 'demo/index.html';
  if (/^\/demo\/[\w-]+\.html$/.test(path)) return path.slice(1);
  if (/^\/dist\/rtc-elements\.js(?:\.map|\.LEGAL\.txt)?$/.test(path)) return path.slice(1);
  // The chunks the bundle imports when needed: a language, the English error texts, the detailed statistics.
  if (/^\/dist\/(?:locales|parts)\/[\w-]+\.js(?:\.map)?$/.test(path)) return path.slice(1);
  if (/^\/dist\/demo\/[\w-]+\.js(?:\.map)?$/.test(path)) return path.slice(1);
  if (/^\/src\/themes\/[\w-]+\.css$/.test(path)) return path.slice(1);
  return undefined;
}

const files = staticFiles(root, fileFor);
const signaling = new SignalingServer({ ...demoSignalingOptions, logLevel });
const server = createServer((req, res) => {
  res.on('error', () => undefined);
  if (signaling.handleHttp(req, res)) return;
  const { pathname, search } = new URL(req.url ?? '/', 'http://localhost');
  if (pathname === '/' || pathname === '/demo') {
    res.writeHead(302, { location: `/demo/${search}` });
    res.end();
    return;
  }
  files.handle(req, res).then(
    (served) => {
      if (served) return;
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Not Found');
    },
    (error: unknown) => {
      console.error(error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    },
  );
});
server.on('clientError', (_error, socket) => socket.destroy());
signaling.attach(server);
await signaling.start();
// The first visitor gets the compressed files at once (brotli at its best takes a moment).
await files.warm(['/demo/', '/dist/rtc-elements.js', '/dist/demo/main.js']);
await new Promise<void>((resolve, reject) => {
  server.once('error', reject);
  server.listen(port, hostname, () => resolve());
});

const address = server.address();
const actualPort = typeof address === 'object' && address ? address.port : port;
console.log(`\n  rtc-elements demo room: http://${hostname}:${actualPort}/demo/`);
console.log('  Open it in two tabs (or send the link with ?room= to someone on this machine) and talk.\n');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.closeIdleConnections();
    void signaling.close().then(() => {
      server.closeAllConnections();
      server.close(() => process.exit(0));
    });
  });
}
