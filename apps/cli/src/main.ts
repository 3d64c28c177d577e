import 'reflect-metadata';
import { Command } from 'commander';
import { PostgresEventStore } from '../../../libs/event-store/src/postgres/postgres.event-store.js';
import { loadConfig } from '../../../libs/platform/src/config/config.js';
import { runMigrations } from '../../../libs/platform/src/database/migrations.js';
import { resolveDatabase } from '../../../libs/platform/src/database/resolve.js';

const program = new Command()
  .name('ledger')
  .description('accountability-ledger operations: migrations, chain verification, digests')
  .showHelpAfterError();

program
  .command('migrate')
  .description('apply pending database migrations (DATABASE_URL, or the embedded server under DATA_DIR)')
  .action(async () => {
    await withDatabase(async (url) => {
      const ran = await runMigrations(url);
      console.log(ran.length ? `applied: ${ran.join(', ')}` : 'database schema is up to date');
    });
  });

program
  .command('verify')
  .argument('[stream]', 'one stream id; all streams when omitted')
  .description('recompute the hash chains and report the first broken event of each stream')
  .action(async (stream?: string) => {
    await withDatabase(async (url) => {
      const store = new PostgresEventStore({ connectionString: url });
      try {
        const result = await store.verify(stream);
        console.log(
          JSON.stringify(
            { ...result, broken: result.broken.map((b) => ({ ...b, revision: Number(b.revision), position: b.position.toString() })) },
            null,
            2,
          ),
        );
        process.exitCode = result.ok ? 0 : 2;
      } finally {
        await store.close();
      }
    });
  });

program
  .command('digest')
  .description('compute the Merkle root over all stream heads and store it in event_digests')
  .action(async () => {
    await withDatabase(async (url) => {
      const store = new PostgresEventStore({ connectionString: url });
      try {
        const digest = await store.recordDigest();
        console.log(JSON.stringify({ ...digest, position: digest.position.toString() }));
      } finally {
        await store.close();
      }
    });
  });

async function withDatabase(work: (url: string) => Promise<void>): Promise<void> {
  const db = await resolveDatabase(loadConfig());
  try {
    await work(db.url);
  } finally {
    await db.release();
  }
}

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
