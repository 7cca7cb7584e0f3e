/**
 * Marked regions of a document that a bench writes: `<!-- bench:NAME -->…<!-- /bench:NAME -->`.
 * The text between the markers belongs to the bench (README.md's size figures belong to
 * `npm run bench:size`, its benchmark summary to `npm run bench`); the rest of the file is written
 * by hand. The node tests read the same regions and compare them with what the bench would write
 * (test/node/size.test.ts, test/node/docs.test.ts), so a figure edited by hand, or left behind by a
 * change, fails `npm test`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const open = (name: string) => `<!-- bench:${name} -->`;
const close = (name: string) => `<!-- /bench:${name} -->`;

/** Where region `name` of `text` starts and ends (its content, markers excluded). */
function bounds(text: string, name: string, file: string): [number, number] {
  const start = text.indexOf(open(name));
  const end = text.indexOf(close(name));
  if (start < 0 || end < 0 || end < start) {
    throw new Error(`${file} has no region ${open(name)}…${close(name)}`);
  }
  if (text.indexOf(open(name), start + 1) >= 0) throw new Error(`${file} has region bench:${name} twice`);
  return [start + open(name).length, end];
}

/** The content of region `name` (between its markers). Throws when the file has no such region. */
export function readRegion(text: string, name: string, file = 'the text'): string {
  const [start, end] = bounds(text, name, file);
  return text.slice(start, end);
}

/** `text` with region `name`'s content replaced by `content`. */
export function replaceRegion(text: string, name: string, content: string, file = 'the text'): string {
  const [start, end] = bounds(text, name, file);
  return text.slice(0, start) + content + text.slice(end);
}

/** Every region of `text` removed, markers included (to look at what was written by hand). */
export function withoutRegions(text: string): string {
  return text.replace(/<!-- bench:([\w-]+) -->[\s\S]*?<!-- \/bench:\1 -->/g, '');
}

/** Writes `regions` (name -> content) into `file`; returns whether the file changed. */
export function writeRegions(file: string, regions: Record<string, string>): boolean {
  const before = readFileSync(file, 'utf8');
  let after = before;
  for (const [name, content] of Object.entries(regions)) after = replaceRegion(after, name, content, file);
  if (after !== before) writeFileSync(file, after);
  return after !== before;
}

/**
 * The lines where `documented` (a region as the file has it) and `expected` (as the bench writes
 * it) differ, for a test's failure message.
 */
export function regionDiff(documented: string, expected: string): string {
  const a = documented.split('\n');
  const b = expected.split('\n');
  const lines: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    lines.push(`  line ${i + 1} documented: ${a[i] ?? '(none)'}`, `  line ${i + 1} measured:   ${b[i] ?? '(none)'}`);
  }
  return lines.join('\n');
}

/**
 * `text` wrapped at `width` columns, every line after the first indented by `indent`. A no-break
 * space (`\u00a0`, e.g. between a figure and its unit) keeps its words together; it is written
 * as a plain space.
 */
export function wrap(text: string, width: number, indent = '', firstIndent = indent): string {
  const lines: string[] = [];
  let line = firstIndent;
  let empty = true;
  for (const word of text.split(/[ \t\n]+/).filter(Boolean)) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
    } else line += (empty ? '' : ' ') + word;
    empty = false;
  }
  lines.push(line);
  return lines.join('\n').replace(/\u00a0/g, ' ');
}

/**
 * Writes `value` as JSON to `file`, formatted as the project's formatter (Biome) formats JSON, so
 * `npm run lint` accepts the file as written. Returns the text the file holds.
 */
export function writeJson(file: string, value: unknown): string {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  const biome = fileURLToPath(new URL('../../node_modules/@biomejs/biome/bin/biome', import.meta.url));
  const formatted = spawnSync(process.execPath, [biome, 'format', '--write', file], { encoding: 'utf8' });
  if (formatted.status !== 0) console.warn(`Biome could not format ${file}: ${formatted.stderr || formatted.stdout}`);
  return readFileSync(file, 'utf8');
}

/**
 * Where a documented region and the same region made from a fresh measurement disagree, allowing
 * for what a figure can honestly move by between machines: each number may differ from the fresh
 * one by one unit of its last printed digit (its rounding) plus `relative` of its value (gzip's
 * output depends a little on the zlib build). Everything else (the words, and the figures'
 * order) must be the same, whitespace and table rules aside. Empty when they agree.
 */
export function figureMismatches(documented: string, expected: string, relative = 0.002): string[] {
  const number = /(\d[\d,]*(?:\.\d+)?)/;
  const split = (text: string) => text.split(number);
  const words = (text: string) => text.replace(/\s+/g, ' ').replace(/-{3,}/g, '---');
  const a = split(documented);
  const b = split(expected);
  const problems: string[] = [];
  if (a.length !== b.length) return [`the text differs:\n${regionDiff(documented, expected)}`];
  for (let i = 0; i < a.length; i++) {
    if (i % 2 === 0) {
      if (words(a[i]!) !== words(b[i]!))
        problems.push(`text "${words(a[i]!).trim()}" should read "${words(b[i]!).trim()}"`);
      continue;
    }
    const value = (s: string) => Number(s.replace(/,/g, ''));
    const decimals = a[i]!.split('.')[1]?.length ?? 0;
    const tolerance = 10 ** -decimals + relative * Math.abs(value(b[i]!));
    if (Math.abs(value(a[i]!) - value(b[i]!)) > tolerance) {
      const context = words(a[i - 1]!)
        .slice(-40)
        .trimStart();
      problems.push(`…${context}${a[i]}: documented ${a[i]}, measured ${b[i]}`);
    }
  }
  return problems;
}
