// The closing line of `npm test` adds up what each step reported. It must agree with the exit code: a
// test file that fails to load (it has no failed test of its own), an error vitest reports outside any
// test, and a failed check step (type-check, lint, structure, build) all count as failures.

/** An empty tally. */
export function newTally() {
  return { passed: 0, failed: 0, skipped: 0 };
}

/**
 * Adds one vitest run to the tally, from its JSON report (`report` is undefined when none was written)
 * and whether the run exited 0. Example: a run with one passing file and one that throws while loading
 * adds `{ passed: 1, failed: 1 }`.
 */
export function addVitestRun(tally, report, exitedOk) {
  let failed = 0;
  if (report !== undefined) {
    tally.passed += report.numPassedTests;
    tally.skipped += report.numPendingTests + report.numTodoTests;
    failed += report.numFailedTests;
    // A file that failed with no failing test in it failed outside its tests: while loading, or in a hook.
    for (const file of report.testResults ?? []) {
      if (file.status === 'failed' && !file.assertionResults.some((test) => test.status === 'failed')) failed += 1;
    }
  }
  // An unhandled error, a crash or a missing report: the run failed, whatever its tests said.
  if (!exitedOk && failed === 0) failed = 1;
  tally.failed += failed;
}

/** Adds a check step that is not a test run (type-check, lint, structure, build): it fails as one. */
export function addStep(tally, exitedOk) {
  if (!exitedOk) tally.failed += 1;
}

/** The closing line, `N passed, N failed, N skipped`. */
export function closingLine(tally) {
  return `${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`;
}
