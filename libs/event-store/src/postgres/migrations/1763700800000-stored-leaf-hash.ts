import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stored leaf hashes (issue 11, sealing cost): the append functions already build the
 * canonical event (`ledger_canonical`, with the global position and `recorded_at` at full
 * precision) for the chain hash; they now also store its RFC 9162 leaf hash,
 * SHA-256(0x00 || canonical), in `events.leaf_hash`, so the sealer reads it instead of
 * rebuilding the canonical text in SQL (11-16 µs of server time per event). Rows appended
 * before this migration keep `leaf_hash` NULL and the sealer computes theirs as before.
 *
 * The stored value is a cache for the sealer only: `verify` never reads it, it rebuilds
 * every leaf from the event content, so an altered `leaf_hash` (sealed as is) shows as a
 * leaf mismatch. Only the SECURITY DEFINER append functions write `events`; the service
 * role still may not.
 */
export class StoredLeafHash1763700800000 implements MigrationInterface {
  name = 'StoredLeafHash1763700800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE events ADD COLUMN leaf_hash bytea CHECK (leaf_hash IS NULL OR length(leaf_hash) = 32)');
    await q.query(`
      CREATE OR REPLACE FUNCTION append_event(
        p_stream text, p_expected_kind text, p_expected bigint,
        p_id uuid, p_type text, p_version integer, p_data jsonb, p_metadata jsonb, p_recorded_at timestamptz,
        OUT status text, OUT revision bigint, OUT last_position bigint)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        v_actual bigint;
        v_prev text := '';
        v_prev_at timestamptz;
        v_at timestamptz;
        v_xid xid8;
        v_base bigint;
        v_pos bigint;
        v_stream text;
        v_canon bytea;
      BEGIN
        SELECT e.revision, e.hash, e.recorded_at INTO v_actual, v_prev, v_prev_at
          FROM events e WHERE e.stream_id = p_stream ORDER BY e.revision DESC LIMIT 1;
        IF NOT FOUND THEN
          v_actual := NULL;
          v_prev := '';
        END IF;

        IF p_expected_kind IN ('any', 'exists')
           OR (p_expected_kind = 'no_stream' AND v_actual IS NOT NULL)
           OR (p_expected_kind = 'revision' AND v_actual IS DISTINCT FROM p_expected) THEN
          SELECT e.stream_id, e.revision, e.position INTO v_stream, revision, last_position
            FROM events e WHERE e.id = p_id;
          IF FOUND THEN
            status := CASE WHEN v_stream = p_stream THEN 'replay' ELSE 'duplicate' END;
            IF status = 'duplicate' THEN
              revision := NULL;
              last_position := NULL;
            END IF;
            RETURN;
          END IF;
        END IF;

        IF (p_expected_kind = 'no_stream' AND v_actual IS NOT NULL)
           OR (p_expected_kind = 'exists' AND v_actual IS NULL)
           OR (p_expected_kind = 'revision' AND v_actual IS DISTINCT FROM p_expected) THEN
          status := 'conflict';
          revision := v_actual;
          last_position := NULL;
          RETURN;
        END IF;

        -- recorded_at never goes backwards within a stream (clocks of several API replicas).
        v_at := greatest(p_recorded_at, v_prev_at);
        v_xid := pg_current_xact_id();
        v_base := (v_xid::text::bigint) << 20;
        SELECT coalesce(max(e.position) + 1, v_base) INTO v_pos
          FROM events e WHERE e.position >= v_base AND e.position < v_base + 1048576;
        revision := coalesce(v_actual, -1) + 1;
        v_canon := convert_to(ledger_canonical(v_pos, p_stream, revision, v_at, p_id, p_type, p_version, p_metadata, p_data), 'UTF8');
        INSERT INTO events (position, stream_id, revision, id, type, schema_version, data, metadata,
                            recorded_at, tx_id, prev_hash, hash, chain_version, leaf_hash)
        VALUES (v_pos, p_stream, revision, p_id, p_type, p_version, p_data, p_metadata, v_at, v_xid, v_prev,
                encode(sha256(convert_to(v_prev, 'UTF8') || v_canon), 'hex'), 2, sha256('\\x00'::bytea || v_canon));
        status := 'ok';
        last_position := v_pos;
      END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION append_events(
        p_stream text, p_expected_kind text, p_expected bigint,
        p_ids uuid[], p_types text[], p_versions integer[], p_data jsonb[], p_metadata jsonb[], p_recorded_at timestamptz)
      RETURNS TABLE (status text, revision bigint, last_position bigint)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        v_n integer := cardinality(p_ids);
        v_found integer;
        v_in_stream integer;
        v_actual bigint;
        v_prev text := '';
        v_prev_at timestamptz;
        v_at timestamptz;
        v_hash text;
        v_canon bytea;
        v_xid xid8;
        v_base bigint;
        v_pos bigint;
        v_replay_revision bigint;
      BEGIN
        SELECT e.revision, e.hash, e.recorded_at INTO v_actual, v_prev, v_prev_at
          FROM events e WHERE e.stream_id = p_stream ORDER BY e.revision DESC LIMIT 1;
        IF NOT FOUND THEN
          v_actual := NULL;
          v_prev := '';
        END IF;

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

        v_at := greatest(p_recorded_at, v_prev_at);
        v_xid := pg_current_xact_id();
        v_base := (v_xid::text::bigint) << 20;
        SELECT coalesce(max(e.position) + 1, v_base) INTO v_pos
          FROM events e WHERE e.position >= v_base AND e.position < v_base + 1048576;
        v_actual := coalesce(v_actual, -1);
        FOR i IN 1 .. v_n LOOP
          v_actual := v_actual + 1;
          v_canon := convert_to(ledger_canonical(v_pos, p_stream, v_actual, v_at, p_ids[i], p_types[i],
                                                 p_versions[i], p_metadata[i], p_data[i]), 'UTF8');
          v_hash := encode(sha256(convert_to(v_prev, 'UTF8') || v_canon), 'hex');
          INSERT INTO events (position, stream_id, revision, id, type, schema_version, data, metadata,
                              recorded_at, tx_id, prev_hash, hash, chain_version, leaf_hash)
          VALUES (v_pos, p_stream, v_actual, p_ids[i], p_types[i], p_versions[i], p_data[i], p_metadata[i],
                  v_at, v_xid, v_prev, v_hash, 2, sha256('\\x00'::bytea || v_canon));
          v_prev := v_hash;
          v_pos := v_pos + 1;
        END LOOP;
        RETURN QUERY SELECT 'ok'::text, v_actual, v_pos - 1;
      END $$`);

  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION append_event(
        p_stream text, p_expected_kind text, p_expected bigint,
        p_id uuid, p_type text, p_version integer, p_data jsonb, p_metadata jsonb, p_recorded_at timestamptz,
        OUT status text, OUT revision bigint, OUT last_position bigint)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        v_actual bigint;
        v_prev text := '';
        v_prev_at timestamptz;
        v_at timestamptz;
        v_xid xid8;
        v_base bigint;
        v_pos bigint;
        v_stream text;
      BEGIN
        SELECT e.revision, e.hash, e.recorded_at INTO v_actual, v_prev, v_prev_at
          FROM events e WHERE e.stream_id = p_stream ORDER BY e.revision DESC LIMIT 1;
        IF NOT FOUND THEN
          v_actual := NULL;
          v_prev := '';
        END IF;

        IF p_expected_kind IN ('any', 'exists')
           OR (p_expected_kind = 'no_stream' AND v_actual IS NOT NULL)
           OR (p_expected_kind = 'revision' AND v_actual IS DISTINCT FROM p_expected) THEN
          SELECT e.stream_id, e.revision, e.position INTO v_stream, revision, last_position
            FROM events e WHERE e.id = p_id;
          IF FOUND THEN
            status := CASE WHEN v_stream = p_stream THEN 'replay' ELSE 'duplicate' END;
            IF status = 'duplicate' THEN
              revision := NULL;
              last_position := NULL;
            END IF;
            RETURN;
          END IF;
        END IF;

        IF (p_expected_kind = 'no_stream' AND v_actual IS NOT NULL)
           OR (p_expected_kind = 'exists' AND v_actual IS NULL)
           OR (p_expected_kind = 'revision' AND v_actual IS DISTINCT FROM p_expected) THEN
          status := 'conflict';
          revision := v_actual;
          last_position := NULL;
          RETURN;
        END IF;

        -- recorded_at never goes backwards within a stream (clocks of several API replicas).
        v_at := greatest(p_recorded_at, v_prev_at);
        v_xid := pg_current_xact_id();
        v_base := (v_xid::text::bigint) << 20;
        SELECT coalesce(max(e.position) + 1, v_base) INTO v_pos
          FROM events e WHERE e.position >= v_base AND e.position < v_base + 1048576;
        revision := coalesce(v_actual, -1) + 1;
        INSERT INTO events (position, stream_id, revision, id, type, schema_version, data, metadata,
                            recorded_at, tx_id, prev_hash, hash, chain_version)
        VALUES (v_pos, p_stream, revision, p_id, p_type, p_version, p_data, p_metadata, v_at, v_xid, v_prev,
                encode(sha256(convert_to(v_prev || ledger_canonical(v_pos, p_stream, revision, v_at, p_id, p_type, p_version, p_metadata, p_data), 'UTF8')), 'hex'),
                2);
        status := 'ok';
        last_position := v_pos;
      END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION append_events(
        p_stream text, p_expected_kind text, p_expected bigint,
        p_ids uuid[], p_types text[], p_versions integer[], p_data jsonb[], p_metadata jsonb[], p_recorded_at timestamptz)
      RETURNS TABLE (status text, revision bigint, last_position bigint)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        v_n integer := cardinality(p_ids);
        v_found integer;
        v_in_stream integer;
        v_actual bigint;
        v_prev text := '';
        v_prev_at timestamptz;
        v_at timestamptz;
        v_hash text;
        v_xid xid8;
        v_base bigint;
        v_pos bigint;
        v_replay_revision bigint;
      BEGIN
        SELECT e.revision, e.hash, e.recorded_at INTO v_actual, v_prev, v_prev_at
          FROM events e WHERE e.stream_id = p_stream ORDER BY e.revision DESC LIMIT 1;
        IF NOT FOUND THEN
          v_actual := NULL;
          v_prev := '';
        END IF;

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

        v_at := greatest(p_recorded_at, v_prev_at);
        v_xid := pg_current_xact_id();
        v_base := (v_xid::text::bigint) << 20;
        SELECT coalesce(max(e.position) + 1, v_base) INTO v_pos
          FROM events e WHERE e.position >= v_base AND e.position < v_base + 1048576;
        v_actual := coalesce(v_actual, -1);
        FOR i IN 1 .. v_n LOOP
          v_actual := v_actual + 1;
          v_hash := encode(sha256(convert_to(v_prev || ledger_canonical(v_pos, p_stream, v_actual, v_at, p_ids[i], p_types[i],
                                                                         p_versions[i], p_metadata[i], p_data[i]), 'UTF8')), 'hex');
          INSERT INTO events (position, stream_id, revision, id, type, schema_version, data, metadata,
                              recorded_at, tx_id, prev_hash, hash, chain_version)
          VALUES (v_pos, p_stream, v_actual, p_ids[i], p_types[i], p_versions[i], p_data[i], p_metadata[i],
                  v_at, v_xid, v_prev, v_hash, 2);
          v_prev := v_hash;
          v_pos := v_pos + 1;
        END LOOP;
        RETURN QUERY SELECT 'ok'::text, v_actual, v_pos - 1;
      END $$`);

    await q.query('ALTER TABLE events DROP COLUMN leaf_hash');
  }
}
