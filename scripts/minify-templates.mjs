// Minifies the static text of Lit's templates in the compiled elements (dist/src/**/*.js), in
// place. A bundler minifies the JavaScript around them but leaves a template's text as written, so
// without this every page carried the templates' indentation:
// - css`…`: comments go, runs of white space become one space, and the space around
//   `{ } ; : , >` goes (quoted strings are kept as written);
// - html`…` and svg`…`: the indentation after a line break goes (the line break stays).
// `${…}` expressions are kept, their own nested templates minified the same way. Run after tsc,
// before bundling (scripts/bundle.mjs does); the browser tests run on the minified files, so a
// rule this broke would show there.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The CSS text between two `${…}` of a template, minified. */
export function minifyCssText(text) {
  // Quoted strings (`content: '…'`) are kept as written: odd parts of the split.
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split(/('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")/)
    .map((part, i) =>
      i % 2
        ? part
        : part
            .replace(/\s+/g, ' ')
            .replace(/\s*([{};,>])\s*/g, '$1')
            .replace(/:\s+/g, ':')
            .replace(/;}/g, '}'),
    )
    .join('');
}

/** `source` with the static text of every css`…`, html`…` and svg`…` template minified. */
export function minifyAllTemplates(source) {
  return minifyTemplates(minifyTemplates(source, /\bcss\s*`/g, minifyCssText), /\b(?:html|svg)\s*`/g, minifyHtmlText);
}

/**
 * The static text of an html`…` template: the indentation after a line break goes (a line break
 * and the spaces after it are one collapsible white space in HTML, the line break alone too).
 */
export function minifyHtmlText(text) {
  return text.replace(/\n[ \t]+/g, '\n');
}

/** `source` with the static text of every template that `open` finds passed through `minify`. */
function minifyTemplates(source, pattern, minify) {
  const open = new RegExp(pattern.source, 'g');
  let out = '';
  let at = 0;
  for (let match = open.exec(source); match; match = open.exec(source)) {
    let i = match.index + match[0].length;
    out += source.slice(at, i);
    let text = '';
    const flush = () => {
      out += minify(text);
      text = '';
    };
    for (;;) {
      const c = source[i];
      if (c === undefined) throw new Error('minify-templates: a template has no end');
      if (c === '\\') {
        text += source.slice(i, i + 2);
        i += 2;
      } else if (c === '`') {
        flush();
        break;
      } else if (c === '$' && source[i + 1] === '{') {
        flush();
        // The expression, to its matching brace: its own templates (nested ones) minified the same way.
        let depth = 0;
        const start = i;
        for (i += 1; i < source.length; i++) {
          if (source[i] === '{') depth++;
          else if (source[i] === '}' && --depth === 0) break;
        }
        out += `\${${minifyTemplates(source.slice(start + 2, i), open, minify)}}`;
        i += 1;
      } else {
        text += c;
        i += 1;
      }
    }
    at = i;
    open.lastIndex = i + 1;
  }
  return out + source.slice(at);
}

/** Every .js file below `dir`. */
function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.js') ? [path] : [];
  });
}

/** Minifies the templates of every .js file below `dir` in place; returns the bytes saved. */
export function minifyTemplatesIn(dir) {
  let saved = 0;
  for (const path of files(dir)) {
    const source = readFileSync(path, 'utf8');
    if (!source.includes('css')) continue;
    const minified = minifyAllTemplates(source);
    if (minified !== source) {
      writeFileSync(path, minified);
      saved += source.length - minified.length;
    }
  }
  return saved;
}
