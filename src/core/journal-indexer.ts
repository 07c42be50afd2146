import type { Core } from './context.js';
import { getCheckpoint, indexEvents } from './journal.repository.js';
import { startSweep, type Sweep } from './sweep.js';

/**
 * Keeps the journal's stream index and checkpoint up to date, a batch at a time, after commit.
 * Now and then it logs the checkpoint (sequence number and hash): a copy of the tail kept outside the
 * database, against which `amane verify-journal --anchor SEQ:HASH` can check the journal later.
 */
export class JournalIndexer {
  private sweep: Sweep | undefined;
  private lastLogged = 0;

  constructor(
    private readonly core: Pick<Core, 'db' | 'log' | 'clock'>,
    private readonly intervalMs = 250,
    private readonly logEveryMs = 60_000,
  ) {}

  start(): void {
    this.sweep ??= startSweep(this.core, { name: 'journal indexing', everyMs: this.intervalMs, run: () => this.index() });
  }

  /** Indexes everything committed so far (used at shutdown, and by tests). */
  async flush(): Promise<void> {
    await this.sweep?.settled();
    while ((await this.index()) > 0);
  }

  async stop(): Promise<void> {
    const sweep = this.sweep;
    this.sweep = undefined;
    await sweep?.stop();
    await this.flush();
  }

  private async index(): Promise<number> {
    const indexed = await indexEvents(this.core.db);
    const now = this.core.clock.now().getTime();
    if (indexed > 0 && now - this.lastLogged >= this.logEveryMs) {
      this.lastLogged = now;
      const checkpoint = await getCheckpoint(this.core.db);
      this.core.log.info({ journalCheckpoint: checkpoint }, `journal checkpoint ${checkpoint.seq}:${checkpoint.hash}`);
    }
    return indexed;
  }
}
