// The single-file bundle for plain pages and CDN users: every element registered, Lit included,
// minified: dist/rtc-elements.js (with a source map). Run after tsc (npm run build does both).
import { build } from 'esbuild';

const result = await build({
  entryPoints: ['dist/src/define.js'],
  outfile: 'dist/rtc-elements.js',
  bundle: true,
  format: 'esm',
  minify: true,
  sourcemap: true,
  target: 'es2022',
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
});
const bytes = Object.values(result.metafile.outputs).find((o) => o.entryPoint)?.bytes ?? 0;
if (process.argv.includes('--verbose')) console.log(`dist/rtc-elements.js: ${(bytes / 1024).toFixed(1)} KiB`);
