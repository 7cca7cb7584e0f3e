/**
 * The `process` global a browser bundler injects for Node-style packages (what Vite's and
 * webpack 5's Node polyfill plugins do with the `process` package): here only what simple-peer
 * and readable-stream use, `nextTick` and `env`. Smaller than the `process` package, so it
 * errs in simple-peer's favour. esbuild injects it (`inject`) into the simple-peer bundle only.
 */
export const process = {
  browser: true,
  env: {} as Record<string, string>,
  nextTick(callback: (...args: unknown[]) => void, ...args: unknown[]): void {
    queueMicrotask(() => callback(...args));
  },
};
