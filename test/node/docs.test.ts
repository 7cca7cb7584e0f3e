// The generated references stay in step with the code they describe.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

test('docs/theming.md matches the elements’ manifest and the theme files', () => {
  const result = spawnSync(process.execPath, ['scripts/theming-doc.mjs', '--check'], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
});

test('the options table of docs/protocol.md and the JSDoc defaults match the server’s options', () => {
  const result = spawnSync(process.execPath, ['scripts/options-doc.mjs', '--check'], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
});
