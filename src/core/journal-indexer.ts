import type { Core } from './context.js';
import { getCheckpoint, indexEvents } from './journal.repository.js';

/**
 * Keeps the journal's stream index and checkpoint up to date, a batch at a time, after commit.
 * Now and then it logs the checkpoint (sequence number and hash): a copy of the tail kept outside the
 * database, against which `amane verify-journal --anchor SEQ:HASH` can check the journal later.
 */
export class JournalIndexer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private lastLogged = 0;

  constructor(
    private readonly core: Pick<Core, 'db' | 'log' | 'clock'>,
    private readonly intervalMs = 250,
    private readonly logEveryMs = 60_000,
  ) {}

  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => void this.runOnce(), this.intervalMs);
    this.timer.unref();
  }

  /** Indexes everything committed so far (used at shutdown, and by tests). */
  async flush(): Promise<void> {
    await this.running;
    while ((await this.index()) > 0);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private runOnce(): void {
    if (this.running !== undefined) return;
    this.running = this.index()
      .then(() => undefined)
      .catch((error: unknown) => this.core.log.error({ err: error }, 'journal indexing failed'))
      .finally(() => {
        this.running = undefined;
      });
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
