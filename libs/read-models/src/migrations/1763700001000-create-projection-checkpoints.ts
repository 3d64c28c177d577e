import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Checkpoints of projections and relays: moved in the same transaction as their rows. */
export class CreateProjectionCheckpoints1763700001000 implements MigrationInterface {
  name = 'CreateProjectionCheckpoints1763700001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE projection_checkpoints (
        name       text        PRIMARY KEY,
        position   bigint      NOT NULL DEFAULT 0,
        events     bigint      NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE idempotency_keys (
        subject      text        NOT NULL,
        key          text        NOT NULL,
        method       text        NOT NULL,
        path         text        NOT NULL,
        request_hash text        NOT NULL,
        status       integer,
        body         jsonb,
        headers      jsonb,
        created_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (subject, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS idempotency_keys');
    await q.query('DROP TABLE IF EXISTS projection_checkpoints');
  }
}
