/**
 * Bundle sizes, measured one way for everything: esbuild bundles an entry as a browser user's
 * bundler would for production (minified ESM, browser platform, es2022, `NODE_ENV=production`,
 * no legal comments, code behind an `import()` split into chunks of its own, as Vite, Rollup and
 * webpack do), then what a page loads up front (the entry's file and the chunks it imports
 * statically) is gzipped (level 9) and, optionally, brotli-compressed (quality 11), each file on its
 * own as a browser fetches them. The chunks behind an `import()` (our ten locales) are listed, not
 * counted. `npm run bench:size` (bench/size.ts) prints the table and the goals and writes the
 * documented figures; test/node/size.test.ts checks the budgets in bench/size-budgets.json and the
 * documented figures. Both use this module.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build, type BuildOptions, type Metafile } from 'esbuild';

/** The repository root (this module runs from `dist/bench/`). */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The budgets file, relative to the root. */
export const BUDGETS_FILE = 'bench/size-budgets.json';

/** Something to bundle and measure. */
export interface SizeEntry {
  /** Short key: `kit`, `core`, `rtc-room`, `peerjs`, … (budgets refer to it). */
  name: string;
  /** What the row shows. */
  label: string;
  ours: boolean;
  /** A file to bundle, relative to the root… */
  file?: string;
  /** …or the text of an entry module (resolved from the root). */
  contents?: string;
  /** How it was bundled, when not only the common settings. */
  note?: string;
  /** esbuild settings beyond the common ones (simple-peer's Node polyfills). */
  extra?: BuildOptions;
  /** Measured for a goal only (bench/size-budgets.json "goals"), not listed in the size table. */
  goalOnly?: boolean;
}

/** The sizes of one bundled entry, in bytes. */
export interface SizeResult {
  entry: SizeEntry;
  minified: number;
  gzip: number;
  /** Undefined unless asked for (quality 11 takes a moment on large bundles). */
  brotli: number | undefined;
  /** Every input of what a page loads up front, relative to the root (from esbuild's metafile). */
  inputs: string[];
  /** Files counted: the entry's and the chunks it imports statically. */
  files: number;
  /** The inputs of the chunks loaded only by an `import()` when needed (not counted above). */
  lazyInputs: string[];
}

/** One budget from the budgets file. */
export interface Budget {
  name: string;
  /** Gzipped bytes allowed. */
  gzipBytes: number;
  /** As written in the file, e.g. `24 KB`. */
  text: string;
}

/** The settings every bundle shares. */
const COMMON: BuildOptions = {
  bundle: true,
  write: false,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"' },
  metafile: true,
  logLevel: 'silent',
};

/** The version of an installed package (for the row label). */
function versionOf(name: string, root: string): string {
  const file = join(root, 'node_modules', name, 'package.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : '?';
}

/**
 * Ours, from the compiled `dist/src`: the whole kit (every element, Lit and the core, as
 * `import 'rtc-elements/define.js'`), the core alone, and each element alone (its define file,
 * `dist/src/components/<name>/rtc-<name>.js`, found on disk so new elements appear by themselves).
 */
export function ourEntries(root = ROOT): SizeEntry[] {
  const entries: SizeEntry[] = [
    { name: 'kit', label: 'rtc-elements: kit (every element + Lit + core)', ours: true, file: 'dist/src/define.js' },
    { name: 'core', label: 'rtc-elements: core alone (rtc-elements/core)', ours: true, file: 'dist/src/core/index.js' },
  ];
  const components = join(root, 'dist/src/components');
  if (existsSync(components)) {
    for (const folder of readdirSync(components, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      const defines = readdirSync(join(components, folder.name)).filter((f) => /^rtc-[a-z0-9-]+\.js$/.test(f));
      for (const file of defines.sort()) {
        const tag = file.slice(0, -'.js'.length);
        entries.push({
          name: tag,
          label: `rtc-elements: <${tag}> alone (+ Lit + core)`,
          ours: true,
          file: `dist/src/components/${folder.name}/${file}`,
        });
      }
    }
  }
  return entries;
}

/** The other libraries, each bundled whole from `export * from '<package>'`. */
export function otherEntries(root = ROOT): SizeEntry[] {
  return [
    { name: 'peerjs', label: `peerjs ${versionOf('peerjs', root)}`, ours: false, contents: "export * from 'peerjs';" },
    {
      name: 'simple-peer',
      label: `simple-peer ${versionOf('simple-peer', root)} (+ Node polyfills)`,
      ours: false,
      contents: "export { default } from 'simple-peer';",
      note:
        'Node polyfills as Vite/webpack 5 plugins add them: `global` -> globalThis, a `process` ' +
        'global (nextTick, env) injected, `buffer` and `events` from their npm packages, `util` ' +
        "left out by readable-stream's browser field",
      extra: {
        define: { global: 'globalThis', 'process.env.NODE_ENV': '"production"' },
        inject: [fileURLToPath(new URL('./process-shim.js', import.meta.url))],
      },
    },
    {
      name: 'trystero',
      label: `trystero ${versionOf('trystero', root)} (default: Nostr)`,
      ours: false,
      contents: "export * from 'trystero';",
      note: "the package's default entry, `trystero`, which is its Nostr strategy (@trystero-p2p/nostr)",
    },
    {
      name: 'livekit-client',
      label: `livekit-client ${versionOf('livekit-client', root)}`,
      ours: false,
      contents: "export * from 'livekit-client';",
    },
  ];
}

/** The output files a page loads before `entry` runs: its own and every one it imports statically. */
function staticClosure(metafile: Metafile, entryFile: string): string[] {
  const outputs = metafile.outputs;
  const start = Object.keys(outputs).find((out) => outputs[out]!.entryPoint === entryFile);
  if (!start) throw new Error(`esbuild wrote no output for ${entryFile}`);
  const seen = new Set<string>([start]);
  for (const out of seen) {
    for (const imported of outputs[out]!.imports) {
      if (imported.kind === 'import-statement' && !imported.external) seen.add(imported.path);
    }
  }
  return [...seen];
}

/** Bundles `entry` and measures it. Throws, naming the entry, when esbuild cannot bundle it. */
export async function measure(
  entry: SizeEntry,
  options: { root?: string; brotli?: boolean } = {},
): Promise<SizeResult> {
  const root = options.root ?? ROOT;
  const source: BuildOptions = entry.file
    ? { entryPoints: [join(root, entry.file)] }
    : { stdin: { contents: entry.contents ?? '', resolveDir: root, sourcefile: `${entry.name}-entry.js` } };
  const output: BuildOptions = { splitting: true, outdir: 'out' };
  let result: { outputFiles?: Array<{ path: string; contents: Uint8Array }>; metafile?: Metafile };
  try {
    result = await build({ ...COMMON, ...entry.extra, ...source, ...output, absWorkingDir: root });
  } catch (error) {
    const detail = (error as { errors?: Array<{ text: string }> }).errors?.map((e) => e.text).join('; ');
    throw new Error(`cannot bundle ${entry.name}: ${detail ?? String(error)}`);
  }
  if (!result.metafile) throw new Error(`cannot bundle ${entry.name}: esbuild wrote no metafile`);
  const outputs = result.metafile.outputs;
  const upFront = staticClosure(result.metafile, entry.file ?? `${entry.name}-entry.js`);
  const wanted = new Set(upFront.map((out) => join(root, out)));
  const files = result.outputFiles?.filter((f) => wanted.has(f.path)) ?? [];
  if (files.length !== upFront.length) throw new Error(`cannot bundle ${entry.name}: an output is missing`);
  const inputsOf = (paths: string[]) => [...new Set(paths.flatMap((path) => Object.keys(outputs[path]!.inputs)))];
  const sum = (size: (code: Uint8Array) => number) => files.reduce((total, f) => total + size(f.contents), 0);
  return {
    entry,
    minified: sum((code) => code.byteLength),
    gzip: sum((code) => gzipSync(code, { level: 9 }).byteLength),
    brotli: options.brotli
      ? sum(
          (code) =>
            brotliCompressSync(code, {
              params: {
                [constants.BROTLI_PARAM_QUALITY]: 11,
                [constants.BROTLI_PARAM_SIZE_HINT]: code.byteLength,
              },
            }).byteLength,
        )
      : undefined,
    inputs: inputsOf(upFront),
    files: files.length,
    lazyInputs: inputsOf(Object.keys(outputs).filter((out) => !upFront.includes(out) && out.endsWith('.js'))),
  };
}

/** The budgets file, parsed, with the bytes of its KB. */
function budgetsFile(root: string): { kb: number; gzip?: unknown; goals?: unknown } {
  const file = JSON.parse(readFileSync(join(root, BUDGETS_FILE), 'utf8')) as {
    unit?: unknown;
    gzip?: unknown;
    goals?: unknown;
  };
  const kb = file.unit === 'KB = 1000 bytes' ? 1000 : file.unit === 'KB = 1024 bytes' ? 1024 : undefined;
  if (kb === undefined) throw new Error(`${BUDGETS_FILE}: "unit" must be "KB = 1000 bytes" or "KB = 1024 bytes"`);
  return { ...file, kb };
}

/** Reads the budgets: `{ "unit": "KB = 1000 bytes", "gzip": { "<entry name>": "<n> KB" } }`. */
export function loadBudgets(root = ROOT): Budget[] {
  const file = budgetsFile(root);
  if (typeof file.gzip !== 'object' || file.gzip === null) throw new Error(`${BUDGETS_FILE}: "gzip" must be an object`);
  return Object.entries(file.gzip).map(([name, text]) => {
    const match = typeof text === 'string' ? /^(\d+(?:\.\d+)?) KB$/.exec(text) : null;
    if (!match) throw new Error(`${BUDGETS_FILE}: gzip.${name} must read like "24 KB"`);
    return { name, gzipBytes: Math.round(Number(match[1]) * file.kb), text: String(text) };
  });
}

/** A goal of the performance issue (bench/size-budgets.json, "goals"): printed as met or not, never a test. */
export interface Goal {
  /** The entry it applies to. */
  name: string;
  /** What it limits, in words. */
  what: string;
  gzipBytes: number;
  /** As written in the file, e.g. `35 KB`. */
  text: string;
}

/** Reads the goals: `"goals": { "<entry name>": { "gzip": "<n> KB", "what": "…" } }`. */
export function loadGoals(root = ROOT): Goal[] {
  const file = budgetsFile(root);
  if (typeof file.goals !== 'object' || file.goals === null)
    throw new Error(`${BUDGETS_FILE}: "goals" must be an object`);
  return Object.entries(file.goals).map(([name, goal]) => {
    const { gzip, what } = (goal ?? {}) as { gzip?: unknown; what?: unknown };
    const match = typeof gzip === 'string' ? /^(\d+(?:\.\d+)?) KB$/.exec(gzip) : null;
    if (!match || typeof what !== 'string') {
      throw new Error(`${BUDGETS_FILE}: goals.${name} must read like { "gzip": "35 KB", "what": "…" }`);
    }
    return { name, what, gzipBytes: Math.round(Number(match[1]) * file.kb), text: gzip as string };
  });
}

/** The entries the goals need beyond `ourEntries()`: what a page loads before `<rtc-room>` runs. */
export function goalEntries(): SizeEntry[] {
  return [
    {
      name: 'first-load:rtc-room',
      label: 'rtc-elements: <rtc-room> first load (static imports)',
      ours: true,
      file: 'dist/src/components/room/rtc-room.js',
      goalOnly: true,
    },
  ];
}

/** One line per budget exceeded (or whose entry is unknown): entry, size, budget. Empty: all within. */
export function overBudget(results: readonly SizeResult[], budgets: readonly Budget[]): string[] {
  const problems: string[] = [];
  for (const budget of budgets) {
    const result = results.find((r) => r.entry.name === budget.name);
    if (!result) problems.push(`${BUDGETS_FILE} has a budget for "${budget.name}", which was not measured`);
    else if (result.gzip > budget.gzipBytes) {
      problems.push(
        `${result.entry.name} (${result.entry.file ?? result.entry.name}) is ${result.gzip} bytes gzipped, over its ` +
          `budget of ${budget.text} (${budget.gzipBytes} bytes) in ${BUDGETS_FILE}`,
      );
    }
  }
  return problems;
}

/** The server's packages: none may end up in a browser bundle of ours. */
export const SERVER_PACKAGES = ['ioredis', 'jose', 'prom-client', 'ws'] as const;

/** The inputs of `result` that come from a server package or from `dev-server/`. */
export function serverInputs(result: SizeResult): string[] {
  const pattern = new RegExp(`(^|/)(node_modules/(${SERVER_PACKAGES.join('|')})/|dev-server/)`);
  return result.inputs.filter((input) => pattern.test(input));
}
