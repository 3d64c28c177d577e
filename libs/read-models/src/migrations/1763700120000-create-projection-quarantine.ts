import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dead letters of the projections: a recorded event a projection could not apply is
 * parked here with the error, and the projection moves on (issue 12). One row per
 * projection and event; `cli projections retry <name>` applies them again.
 */
export class CreateProjectionQuarantine1763700120000 implements MigrationInterface {
  name = 'CreateProjectionQuarantine1763700120000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE projection_quarantine (
        projection     text        NOT NULL,
        position       bigint      NOT NULL,
        event_id       text        NOT NULL,
        stream_id      text        NOT NULL,
        event_type     text        NOT NULL,
        error          text        NOT NULL,
        attempts       integer     NOT NULL DEFAULT 1,
        quarantined_at timestamptz NOT NULL DEFAULT now(),
        last_tried_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (projection, position)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS projection_quarantine');
  }
}
