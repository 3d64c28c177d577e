import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIndicatorsReadModels1763700051000 implements MigrationInterface {
  name = 'CreateIndicatorsReadModels1763700051000';

  async up(q: QueryRunner): Promise<void> {
    const counter = (c: string) => `${c} integer NOT NULL DEFAULT 0`;
    await q.query(`
      CREATE TABLE staff_indicators_v1 (
        staff_id text NOT NULL,
        year integer NOT NULL,
        month integer NOT NULL,
        ${[
          'assigned', 'completed', 'completed_on_time', 'on_time_meeting_quality', 'late', 'quality_exceeded', 'quality_met', 'quality_below',
          'handoffs_initiated', 'handoffs_received', 'ping_pong', 'declines', 'extensions', 'consultations_within_authority',
          'consultations_unrelated_party', 'consultations_answered_late', 'consultations_no_position', 'dossiers_returned_repeat', 'commendations',
        ].map(counter).join(',\n        ')},
        handoffs_initiated_by_reason jsonb NOT NULL DEFAULT '{}',
        handoffs_received_by_reason jsonb NOT NULL DEFAULT '{}',
        PRIMARY KEY (staff_id, year, month)
      )`);
    await q.query('CREATE INDEX staff_indicators_v1_year ON staff_indicators_v1 (year, staff_id)');
    await q.query(`
      CREATE TABLE avoidance_signals_v1 (
        event_id text NOT NULL,
        signal text NOT NULL,
        staff_id text NOT NULL,
        year integer NOT NULL,
        month integer NOT NULL,
        stream_id text NOT NULL,
        revision bigint NOT NULL,
        position bigint NOT NULL,
        occurred_at timestamptz NOT NULL,
        detail jsonb NOT NULL DEFAULT '{}',
        PRIMARY KEY (event_id, signal, staff_id)
      )`);
    await q.query('CREATE INDEX avoidance_signals_v1_staff ON avoidance_signals_v1 (year, staff_id)');
    await q.query(`
      CREATE TABLE indicator_assignments_v1 (
        assignment_id text PRIMARY KEY,
        kind text NOT NULL,
        holder text NOT NULL,
        unit_id text,
        due_at timestamptz NOT NULL,
        status text NOT NULL,
        completed_at timestamptz,
        delayed boolean NOT NULL DEFAULT false,
        quality text,
        returns integer NOT NULL DEFAULT 0,
        stream_id text NOT NULL
      )`);
    await q.query(`CREATE INDEX indicator_assignments_v1_open ON indicator_assignments_v1 (holder, due_at) WHERE status = 'open'`);
    await q.query(`
      CREATE TABLE indicator_consultations_v1 (
        consultation_id text PRIMARY KEY,
        requested_by text NOT NULL,
        requester_unit_id text,
        requested_at timestamptz NOT NULL,
        answered_by text,
        answered_at timestamptz,
        within_counted boolean NOT NULL DEFAULT false,
        unrelated_counted boolean NOT NULL DEFAULT false,
        late_counted boolean NOT NULL DEFAULT false,
        no_position_counted boolean NOT NULL DEFAULT false
      )`);
    await q.query(`
      CREATE TABLE indicator_staff_v1 (
        staff_id text PRIMARY KEY,
        category text NOT NULL,
        unit_id text NOT NULL,
        job_position text NOT NULL,
        joined_on date NOT NULL,
        left_on date,
        leaves jsonb NOT NULL DEFAULT '[]',
        posts jsonb NOT NULL DEFAULT '[]'
      )`);
    await q.query('CREATE INDEX indicator_staff_v1_unit ON indicator_staff_v1 (unit_id)');
    await q.query(`
      CREATE TABLE indicator_discipline_v1 (
        case_id text PRIMARY KEY,
        subject_id text NOT NULL,
        form text,
        decision_no text,
        effective_from date,
        related_to_duties boolean,
        annulled boolean NOT NULL DEFAULT false,
        violation_ids jsonb NOT NULL DEFAULT '[]',
        decision_stream text,
        decision_revision bigint
      )`);
    await q.query('CREATE INDEX indicator_discipline_v1_subject ON indicator_discipline_v1 (subject_id)');
    await q.query(`
      CREATE TABLE indicator_commendations_v1 (
        commendation_id text PRIMARY KEY,
        staff_id text NOT NULL,
        year integer NOT NULL,
        month integer NOT NULL,
        revoked boolean NOT NULL,
        form text NOT NULL,
        decision_no text NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['indicator_commendations_v1', 'indicator_discipline_v1', 'indicator_staff_v1', 'indicator_consultations_v1', 'indicator_assignments_v1', 'avoidance_signals_v1', 'staff_indicators_v1']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
