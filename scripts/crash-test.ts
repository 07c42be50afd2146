// `npm run crash-test [-- RUNS]`: the crash drill, RUNS times (default 20) on SQLite and on PostgreSQL.
// Each run writes through the API as fast as it can, kills the server with SIGKILL at a random moment,
// restarts it, and checks that every acknowledged write is there and that the journal verifies.
import { createTestDatabase } from '../src/core/testing.js';
import { crashDrill, type CrashDrillResult } from '../src/server/crash-drill.js';

const runs = Number(process.argv[2] ?? 20);
const postgresUrl = process.env.AMANE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
let failed = false;

for (const kind of ['sqlite', 'postgres'] as const) {
  if (kind === 'postgres') process.env.AMANE_TEST_DATABASE_URL = postgresUrl;
  else delete process.env.AMANE_TEST_DATABASE_URL;
  const results: CrashDrillResult[] = [];
  for (let i = 1; i <= runs; i += 1) {
    let database;
    try {
      database = await createTestDatabase();
    } catch (error) {
      console.log(`${kind}: no database (${(error as Error).message}); skipped`);
      break;
    }
    try {
      const killAfterMs = Math.floor(Math.random() * 1_500);
      const result = await crashDrill({ databaseUrl: database.url, killAfterMs, label: `r${i}` });
      results.push(result);
      const verdict = result.lost === 0 && result.journalVerified ? 'ok' : 'FAILED';
      console.log(
        `${kind} run ${String(i).padStart(2)}: killed ${String(killAfterMs).padStart(4)} ms after 20 writes, ` +
          `${String(result.acknowledged).padStart(5)} acknowledged, ${String(result.present).padStart(5)} present, ` +
          `${result.lost} lost, journal: ${result.journalOutput}  ${verdict}`,
      );
      if (verdict !== 'ok') failed = true;
    } finally {
      await database.drop();
    }
  }
  const acknowledged = results.reduce((sum, r) => sum + r.acknowledged, 0);
  const lost = results.reduce((sum, r) => sum + r.lost, 0);
  const verified = results.filter((r) => r.journalVerified).length;
  console.log(`${kind}: ${results.length} runs, ${acknowledged} acknowledged writes, ${lost} lost, journal verified in ${verified}/${results.length}\n`);
}
process.exit(failed ? 1 : 0);
