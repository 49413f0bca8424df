import type { Reporter, TestModule } from 'vitest/node';

/** Ends a run with one plain line, "tests: N passed, N failed, N skipped", for tools that read it. */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: readonly TestModule[]): void {
    const tally = { passed: 0, failed: 0, skipped: 0 };
    for (const m of modules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') tally.passed++;
        else if (state === 'failed') tally.failed++;
        else tally.skipped++;
      }
      if (m.state() === 'failed' && [...m.children.allTests()].length === 0) tally.failed++;
    }
    process.stdout.write(`\ntests: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped\n`);
  }
}
