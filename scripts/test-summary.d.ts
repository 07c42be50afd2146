/** The counts of `npm test`'s closing line. */
export interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

/** The parts of vitest's JSON report that the tally reads. */
export interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults?: readonly { status: string; assertionResults: readonly { status: string }[] }[];
}

export function newTally(): Tally;
export function addVitestRun(tally: Tally, report: VitestReport | undefined, exitedOk: boolean): void;
export function addStep(tally: Tally, exitedOk: boolean): void;
export function closingLine(tally: Tally): string;
