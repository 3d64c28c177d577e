import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An in-flight Idempotency-Key record holds a lease (issue 12): after a crash the
 * record is not "in flight" forever; a retry after `lease_until` takes it over. Records
 * left in flight before this migration get an expired lease, so they recover at once.
 */
export class IdempotencyLease1763700120100 implements MigrationInterface {
  name = 'IdempotencyLease1763700120100';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE idempotency_keys ADD COLUMN lease_until timestamptz');
    await q.query('ALTER TABLE idempotency_keys ADD COLUMN attempts integer NOT NULL DEFAULT 1');
    await q.query('UPDATE idempotency_keys SET lease_until = created_at WHERE status IS NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE idempotency_keys DROP COLUMN attempts');
    await q.query('ALTER TABLE idempotency_keys DROP COLUMN lease_until');
  }
}
