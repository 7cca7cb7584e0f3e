// The generated references stay in step with the code they describe.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

test('docs/theming.md matches the elements’ manifest and the theme files', () => {
  const result = spawnSync(process.execPath, ['scripts/theming-doc.mjs', '--check'], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
});

test('the options table of docs/protocol.md and the JSDoc defaults match the server’s options', () => {
  const result = spawnSync(process.execPath, ['scripts/options-doc.mjs', '--check'], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
});

/** The `@event` names of element `tag` in the manifest (its JSDoc). */
function eventsOf(tag: string): string[] {
  const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8')) as {
    modules: { declarations?: { tagName?: string; events?: { name: string }[] }[] }[];
  };
  const element = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === tag);
  assert.ok(element, `${tag} is not in custom-elements.json`);
  return (element.events ?? []).map((e) => e.name);
}

test('the README’s one table of events on <rtc-room> lists the room’s @events, and they cover every event of the parts it renders', () => {
  const lines = readFileSync('README.md', 'utf8').split('\n');
  const header = lines.findIndex((line) => line.startsWith('| event on `<rtc-room>`'));
  assert.ok(header >= 0, 'no "| event on `<rtc-room>`" table in the README');
  const rows: string[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.split('|')[1]!.trim().replaceAll('`', ''));
  }
  assert.deepEqual([...rows].sort(), eventsOf('rtc-room').sort(), 'the README table and the JSDoc of RtcRoom differ');
  // What the room renders in its shadow root: a part's event the table misses would die there.
  for (const tag of ['rtc-participant', 'rtc-video', 'rtc-controls', 'rtc-chat', 'rtc-device-picker', 'rtc-stats']) {
    for (const event of eventsOf(tag)) assert.ok(rows.includes(event), `${tag} fires ${event}, which the table lacks`);
  }
});
