// What npm test (scripts/test.mjs) makes of the JSON summaries the runners' reporters write
// (test/plugins/summary-reporter.ts for web-test-runner, scripts/node-summary-reporter.mjs for
// node's runner): pure functions, so that the rules are tested on their own
// (test/node/test-summary.test.ts). Each returns the totals, the lines to print, every skip with
// its reason, and the problems that fail the step.

/**
 * A web-test-runner step. `engines`: the reporter's JSON (null when it wrote none); `wanted`: the
 * engines the step was to run; `label`: the step's short name. A problem: no summary; an engine
 * that ran no file or passed no test; a file that broke outside its tests; a skip without a reason;
 * Chromium or Firefox skipping a test for lacking WebRTC (both have it: the feature check is wrong).
 */
export function judgeBrowserSummary(engines, wanted, label) {
  const result = { passed: 0, failed: 0, skipped: 0, lines: [], skips: [], failures: [], problems: [] };
  if (!Array.isArray(engines)) {
    result.problems.push('web-test-runner wrote no summary: nothing can be counted');
    return result;
  }
  for (const name of wanted) {
    const engine = engines.find((e) => e.engine === name);
    if (!engine) {
      result.problems.push(`${name} ran no test file at all`);
      continue;
    }
    result.passed += engine.passed;
    result.failed += engine.failed;
    result.skipped += engine.skipped;
    result.lines.push(
      `${name}: ${engine.files} files, ${engine.passed} passed, ${engine.failed} failed, ${engine.skipped} skipped` +
        (engine.seconds === undefined ? '' : `, ${engine.seconds} s in tests`),
    );
    for (const f of engine.failures ?? [])
      result.failures.push({ where: `${label} ${name}`, title: `${f.file} › ${f.title}`, error: f.error });
    const slowest = (engine.slowest ?? []).slice(0, 5);
    if (slowest.length)
      result.lines.push(
        `  slowest: ${slowest.map((s) => `${s.file.replace(/^dist\//, '')} ${s.seconds} s`).join(', ')}`,
      );
    if (engine.passed === 0) result.problems.push(`${name} passed no test`);
    for (const broken of engine.brokenFiles)
      result.problems.push(
        `${name}: ${broken.file} failed outside its tests: ${broken.errors.join('; ') || 'no result'}`,
      );
    for (const skip of engine.skips) {
      result.skips.push({ where: `${label} ${name}`, title: `${skip.file} › ${skip.title}`, reason: skip.reason });
      if (!skip.reason) result.problems.push(`${name} skipped "${skip.title}" (${skip.file}) without a reason`);
      else if (name !== 'webkit' && skip.reason.includes('RTCPeerConnection'))
        result.problems.push(
          `${name} has WebRTC, yet skipped "${skip.title}": the feature check in test/browser/webrtc.ts is wrong`,
        );
    }
  }
  return result;
}

/**
 * The node test step. `summary`: the reporter's JSON (null when it wrote none). A problem: no
 * summary; no test passed; a test cancelled; a file that broke outside its tests or ran none; a skip
 * or todo without a reason. Cancelled tests count as failed, todo ones as skipped.
 */
export function judgeNodeSummary(summary) {
  const result = { passed: 0, failed: 0, skipped: 0, lines: [], skips: [], failures: [], problems: [] };
  if (!summary) {
    result.problems.push('the node test runner wrote no summary: nothing can be counted');
    return result;
  }
  result.passed = summary.passed;
  result.failed = summary.failed + summary.cancelled;
  result.skipped = summary.skipped + summary.todo;
  result.lines.push(
    `${summary.passed} passed, ${summary.failed} failed, ${summary.cancelled} cancelled, ` +
      `${summary.skipped} skipped, ${summary.todo} todo`,
  );
  for (const f of summary.failures ?? [])
    result.failures.push({ where: 'node', title: `${f.file} › ${f.title}`, error: f.error });
  if (summary.passed === 0) result.problems.push('no node test passed');
  if (summary.cancelled) result.problems.push(`${summary.cancelled} test(s) cancelled (a parent failed or timed out)`);
  for (const broken of summary.brokenFiles) result.problems.push(`${broken.file}: ${broken.error}`);
  for (const [kind, list] of [
    ['skip', summary.skips],
    ['todo', summary.todos],
  ])
    for (const skip of list) {
      result.skips.push({ where: `node ${kind}`, title: `${skip.file} › ${skip.title}`, reason: skip.reason });
      if (!skip.reason) result.problems.push(`a ${kind} without a reason: "${skip.title}" (${skip.file})`);
    }
  return result;
}
