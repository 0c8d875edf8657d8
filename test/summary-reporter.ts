import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends the run with one plain "N passed, N failed, N skipped" line that any CI can read, after
 * the full name of every skipped test: a skip always says why in its name.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0, pending: 0 };
    const skipped: string[] = [];
    for (const m of testModules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        counts[state] += 1;
        if (state === 'skipped') skipped.push(t.fullName);
      }
    }
    for (const name of skipped) process.stdout.write(`\nskipped: ${name}`);
    process.stdout.write(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  }
}
