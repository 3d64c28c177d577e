import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `append_events` v2: the event-id lookup (idempotent retry or duplicate id) runs
 * only when it can matter, i.e. for `any`/`exists`, or after the revision check
 * failed. In v1 it ran first on every call, and PostgreSQL re-plans a query with
 * an array parameter on every call: that lookup cost more than the INSERT
 * (bench/README.md, "append").
 */
export class AppendEventsIdCheckOnConflict1763700000100 implements MigrationInterface {
  name = 'AppendEventsIdCheckOnConflict1763700000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION append_events(
        p_stream text, p_expected_kind text, p_expected bigint,
        p_ids uuid[], p_types text[], p_versions integer[], p_data jsonb[], p_metadata jsonb[],
        p_canonical text[], p_recorded_at timestamptz)
      RETURNS TABLE (status text, revision bigint, last_position bigint)
      LANGUAGE plpgsql AS $$
      DECLARE
        v_n integer := cardinality(p_ids);
        v_found integer;
        v_in_stream integer;
        v_actual bigint;
        v_prev text := '';
        v_hash text;
        v_xid xid8;
        v_base bigint;
        v_pos bigint;
        v_replay_revision bigint;
      BEGIN
        SELECT e.revision, e.hash INTO v_actual, v_prev
          FROM events e WHERE e.stream_id = p_stream ORDER BY e.revision DESC LIMIT 1;
        IF NOT FOUND THEN
          v_actual := NULL;
          v_prev := '';
        END IF;

        -- A retry of an append that already succeeded fails the revision check (no_stream,
        -- exact revision) and is recognised there; with any/exists it would not, so look now.
        IF p_expected_kind IN ('any', 'exists')
           OR (p_expected_kind = 'no_stream' AND v_actual IS NOT NULL)
           OR (p_expected_kind = 'revision' AND v_actual IS DISTINCT FROM p_expected) THEN
          SELECT count(*), count(*) FILTER (WHERE e.stream_id = p_stream), max(e.revision), max(e.position)
            INTO v_found, v_in_stream, v_replay_revision, v_pos
            FROM events e WHERE e.id = ANY (p_ids);
          IF v_found > 0 THEN
            IF v_found = v_n AND v_in_stream = v_n THEN
              RETURN QUERY SELECT 'replay'::text, v_replay_revision, v_pos;
            ELSE
              RETURN QUERY SELECT 'duplicate'::text, NULL::bigint, NULL::bigint;
            END IF;
            RETURN;
          END IF;
        END IF;

        IF (p_expected_kind = 'no_stream' AND v_actual IS NOT NULL)
           OR (p_expected_kind = 'exists' AND v_actual IS NULL)
           OR (p_expected_kind = 'revision' AND v_actual IS DISTINCT FROM p_expected) THEN
          RETURN QUERY SELECT 'conflict'::text, v_actual, NULL::bigint;
          RETURN;
        END IF;

        -- The transaction id is taken before any position: see CreateEventStore1763700000000.
        v_xid := pg_current_xact_id();
        v_base := (v_xid::text::bigint) << 20;
        SELECT coalesce(max(e.position) + 1, v_base) INTO v_pos
          FROM events e WHERE e.position >= v_base AND e.position < v_base + 1048576;
        v_actual := coalesce(v_actual, -1);
        FOR i IN 1 .. v_n LOOP
          v_hash := encode(sha256(convert_to(v_prev || p_canonical[i], 'UTF8')), 'hex');
          v_actual := v_actual + 1;
          INSERT INTO events (position, stream_id, revision, id, type, schema_version, data, metadata,
                              recorded_at, tx_id, prev_hash, hash)
          VALUES (v_pos, p_stream, v_actual, p_ids[i], p_types[i], p_versions[i], p_data[i], p_metadata[i],
                  p_recorded_at, v_xid, v_prev, v_hash);
          v_prev := v_hash;
          v_pos := v_pos + 1;
        END LOOP;
        RETURN QUERY SELECT 'ok'::text, v_actual, v_pos - 1;
      END $$`);
  }

  async down(): Promise<void> {
    // v1 is recreated by re-running CreateEventStore1763700000000's function body; not needed in practice.
  }
}
