/**
 * scripts/minify-templates.mjs, which the build runs on the compiled elements: what it drops from
 * css`…` and html`…` templates, and what it must keep (quoted strings, `${…}` expressions, line
 * breaks in HTML). Pure text in, text out; the browser tests run on its output.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
// scripts/ is plain JavaScript shared with the build (not compiled).
const { minifyAllTemplates } = (await import(`${root}scripts/minify-templates.mjs`)) as {
  minifyAllTemplates(source: string): string;
};

test('css: comments, indentation and the space around punctuation go; quoted strings stay', () => {
  const source =
    "const s = css`\n  /* a note */\n  :host > .a,\n  .b {\n    content: ': a; b';\n    margin: 0 auto;\n  }\n`;";
  assert.equal(minifyAllTemplates(source), "const s = css` :host>.a,.b{content:': a; b';margin:0 auto}`;");
});

test('expressions are kept, and the templates nested in them minified the same way', () => {
  const source =
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of templates, on purpose
    'const t = html`<ul>\n    ${items.map((i) => html`<li>\n        ${i}\n      </li>`)}\n  </ul>`; const c = css`a { color: ${x({ y: 1 })} ; }`;';
  assert.equal(
    minifyAllTemplates(source),
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of templates, on purpose
    'const t = html`<ul>\n${items.map((i) => html`<li>\n${i}\n</li>`)}\n</ul>`; const c = css`a{color:${x({ y: 1 })}}`;',
  );
});

test('html: a line break stays (one collapsible white space), only what follows it goes; no other text changes', () => {
  const source = 'html`<strong>A</strong> <span>B</span>\n      <p>two  spaces</p>`; const other = `  kept  `;';
  assert.equal(
    minifyAllTemplates(source),
    'html`<strong>A</strong> <span>B</span>\n<p>two  spaces</p>`; const other = `  kept  `;',
  );
});
