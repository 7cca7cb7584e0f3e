// A reporter for node's test runner (`--test-reporter=./scripts/node-summary-reporter.mjs`) that
// writes one JSON object for npm test's summary (scripts/test.mjs): the tests passed, failed,
// skipped, todo and cancelled, every failed test with its error's first line, every skip and todo by file and name with its reason (`t.skip('why')`,
// `{ skip: 'why' }`; `true` when none was given), and the files that failed outside a test or ran no
// test at all. Suites are not counted as tests; a test with subtests is, as node's own summary does.
import { relative } from 'node:path';

export default async function* nodeSummaryReporter(source) {
  const summary = {
    passed: 0,
    failed: 0,
    skipped: 0,
    todo: 0,
    cancelled: 0,
    skips: [],
    todos: [],
    failures: [],
    brokenFiles: [],
  };
  /** Tests counted per file, to find a file that ran none. */
  const perFile = new Map();
  const where = (data) => (data.file ? relative(process.cwd(), data.file) : '(unknown file)');
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const data = event.data;
    const file = where(data);
    if (!perFile.has(file)) perFile.set(file, 0);
    // The runner's own entry for a whole file: fails when the file throws outside a test.
    if (data.file && data.name === data.file) {
      if (event.type === 'test:fail' && perFile.get(file) === 0)
        summary.brokenFiles.push({ file, error: String(data.details?.error?.cause ?? data.details?.error ?? '') });
      continue;
    }
    if (data.details?.type === 'suite') continue;
    perFile.set(file, perFile.get(file) + 1);
    if (data.skip !== undefined) {
      summary.skipped++;
      summary.skips.push({ file, title: data.name, reason: typeof data.skip === 'string' ? data.skip : null });
    } else if (data.todo !== undefined) {
      summary.todo++;
      summary.todos.push({ file, title: data.name, reason: typeof data.todo === 'string' ? data.todo : null });
    } else if (event.type === 'test:pass') summary.passed++;
    else if (data.details?.error?.failureType === 'cancelledByParent') summary.cancelled++;
    else {
      summary.failed++;
      const error = data.details?.error;
      const message = String(error?.cause?.message ?? error?.cause ?? error?.message ?? error ?? 'no error message');
      summary.failures.push({ file, title: data.name, error: message.split('\n')[0].slice(0, 300) });
    }
  }
  for (const [file, count] of perFile)
    if (count === 0 && !summary.brokenFiles.some((b) => b.file === file))
      summary.brokenFiles.push({ file, error: 'ran no test' });
  yield `${JSON.stringify(summary, null, 2)}\n`;
}
