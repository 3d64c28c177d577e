import { DataSource } from 'typeorm';
import type { MixedList } from 'typeorm';
import { CreateEventStore1763700000000 } from '#event-store';
import { AppendEventsIdCheckOnConflict1763700000100 } from '#event-store';
import { AppendEventSingle1763700000200 } from '#event-store';
import { VerifiableLedger1763700000300 } from '#event-store';
import { StoredLeafHash1763700800000 } from '#event-store';
import { READ_MODEL_MIGRATIONS } from '#read-models';

/**
 * Every migration of the project, in order. Schema changes go through here,
 * never through `synchronize`.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ALL_MIGRATIONS: MixedList<Function> = [
  CreateEventStore1763700000000,
  AppendEventsIdCheckOnConflict1763700000100,
  AppendEventSingle1763700000200,
  VerifiableLedger1763700000300,
  ...READ_MODEL_MIGRATIONS,
  // After every read-model migration by timestamp (TypeORM runs them in timestamp order).
  StoredLeafHash1763700800000,
];

/** Applies pending migrations; returns the names of those that ran. */
export async function runMigrations(url: string): Promise<string[]> {
  const source = new DataSource({ type: 'postgres', url, migrations: ALL_MIGRATIONS, migrationsRun: false, logging: false });
  await source.initialize();
  try {
    const ran = await source.runMigrations({ transaction: 'each' });
    return ran.map((m) => m.name);
  } finally {
    await source.destroy();
  }
}
