/**
 * The demo's files as a production host serves them (`npm start`): compressed by the request's
 * `Accept-Encoding` (brotli, else gzip, else as is) with `Content-Encoding`, `Vary` and
 * `Content-Length`; a strong `ETag` per representation and 304 when it still matches. A page's
 * scripts and styles are named in the HTML with `?v=<their hash>`, so those URLs are cached for a
 * year (`immutable`) and a rebuild gives new URLs; the pages themselves, and any file asked for
 * without its current hash, are revalidated each time (`no-cache`).
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, posix } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

const compressors = {
  br: (body: Buffer) =>
    promisify(brotliCompress)(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
  gzip: (body: Buffer) => promisify(gzip)(body, { level: constants.Z_BEST_COMPRESSION }),
};
type Encoding = keyof typeof compressors;

/** One file as last read: its bytes, their hash, and its compressed forms (made on first use). */
interface Entry {
  mtimeMs: number;
  size: number;
  body: Buffer;
  hash: string;
  encoded: Map<Encoding, Promise<Buffer>>;
  /** A page's scripts and styles by file, with the hash its `?v=` names. */
  names: Map<string, string>;
}

/** The encoding to answer with: brotli, else gzip, when `Accept-Encoding` takes it (q > 0). */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding | undefined {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (name) accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const takes = (name: Encoding) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  return takes('br') ? 'br' : takes('gzip') ? 'gzip' : undefined;
}

export interface StaticFiles {
  /** Answers a GET or HEAD for one of the files; false (response untouched) when it is none of them. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Reads and compresses `paths` (URL paths) ahead of the first visitor. */
  warm(paths: string[]): Promise<void>;
}

/**
 * Serves the files `fileFor` maps URL paths to (relative to `root`; undefined: not served).
 * Files are read again when they change on disk (a rebuild while the server runs).
 */
export function staticFiles(root: string, fileFor: (path: string) => string | undefined): StaticFiles {
  const entries = new Map<string, Entry>();

  async function load(file: string): Promise<Entry | undefined> {
    const path = join(root, file);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    const known = entries.get(file);
    if (known && known.mtimeMs === info.mtimeMs && known.size === info.size && (await current(known))) return known;
    const names = new Map<string, string>();
    let body = await readFile(path);
    if (extname(file) === '.html') body = Buffer.from(await versioned(body.toString('utf8'), file, names));
    const entry = {
      mtimeMs: info.mtimeMs,
      size: info.size,
      body,
      hash: createHash('sha256').update(body).digest('base64url').slice(0, 16),
      encoded: new Map(),
      names,
    };
    entries.set(file, entry);
    return entry;
  }

  /** Whether the files a page names are still the ones its `?v=` hashes name. */
  async function current(entry: Entry): Promise<boolean> {
    for (const [file, hash] of entry.names) if ((await load(file))?.hash !== hash) return false;
    return true;
  }

  /**
   * The page with `?v=<hash>` on each script and stylesheet it names that this server serves
   * (a page's URL path is its file's path here, so a relative reference resolves the same way).
   */
  async function versioned(html: string, file: string, names: Map<string, string>): Promise<string> {
    const refs = [...html.matchAll(/\b(?:src|href)="([^":?#]+\.(?:js|css))"/g)].map((m) => m[1]!);
    for (const ref of new Set(refs)) {
      const target = fileFor(posix.resolve(posix.dirname(`/${file}`), ref));
      const entry = target && (await load(target));
      if (!target || !entry) continue;
      names.set(target, entry.hash);
      html = html.replaceAll(`"${ref}"`, `"${ref}?v=${entry.hash}"`);
    }
    return html;
  }

  function encoded(entry: Entry, encoding: Encoding): Promise<Buffer> {
    let body = entry.encoded.get(encoding);
    if (!body) {
      body = compressors[encoding](entry.body);
      entry.encoded.set(encoding, body);
    }
    return body;
  }

  return {
    async handle(req, res) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      const url = new URL(req.url ?? '/', 'http://localhost');
      const file = fileFor(url.pathname);
      const entry = file && (await load(file));
      if (!file || !entry) return false;
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      const encoding = entry.body.length > 256 ? chooseEncoding(req.headers['accept-encoding']) : undefined;
      const etag = `"${entry.hash}${encoding ? `-${encoding}` : ''}"`;
      const immutable = extname(file) !== '.html' && url.searchParams.get('v') === entry.hash;
      const headers: Record<string, string | number> = {
        'content-type': type,
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        etag,
        vary: 'Accept-Encoding',
        'x-content-type-options': 'nosniff',
      };
      const matches = (req.headers['if-none-match'] ?? '').split(',').map((tag) => tag.trim().replace(/^W\//, ''));
      if (matches.includes(etag)) {
        res.writeHead(304, headers);
        res.end();
        return true;
      }
      const body = encoding ? await encoded(entry, encoding) : entry.body;
      if (encoding) headers['content-encoding'] = encoding;
      headers['content-length'] = body.length;
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
      return true;
    },
    async warm(paths) {
      await Promise.all(
        paths.map(async (path) => {
          const file = fileFor(path);
          const entry = file && (await load(file));
          if (entry && entry.body.length > 256) await Promise.all([encoded(entry, 'br'), encoded(entry, 'gzip')]);
        }),
      );
    },
  };
}
