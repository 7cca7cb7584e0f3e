/** The commit a bench measured, for the documents it writes. */
import { execFileSync } from 'node:child_process';

/**
 * `git rev-parse --short HEAD`, with ` + uncommitted changes` when a tracked file other than a
 * document (`*.md`) or a bench's own output (`docs/*.json`) differs from it: those do not change
 * what is measured, and the benches themselves rewrite them.
 */
export function measuredCommit(cwd: string): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd, encoding: 'utf8' }).trim();
    const changed = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd, encoding: 'utf8' })
      .split('\n')
      .map((line) => line.slice(3).trim())
      .filter((file) => file && !file.endsWith('.md') && !/^docs\/[^/]+\.json$/.test(file));
    return changed.length ? `${head} + uncommitted changes` : head;
  } catch {
    return 'unknown (no git)';
  }
}
