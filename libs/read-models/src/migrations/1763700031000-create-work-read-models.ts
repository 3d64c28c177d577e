import type { MigrationInterface, QueryRunner } from 'typeorm';

/** assignment_board_v1 and responsibility_trail_v1 (work handling). */
export class CreateWorkReadModels1763700031000 implements MigrationInterface {
  name = 'CreateWorkReadModels1763700031000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE assignment_board_v1 (
        id text PRIMARY KEY,
        kind text NOT NULL,
        title text NOT NULL,
        unit_id text,
        assignee text NOT NULL,
        assigned_by text NOT NULL,
        holder text NOT NULL,
        responsible text NOT NULL,
        status text NOT NULL,
        due_at timestamptz NOT NULL,
        issued_at timestamptz NOT NULL,
        completed_at timestamptz,
        late boolean,
        quality text,
        handoffs integer NOT NULL,
        ping_pongs integer NOT NULL,
        participants text[] NOT NULL,
        version integer NOT NULL,
        last_position bigint NOT NULL
      )`);
    await q.query('CREATE INDEX assignment_board_v1_unit ON assignment_board_v1 (unit_id, id)');
    await q.query('CREATE INDEX assignment_board_v1_holder ON assignment_board_v1 (holder, id)');
    await q.query('CREATE INDEX assignment_board_v1_open_due ON assignment_board_v1 (due_at) WHERE status IN (\'issued\', \'accepted\', \'declined\')');
    await q.query('CREATE INDEX assignment_board_v1_participants ON assignment_board_v1 USING gin (participants)');
    await q.query(`
      CREATE TABLE responsibility_trail_v1 (
        event_id uuid PRIMARY KEY,
        assignment_id text NOT NULL,
        step_no integer NOT NULL,
        action text NOT NULL,
        responsible text,
        holder text,
        unit_id text,
        from_at timestamptz NOT NULL,
        to_at timestamptz,
        reason text,
        justification text,
        actor text NOT NULL,
        ping_pong boolean NOT NULL,
        event_position bigint NOT NULL,
        UNIQUE (assignment_id, step_no)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS responsibility_trail_v1');
    await q.query('DROP TABLE IF EXISTS assignment_board_v1');
  }
}
