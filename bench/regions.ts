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
