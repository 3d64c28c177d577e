import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The verifiable ledger (issue 11, DESIGN.md section 5):
 *
 * - hash chain v2: the append functions compute the canonical form themselves
 *   (`ledger_canonical`), so it covers the global position and `recorded_at` at
 *   full (microsecond) precision, and a caller can no longer pass a canonical text
 *   that differs from the stored data. Rows written before this migration keep
 *   `chain_version` 1 and verify by the old rule;
 * - the global Merkle log (RFC 9162): `ledger_leaves` (leaf index -> position, leaf
 *   hash) and `ledger_nodes` (every complete aligned subtree above the leaves), both
 *   append-only;
 * - `ledger_checkpoints`: signed tree heads, append-only, written only through
 *   `ledger_record_checkpoint`;
 * - roles: `ledger_owner` owns the SECURITY DEFINER functions that write events and
 *   checkpoints; `ledger_service` (the role the service runs as) may call them, read
 *   everything, and write read models and bookkeeping, but may not INSERT, UPDATE or
 *   DELETE `events` or `ledger_checkpoints` itself. Roles are cluster-wide, so they are
 *   created only when missing (several databases, e.g. test clones, share them).
 */
export class VerifiableLedger1763700000300 implements MigrationInterface {
  name = 'VerifiableLedger1763700000300';

  async up(q: QueryRunner): Promise<void> {
    for (const role of ['ledger_owner', 'ledger_service']) {
      await q.query(`
        DO $$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role} NOLOGIN; END IF;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END $$`);
    }
    // Whoever runs migrations must be able to hand objects to ledger_owner.
    await q.query(`DO $$ BEGIN
        IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN EXECUTE format('GRANT ledger_owner TO %I', current_user); END IF;
      EXCEPTION WHEN others THEN NULL; END $$`);

    await q.query(`ALTER TABLE events ADD COLUMN chain_version smallint NOT NULL DEFAULT 1`);
    await q.query(`ALTER TABLE events ALTER COLUMN chain_version SET DEFAULT 2`);

    // The canonical event (leaf entry and chain input). Mirrored in hash-chain.ts
    // (canonicalEventV2); jsonb's text form is deterministic for a stored value.
    await q.query(`
      CREATE FUNCTION ledger_canonical(p_position bigint, p_stream text, p_revision bigint, p_recorded_at timestamptz,
                                       p_id uuid, p_type text, p_version integer, p_metadata jsonb, p_data jsonb)
      RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT 'ledger-event/2' || E'\\n' || p_position::text || E'\\n' || to_json(p_stream)::text || E'\\n' || p_revision::text
          || E'\\n' || to_char(p_recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || E'\\n' || p_id::text
          || E'\\n' || to_json(p_type)::text || E'\\n' || p_version::text || E'\\n' || p_metadata::text || E'\\n' || p_data::text
      $$`);

    await q.query('DROP FUNCTION append_event(text, text, bigint, uuid, text, integer, jsonb, jsonb, text, timestamptz)');
    await q.query('DROP FUNCTION append_events(text, text, bigint, uuid[], text[], integer[], jsonb[], jsonb[], text[], timestamptz)');
    await q.query(`
      CREATE FUNCTION append_event(
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
      CREATE FUNCTION append_events(
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

    await q.query(`
      CREATE TABLE ledger_leaves (
        idx      bigint PRIMARY KEY CHECK (idx >= 0),
        position bigint NOT NULL UNIQUE,
        hash     bytea  NOT NULL CHECK (length(hash) = 32)
      )`);
    await q.query(`
      CREATE TABLE ledger_nodes (
        level smallint NOT NULL CHECK (level >= 1),
        idx   bigint   NOT NULL CHECK (idx >= 0),
        hash  bytea    NOT NULL CHECK (length(hash) = 32),
        PRIMARY KEY (level, idx)
      )`);
    await q.query(`
      CREATE TABLE ledger_checkpoints (
        tree_size     bigint      PRIMARY KEY CHECK (tree_size >= 1),
        origin        text        NOT NULL,
        root_hash     bytea       NOT NULL CHECK (length(root_hash) = 32),
        last_position bigint      NOT NULL,
        signed_time   text        NOT NULL,
        key_id        text        NOT NULL,
        signature     bytea       NOT NULL,
        stored_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % is refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['ledger_leaves', 'ledger_nodes', 'ledger_checkpoints']) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()`);
    }
    await q.query(`
      CREATE FUNCTION ledger_record_checkpoint(p_tree_size bigint, p_origin text, p_root bytea, p_last_position bigint,
                                               p_time text, p_key_id text, p_signature bytea)
      RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM ledger_checkpoints c WHERE c.tree_size >= p_tree_size) THEN
          RAISE EXCEPTION 'checkpoint % does not extend the newest one', p_tree_size USING ERRCODE = 'check_violation';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM ledger_leaves l WHERE l.idx = p_tree_size - 1 AND l.position = p_last_position) THEN
          RAISE EXCEPTION 'checkpoint % does not end at a sealed leaf at position %', p_tree_size, p_last_position
            USING ERRCODE = 'check_violation';
        END IF;
        INSERT INTO ledger_checkpoints (tree_size, origin, root_hash, last_position, signed_time, key_id, signature)
        VALUES (p_tree_size, p_origin, p_root, p_last_position, p_time, p_key_id, p_signature);
      END $$`);

    // Bookkeeping of verification runs (background jobs and the CLI); the newest
    // successful run is where an incremental verification starts.
    await q.query(`
      CREATE TABLE ledger_verifications (
        id            uuid        PRIMARY KEY,
        mode          text        NOT NULL,
        status        text        NOT NULL,
        requested_by  text        NOT NULL,
        progress      jsonb       NOT NULL DEFAULT '{}',
        result        jsonb,
        tree_size     bigint,
        last_position bigint,
        frontier      bytea[],
        created_at    timestamptz NOT NULL DEFAULT now(),
        finished_at   timestamptz
      )`);
    // One verification at a time (issue 12 item 8).
    await q.query(`CREATE UNIQUE INDEX ledger_verifications_one_running ON ledger_verifications ((true)) WHERE status = 'running'`);

    for (const fn of [
      'ledger_canonical(bigint, text, bigint, timestamptz, uuid, text, integer, jsonb, jsonb)',
      'append_event(text, text, bigint, uuid, text, integer, jsonb, jsonb, timestamptz)',
      'append_events(text, text, bigint, uuid[], text[], integer[], jsonb[], jsonb[], timestamptz)',
      'ledger_record_checkpoint(bigint, text, bytea, bigint, text, text, bytea)',
    ]) {
      await q.query(`ALTER FUNCTION ${fn} OWNER TO ledger_owner`);
      await q.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${fn} TO ledger_service`);
    }
    await q.query('GRANT SELECT, INSERT ON events, ledger_checkpoints, ledger_leaves TO ledger_owner');
    await q.query('GRANT USAGE ON SCHEMA public TO ledger_service, ledger_owner');
    // The service: everything it writes today (read models, bookkeeping), and tables later migrations add.
    await q.query('GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public TO ledger_service');
    await q.query('GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ledger_service');
    await q.query('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON TABLES TO ledger_service');
    await q.query('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ledger_service');
    // ...except the record itself: read only; the log tables may only grow.
    await q.query('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON events, ledger_checkpoints FROM ledger_service');
    await q.query('REVOKE UPDATE, DELETE, TRUNCATE ON ledger_leaves, ledger_nodes FROM ledger_service');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS ledger_verifications, ledger_checkpoints, ledger_nodes, ledger_leaves');
    await q.query('DROP FUNCTION IF EXISTS ledger_record_checkpoint');
    await q.query('DROP FUNCTION IF EXISTS ledger_refuse_change');
  }
}
