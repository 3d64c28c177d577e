import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A recorded AssignmentIssued whose due date or issue time is unusable (odd data written
 * behind the API: a day that does not exist, not an instant) no longer parks the
 * assignment in the quarantine of the work board: the row is written with the date
 * null (no date in force) and read back null-safe (assignment-board.projection.ts).
 */
export class BoardDatesNullable1763700420100 implements MigrationInterface {
  name = 'BoardDatesNullable1763700420100';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE assignment_board_v1 ALTER COLUMN due_at DROP NOT NULL');
    await q.query('ALTER TABLE assignment_board_v1 ALTER COLUMN issued_at DROP NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM assignment_board_v1 WHERE due_at IS NULL OR issued_at IS NULL');
    await q.query('ALTER TABLE assignment_board_v1 ALTER COLUMN due_at SET NOT NULL');
    await q.query('ALTER TABLE assignment_board_v1 ALTER COLUMN issued_at SET NOT NULL');
  }
}
