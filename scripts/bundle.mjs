// The single-file bundle for plain pages and CDN users: every element registered, Lit included,
// minified: dist/rtc-elements.js (with a source map). Run after tsc (npm run build does both):
// it first minifies the templates of the compiled elements in dist/src (scripts/minify-templates.mjs).
// The shipped locales are not in it: each is a file of its own, dist/locales/<tag>.js, which the
// bundle imports (relative to its own URL) the first time a page uses that language, so an
// English page loads the one file and a German one loads dist/locales/de.js besides; and the
// English error texts, dist/locales/en-errors.js, which a room loads as it joins.
import { readdirSync } from 'node:fs';
import { build } from 'esbuild';
import { minifyTemplatesIn } from './minify-templates.mjs';

// First the compiled elements' styles (dist/src, what npm users bundle), then the single file.
const templatesSaved = minifyTemplatesIn('dist/src');

const locales = readdirSync('dist/src/locales').filter((file) => /^[a-zA-Z-]+\.js$/.test(file));
const result = await build({
  entryPoints: {
    'rtc-elements': 'dist/src/define.js',
    ...Object.fromEntries(locales.map((file) => [`locales/${file.slice(0, -3)}`, `dist/src/locales/${file}`])),
    // The English error texts, loaded the first time one is needed (a room starts it as it joins).
    'locales/en-errors': 'dist/src/i18n/errors.strings.js',
    // <rtc-stats>'s detailed view, loaded the first time one is detailed (it imports nothing shared).
    'parts/stats-details': 'dist/src/components/stats/stats-details.js',
    // The move to an SFU, loaded at a room's first route to one (it imports nothing of the core but types).
    'parts/sfu-switch': 'dist/src/core/transport/sfu-switch.js',
    'parts/janus': 'dist/src/core/transport/janus-loader.js',
  },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  minify: true,
  sourcemap: true,
  target: 'es2022',
  charset: 'utf8',
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
});
const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.js'));
// A chunk shared by the bundle and the locales would make the bundle two files: none may exist.
const expected = new Set([
  'dist/rtc-elements.js',
  'dist/locales/en-errors.js',
  'dist/parts/stats-details.js',
  'dist/parts/sfu-switch.js',
  'dist/parts/janus.js',
  ...locales.map((file) => `dist/locales/${file}`),
]);
const stray = outputs.map(([file]) => file).filter((file) => !expected.has(file));
if (stray.length) throw new Error(`the bundle split into more files than expected: ${stray.join(', ')}`);
if (process.argv.includes('--verbose')) {
  console.log(`templates in dist/src minified: ${templatesSaved} bytes fewer`);
  for (const [file, output] of outputs) console.log(`${file}: ${(output.bytes / 1024).toFixed(1)} KiB`);
}
