/**
 * The processors' files (issue 28), apart from the first download: none of them loads until a page
 * chooses a processor. Their JavaScript parts of the CDN build (dist/parts/) and the files in
 * dist/processors/ (the worker, the WebAssembly, the model, the worklet), each gzipped (level 9)
 * as a server would send it. Read from the build (`npm run build`); missing files are said so.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const PARTS = ['parts/picker-effects.js', 'parts/processors.js', 'parts/track-processing.js'];

/** The lines that list them, with sizes in bytes. */
export function processorLines(root: string): string[] {
  const folder = join(root, 'dist/processors');
  if (!existsSync(folder)) return ['The processors: dist/processors/ is not built (npm run build).'];
  const files = [...PARTS, ...readdirSync(folder).map((file) => `processors/${file}`)].filter((file) =>
    existsSync(join(root, 'dist', file)),
  );
  const rows = files.map((file) => {
    const bytes = readFileSync(join(root, 'dist', file));
    return `| dist/${file} | ${bytes.length} | ${gzipSync(bytes, { level: 9 }).length} |`;
  });
  return [
    'The processors (loaded only when a page chooses one; not in any figure above):',
    '| file | bytes | gzip |',
    '| ---- | ----: | ---: |',
    ...rows,
  ];
}
