import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The legal consequences of disciplinary decisions as rows with their periods
 * (ConsequencesRecorded), for the commendation rule, classification and the staff
 * history. Each case's rows are replaced when an appeal modifies or annuls a decision.
 */
export class CreateDisciplineConsequences1763700062000 implements MigrationInterface {
  name = 'CreateDisciplineConsequences1763700062000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE discipline_consequences_v1 (
        case_id text NOT NULL,
        subject_id text NOT NULL,
        kind text NOT NULL,
        decision_no text NOT NULL,
        form text,
        from_date date NOT NULL,
        until_date date NOT NULL,
        source text NOT NULL,
        PRIMARY KEY (case_id, kind)
      )`);
    await q.query('CREATE INDEX discipline_consequences_v1_subject ON discipline_consequences_v1 (subject_id, kind, until_date)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE discipline_consequences_v1');
  }
}
