#!/usr/bin/env node
// `npm run build:examples`: builds the framework proofs in examples/ into dist/examples/<name>/.
// `plain` is its page with the single-file bundle copied beside it (and the locales and parts it
// imports when needed); `react` and `vue` are Vite
// builds (each with its own vite.config.mjs) that import 'rtc-elements/define.js' by the
// package's own name, which resolves through package.json `exports` as it does for a user.
// Needs `npm run build` first (the examples use dist/). Exports buildExamples() for the tests.
import { existsSync } from 'node:fs';
import { copyFile, cp, mkdir, rm } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The examples, each built into `<outDir>/<name>/`. */
export const EXAMPLES = ['plain', 'react', 'vue'];

/**
 * Builds every example into `outDir` (default dist/examples). Resolves with the output directory
 * and how long each build took, in ms.
 * @param {{ outDir?: string, logLevel?: 'info' | 'warn' | 'error' | 'silent' }} [options]
 */
export async function buildExamples({ outDir = `${root}dist/examples`, logLevel = 'info' } = {}) {
  for (const file of ['dist/rtc-elements.js', 'dist/src/define.js']) {
    if (!existsSync(`${root}${file}`)) throw new Error(`${file} is missing: run npm run build first`);
  }
  const { build } = await import('vite');
  /** @type {Record<string, number>} */
  const took = {};

  let started = Date.now();
  const plain = `${outDir}/plain`;
  await rm(plain, { recursive: true, force: true });
  await mkdir(plain, { recursive: true });
  await copyFile(`${root}examples/plain/index.html`, `${plain}/index.html`);
  for (const file of ['rtc-elements.js', 'rtc-elements.js.map', 'rtc-elements.js.LEGAL.txt']) {
    await copyFile(`${root}dist/${file}`, `${plain}/${file}`);
  }
  // The files the bundle imports when needed (a language, a part), beside it as on a CDN.
  for (const folder of ['locales', 'parts'])
    await cp(`${root}dist/${folder}`, `${plain}/${folder}`, { recursive: true });
  took.plain = Date.now() - started;

  // A Vite build sets NODE_ENV=production for the whole process; a dev server started later in
  // the same process (as the tests do) would then serve production React and Vue.
  const nodeEnv = process.env.NODE_ENV;
  try {
    for (const name of ['react', 'vue']) {
      started = Date.now();
      await build({
        root: `${root}examples/${name}`,
        configFile: `${root}examples/${name}/vite.config.mjs`,
        // Import the config as it is (plain ESM): no bundled copy written next to it.
        configLoader: 'native',
        logLevel,
        build: { outDir: `${outDir}/${name}`, emptyOutDir: true },
      });
      took[name] = Date.now() - started;
    }
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return { outDir, took };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { outDir, took } = await buildExamples();
  for (const name of EXAMPLES) console.log(`${name}: ${outDir}/${name}/ (${took[name]} ms)`);
}
