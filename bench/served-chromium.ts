/** What the cost benches run in: the repository served on 127.0.0.1 (a free port) and one headless Chromium with fake devices. */
import { type DevServerConfig, startDevServer } from '@web/dev-server';
import puppeteer, { type Browser } from 'puppeteer-core';

export async function servedChromium(
  root: string,
  plugins: NonNullable<DevServerConfig['plugins']> = [],
): Promise<{ server: { stop(): Promise<unknown> }; port: number; browser: Browser }> {
  const { browserPaths, CHROMIUM_TEST_ARGS } = (await import(`${root}scripts/browsers.mjs`)) as {
    browserPaths(): { chromium?: string };
    CHROMIUM_TEST_ARGS: string[];
  };
  const server = await startDevServer({
    config: { rootDir: root, port: 0, hostname: '127.0.0.1', nodeResolve: true, plugins },
    readCliArgs: false,
    readFileConfig: false,
    logStartMessage: false,
  });
  const address = server.server?.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const browser = await puppeteer.launch({
    executablePath: browserPaths().chromium,
    headless: true,
    args: [...CHROMIUM_TEST_ARGS, '--autoplay-policy=no-user-gesture-required'],
  });
  return { server, port, browser };
}
