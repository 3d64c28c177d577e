import { createHash, generateKeyPairSync } from 'node:crypto';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database.js';
import { PostgresEventStore } from '../postgres/postgres.event-store.js';
import { CheckpointSigner } from './checkpoint.js';
import { PostgresLedger, type LedgerVerifyReport } from './postgres-ledger.js';

/**
 * The tamper cases of issue 11, each done as a PostgreSQL superuser with the
 * immutability triggers switched off, behind the API: verification must find each
 * one and name the first affected event (or checkpoint).
 */

interface World {
  db: TestDatabase;
  admin: pg.Pool;
  store: PostgresEventStore;
  ledger: PostgresLedger;
  /** Events by stream and revision: id and position. */
  ev: (stream: string, revision: number) => Promise<{ id: string; position: string; hash: string }>;
  close(): Promise<void>;
}

const signer = new CheckpointSigner(generateKeyPairSync('ed25519').privateKey);
let counter = 0;
const uuid = (): string => {
  const hex = createHash('sha256').update(`ledger-int-${process.pid}-${counter++}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

async function world(): Promise<World> {
  const db = await createTestDatabase();
  const admin = new pg.Pool({ connectionString: db.url, max: 3 });
  const store = new PostgresEventStore({ connectionString: db.url, poolSize: 4 });
  const ledger = new PostgresLedger({ pool: store.pool, signer, checkpointEvery: 1_000_000, checkpointIntervalMs: 3_600_000 });
  // Three streams, interleaved: a-* 5 events, b-* 3, c-* 2.
  for (let r = 0; r < 5; r++) {
    for (const [s, n] of [['assignment-a', 5], ['assignment-b', 3], ['assignment-c', 2]] as const) {
      if (r < n) await store.append(s, [{ id: uuid(), type: 'Noted', data: { n: r, unitId: 'u1', text: `step ${r} of ${s}` } }], r === 0 ? 'no_stream' : BigInt(r - 1));
    }
  }
  await sealAll(ledger, admin);
  const ev = async (stream: string, revision: number) =>
    (await admin.query('SELECT id, position::text AS position, hash FROM events WHERE stream_id = $1 AND revision = $2', [stream, revision])).rows[0];
  return {
    db,
    admin,
    store,
    ledger,
    ev,
    close: async () => {
      await store.close();
      await admin.end();
      await db.drop();
    },
  };
}

/**
 * Seals and signs until the checkpoint covers every event. Positions settle only when
 * no older transaction is open anywhere on the server (other test files share it).
 */
async function sealAll(ledger: PostgresLedger, admin: pg.Pool): Promise<void> {
  const { rows } = await admin.query('SELECT count(*)::int AS n FROM events');
  for (let i = 0; i < 400; i++) {
    const cp = await ledger.sealAndCheckpointNow();
    if (cp && cp.treeSize >= rows[0].n) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the log was not sealed');
}

/** Runs SQL as the superuser with every user trigger of the ledger tables off. */
async function behindTheApi(w: World, ...statements: [string, unknown[]?][]): Promise<void> {
  const c = await w.admin.connect();
  try {
    await c.query('BEGIN');
    for (const t of ['events', 'ledger_checkpoints', 'ledger_leaves', 'ledger_nodes']) await c.query(`ALTER TABLE ${t} DISABLE TRIGGER USER`);
    for (const [sql, params] of statements) await c.query(sql, params);
    for (const t of ['events', 'ledger_checkpoints', 'ledger_leaves', 'ledger_nodes']) await c.query(`ALTER TABLE ${t} ENABLE TRIGGER USER`);
    await c.query('COMMIT');
  } finally {
    c.release();
  }
}

const kinds = (r: LedgerVerifyReport): string[] => r.findings.map((f) => f.kind);

describe('the verifiable ledger on PostgreSQL', () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
  });
  afterEach(async () => {
    await w.close();
  });

  it('seals every event, signs a checkpoint and verifies an untouched store', async () => {
    const cp = await w.ledger.latestCheckpoint();
    expect(cp).toMatchObject({ treeSize: 10, origin: 'accountability-ledger', keyId: signer.keyId });
    const report = await w.ledger.verify();
    expect(report).toMatchObject({ ok: true, eventsChecked: 10, findings: [] });
    expect(report.checkpointsChecked).toBeGreaterThanOrEqual(1);
  });

  it('1. finds an event whose data was edited in the middle of a stream', async () => {
    const target = await w.ev('assignment-a', 2);
    await behindTheApi(w, [`UPDATE events SET data = jsonb_set(data, '{text}', '"forged"') WHERE id = $1`, [target.id]]);
    const r = await w.ledger.verify();
    expect(r.ok).toBe(false);
    expect(r.firstDivergence).toMatchObject({ kind: 'leaf_mismatch', eventId: target.id, position: target.position });
    expect(r.findings).toContainEqual(expect.objectContaining({ kind: 'event_hash_mismatch', eventId: target.id }));
  });

  it('2. finds a deleted middle event', async () => {
    const target = await w.ev('assignment-a', 2);
    const next = await w.ev('assignment-a', 3);
    await behindTheApi(w, ['DELETE FROM events WHERE id = $1', [target.id]]);
    const r = await w.ledger.verify();
    expect(r.firstDivergence).toMatchObject({ kind: 'sealed_event_missing', position: target.position });
    expect(r.findings).toContainEqual(expect.objectContaining({ kind: 'revision_gap', eventId: next.id }));
  });

  it('3. finds two swapped revisions', async () => {
    const one = await w.ev('assignment-a', 1);
    const two = await w.ev('assignment-a', 2);
    await behindTheApi(
      w,
      ['UPDATE events SET revision = 100 WHERE id = $1', [one.id]],
      ['UPDATE events SET revision = 1 WHERE id = $1', [two.id]],
      ['UPDATE events SET revision = 2 WHERE id = $1', [one.id]],
    );
    const r = await w.ledger.verify();
    expect(r.firstDivergence).toMatchObject({ kind: 'leaf_mismatch', eventId: one.id });
    expect(r.findings).toContainEqual(expect.objectContaining({ kind: 'event_hash_mismatch', eventId: two.id }));
  });

  it('4. finds a forged event appended with a correctly recomputed hash', async () => {
    const head = await w.ev('assignment-b', 2);
    const early = await w.ev('assignment-a', 1);
    const forgedPosition = (BigInt(early.position) + 7n).toString();
    const forgedId = uuid();
    await behindTheApi(w, [
      `INSERT INTO events (position, stream_id, revision, id, type, schema_version, data, metadata, recorded_at, tx_id, prev_hash, hash, chain_version)
       SELECT $1::bigint, 'assignment-b', 3, $2::uuid, 'Noted', 1, '{"n": 3}'::jsonb, '{}'::jsonb, r.at, pg_current_xact_id(), $3,
              encode(sha256(convert_to($3 || ledger_canonical($1::bigint, 'assignment-b', 3, r.at, $2::uuid, 'Noted', 1, '{}'::jsonb, '{"n": 3}'::jsonb), 'UTF8')), 'hex'), 2
         FROM (SELECT recorded_at AS at FROM events WHERE id = $4) r`,
      [forgedPosition, forgedId, head.hash, head.id],
    ]);
    // The per-stream chain alone does not see it: the forger recomputed the hash.
    expect((await w.store.verify('assignment-b')).ok).toBe(true);
    const r = await w.ledger.verify();
    expect(r.firstDivergence).toMatchObject({ kind: 'event_not_in_log', eventId: forgedId, position: forgedPosition });
  });

  it('5. finds the deleted last event of a stream', async () => {
    const last = await w.ev('assignment-c', 1);
    await behindTheApi(w, ['DELETE FROM events WHERE id = $1', [last.id]]);
    const r = await w.ledger.verify();
    expect(r.firstDivergence).toMatchObject({ kind: 'sealed_event_missing', position: last.position });
  });

  it('5b. finds the deleted last event of the whole log (the log is shorter than the checkpoint)', async () => {
    const last = await w.ev('assignment-a', 4);
    await behindTheApi(w, ['DELETE FROM events WHERE id = $1', [last.id]]);
    const r = await w.ledger.verify();
    expect(r.firstDivergence).toMatchObject({ kind: 'log_shorter_than_checkpoint', position: last.position, treeSize: 10 });
  });

  it('6. finds a deleted stream', async () => {
    const first = await w.ev('assignment-b', 0);
    await behindTheApi(w, [`DELETE FROM events WHERE stream_id = 'assignment-b'`]);
    const r = await w.ledger.verify();
    expect(r.firstDivergence).toMatchObject({ kind: 'sealed_event_missing', position: first.position });
  });

  it('7. finds an edited middle event whose stream chain was recomputed after it', async () => {
    const target = await w.ev('assignment-a', 1);
    const statements: [string, unknown[]?][] = [[`UPDATE events SET data = jsonb_set(data, '{text}', '"rewritten"') WHERE id = $1`, [target.id]]];
    for (let rev = 1; rev < 5; rev++) {
      statements.push([
        `UPDATE events e SET prev_hash = p.hash,
                hash = encode(sha256(convert_to(p.hash || ledger_canonical(e.position, e.stream_id, e.revision, e.recorded_at, e.id, e.type, e.schema_version, e.metadata, e.data), 'UTF8')), 'hex')
           FROM events p WHERE e.stream_id = 'assignment-a' AND e.revision = $1 AND p.stream_id = e.stream_id AND p.revision = e.revision - 1`,
        [rev],
      ]);
    }
    await behindTheApi(w, ...statements);
    expect((await w.store.verify('assignment-a')).ok).toBe(true);
    const r = await w.ledger.verify();
    expect(r.firstDivergence).toMatchObject({ kind: 'leaf_mismatch', eventId: target.id, position: target.position });
    expect(kinds(r)).toContain('checkpoint_root_mismatch');
  });

  it('7b. finds the same rewrite when the sealed leaves and nodes were rewritten too (the signed root disagrees)', async () => {
    const target = await w.ev('assignment-a', 1);
    await behindTheApi(w, [`UPDATE events SET data = jsonb_set(data, '{text}', '"rewritten"') WHERE id = $1`, [target.id]]);
    await behindTheApi(w, [`UPDATE events e SET hash = encode(sha256(convert_to(e.prev_hash || ledger_canonical(e.position, e.stream_id, e.revision, e.recorded_at, e.id, e.type, e.schema_version, e.metadata, e.data), 'UTF8')), 'hex') WHERE id = $1`, [target.id]]);
    // Rewrite the sealed leaf as a re-sealing attacker would (nodes left as they are is enough for verify: it rebuilds the tree).
    await behindTheApi(w, [
      `UPDATE ledger_leaves l SET hash = sha256('\\x00'::bytea || convert_to(ledger_canonical(e.position, e.stream_id, e.revision, e.recorded_at, e.id, e.type, e.schema_version, e.metadata, e.data), 'UTF8'))
         FROM events e WHERE e.position = l.position AND e.id = $1`,
      [target.id],
    ]);
    const r = await w.ledger.verify();
    expect(r.ok).toBe(false);
    // The first signed checkpoint covering the rewritten leaf: the one of size 10, or an earlier
    // one when sealing signed twice (positions settle late while other test files run).
    const covering = (await w.admin.query('SELECT min(c.tree_size)::int AS n FROM ledger_checkpoints c JOIN ledger_leaves l ON l.idx < c.tree_size JOIN events e ON e.position = l.position WHERE e.id = $1', [target.id])).rows[0].n;
    expect(r.firstDivergence).toMatchObject({ kind: 'checkpoint_root_mismatch', treeSize: covering });
    expect(covering).toBeLessThanOrEqual(10);
  });

  it('8. finds an event whose global position was changed', async () => {
    const target = await w.ev('assignment-a', 2);
    const moved = (BigInt(target.position) + 3n).toString();
    await behindTheApi(w, ['UPDATE events SET position = $2 WHERE id = $1', [target.id, moved]]);
    const r = await w.ledger.verify();
    expect(r.firstDivergence).toMatchObject({ kind: 'sealed_event_missing', position: target.position });
    expect(r.findings).toContainEqual(expect.objectContaining({ kind: 'event_hash_mismatch', eventId: target.id, position: moved }));
  });

  it('9. finds recorded_at shifted by a fraction of a millisecond', async () => {
    const target = await w.ev('assignment-b', 1);
    await behindTheApi(w, [`UPDATE events SET recorded_at = recorded_at + interval '300 microseconds' WHERE id = $1`, [target.id]]);
    const r = await w.ledger.verify();
    expect(r.firstDivergence).toMatchObject({ kind: 'leaf_mismatch', eventId: target.id });
    expect(r.findings).toContainEqual(expect.objectContaining({ kind: 'event_hash_mismatch', eventId: target.id }));
  });

  it('10. finds an altered checkpoint row, and one re-signed with another key', async () => {
    await behindTheApi(w, [`UPDATE ledger_checkpoints SET root_hash = sha256('x'::bytea) WHERE tree_size = 10`]);
    const r = await w.ledger.verify();
    expect(r.findings).toContainEqual(expect.objectContaining({ kind: 'checkpoint_signature', treeSize: 10 }));

    const other = new CheckpointSigner(generateKeyPairSync('ed25519').privateKey);
    const forged = other.sign({ origin: 'accountability-ledger', treeSize: 10, rootHash: 'ab'.repeat(32), lastPosition: '1', time: new Date().toISOString() });
    await behindTheApi(w, [`UPDATE ledger_checkpoints SET signature = $1, key_id = $2 WHERE tree_size = 10`, [Buffer.from(forged.signature, 'base64'), forged.keyId]]);
    expect((await w.ledger.verify()).findings).toContainEqual(expect.objectContaining({ kind: 'checkpoint_signature', treeSize: 10 }));
  });

  it('compares with an externally kept checkpoint: a rewritten history that was re-signed still disagrees with it', async () => {
    const kept = (await w.ledger.latestCheckpoint())!;
    const target = await w.ev('assignment-a', 0);
    await behindTheApi(w, [`UPDATE events SET data = '{"n": 0, "text": "other"}' WHERE id = $1`, [target.id]]);
    const r = await w.ledger.verify({ externalCheckpoint: kept });
    expect(kinds(r)).toContain('external_checkpoint_mismatch');
  });

  it('accepts a stream whose revisions are not in position order (an older transaction appended the next revision): no finding', async () => {
    // Positions come from transaction ids: a transaction that took its id before another
    // one appended revision 0 can append revision 1 later, at a LOWER position. The
    // verification pass meets revision 1 first and must look its predecessor up.
    const older = await w.admin.connect();
    try {
      await older.query('BEGIN');
      await older.query(`SELECT status FROM append_event('assignment-x-other', 'no_stream', NULL, $1::uuid, 'Noted', 1, '{}', '{}', now())`, [uuid()]);
      await w.store.append('assignment-x', [{ id: uuid(), type: 'Noted', data: { n: 0 } }], 'no_stream');
      const { rows } = await older.query(`SELECT status, last_position::text AS position FROM append_event('assignment-x', 'revision', 0, $1::uuid, 'Noted', 1, '{"n": 1}', '{}', now())`, [uuid()]);
      expect(rows[0].status).toBe('ok');
      await older.query('COMMIT');
    } finally {
      older.release();
    }
    const r0 = await w.ev('assignment-x', 0);
    const r1 = await w.ev('assignment-x', 1);
    expect(BigInt(r1.position)).toBeLessThan(BigInt(r0.position));
    await sealAll(w.ledger, w.admin);
    const r = await w.ledger.verify();
    expect(r.findings).toEqual([]);
    expect(r.ok).toBe(true);
    // Tampering with that link is still found.
    await behindTheApi(w, [`UPDATE events SET prev_hash = 'x' WHERE id = $1`, [r1.id]]);
    expect((await w.ledger.verify()).findings).toContainEqual(expect.objectContaining({ kind: 'chain_link_broken', eventId: r1.id }));
  });

  it('verifies incrementally from the last successful verification, and reports progress', async () => {
    const first = await w.ledger.startVerification('full', 'test');
    expect((await first.done).ok).toBe(true);
    for (let r = 5; r < 9; r++) await w.store.append('assignment-a', [{ id: uuid(), type: 'Noted', data: { n: r } }], BigInt(r - 1));
    await sealAll(w.ledger, w.admin);
    const progress: number[] = [];
    const r = await w.ledger.verify({ mode: 'incremental', onProgress: (p) => progress.push(p.eventsChecked) });
    expect(r).toMatchObject({ ok: true, mode: 'incremental', fromTreeSize: 10, eventsChecked: 4 });
    expect(progress.at(-1)).toBe(4);
    // A tampered new event is found by the incremental run too.
    const target = await w.ev('assignment-a', 6);
    await behindTheApi(w, [`UPDATE events SET data = '{"n": 60}' WHERE id = $1`, [target.id]]);
    expect((await w.ledger.verify({ mode: 'incremental' })).firstDivergence).toMatchObject({ eventId: target.id });
  });

  it('runs one verification at a time', async () => {
    const a = await w.ledger.startVerification('full', 'test');
    await expect(w.ledger.startVerification('full', 'test')).rejects.toThrow('already running');
    await a.done;
    const b = await w.ledger.startVerification('full', 'test');
    await b.done;
    expect(await w.ledger.verification(b.id)).toMatchObject({ status: 'succeeded' });
  });

  it('the append functions store each leaf hash byte-identical to the one the ledger defines (both append paths)', async () => {
    await w.store.append('assignment-d', [
      { id: uuid(), type: 'Noted', data: { n: 0, text: 'batch é \u00e9 "q"' } },
      { id: uuid(), type: 'Noted', data: { n: 1 } },
    ], 'no_stream');
    const { rows } = await w.admin.query(`
      SELECT count(*)::int AS n,
             count(*) FILTER (WHERE e.leaf_hash = sha256('\\x00'::bytea || convert_to(ledger_canonical(e.position, e.stream_id, e.revision,
               e.recorded_at, e.id, e.type, e.schema_version, e.metadata, e.data), 'UTF8')))::int AS same
        FROM events e`);
    expect(rows[0].n).toBe(12);
    expect(rows[0].same).toBe(12);
    // And the sealed leaves are those stored hashes.
    await sealAll(w.ledger, w.admin);
    const sealed = await w.admin.query('SELECT count(*)::int AS n FROM ledger_leaves l JOIN events e ON e.position = l.position WHERE l.hash = e.leaf_hash');
    expect(sealed.rows[0].n).toBe(12);
    expect((await w.ledger.verify()).ok).toBe(true);
  });

  it('seals events without a stored leaf hash (appended before the column existed) by computing it', async () => {
    await w.store.append('assignment-e', [{ id: uuid(), type: 'Noted', data: { n: 0 } }], 'no_stream');
    const target = await w.ev('assignment-e', 0);
    await behindTheApi(w, ['UPDATE events SET leaf_hash = NULL WHERE id = $1', [target.id]]);
    await sealAll(w.ledger, w.admin);
    const r = await w.ledger.verify();
    expect(r.findings).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('finds a stored leaf hash altered behind the API before sealing: verify rebuilds the leaf from the event content', async () => {
    await w.store.append('assignment-f', [{ id: uuid(), type: 'Noted', data: { n: 0 } }], 'no_stream');
    const target = await w.ev('assignment-f', 0);
    await behindTheApi(w, [`UPDATE events SET leaf_hash = sha256('forged'::bytea) WHERE id = $1`, [target.id]]);
    await sealAll(w.ledger, w.admin);
    const r = await w.ledger.verify();
    expect(r.ok).toBe(false);
    expect(r.firstDivergence).toMatchObject({ kind: 'leaf_mismatch', eventId: target.id, position: target.position });
  });

  it('ignores a stored leaf hash altered after sealing (verify never reads it), and the service role cannot alter it', async () => {
    const target = await w.ev('assignment-b', 1);
    await behindTheApi(w, [`UPDATE events SET leaf_hash = sha256('forged'::bytea) WHERE id = $1`, [target.id]]);
    expect((await w.ledger.verify()).ok).toBe(true);
    const c = await w.admin.connect();
    try {
      await c.query('SET ROLE ledger_service');
      const code = await c.query(`UPDATE events SET leaf_hash = NULL`).then(
        () => undefined,
        (e: { code?: string }) => e.code,
      );
      expect(code).toBe('42501');
    } finally {
      await c.query('RESET ROLE').catch(() => undefined);
      c.release();
    }
  });

  it('the service role cannot write events or checkpoints directly, only through the append function', async () => {
    const c = await w.admin.connect();
    try {
      await c.query('SET ROLE ledger_service');
      const refused = async (sql: string): Promise<string | undefined> =>
        c.query(sql).then(
          () => undefined,
          (e: { code?: string }) => e.code,
        );
      expect(await refused(`INSERT INTO events (position, stream_id, revision, id, type, schema_version, data, metadata, recorded_at, tx_id, prev_hash, hash)
                             VALUES (1, 'x-1', 0, gen_random_uuid(), 'T', 1, '{}', '{}', now(), pg_current_xact_id(), '', '')`)).toBe('42501');
      expect(await refused(`UPDATE events SET type = 'T'`)).toBe('42501');
      expect(await refused(`DELETE FROM events`)).toBe('42501');
      expect(await refused(`TRUNCATE events`)).toBe('42501');
      expect(await refused(`INSERT INTO ledger_checkpoints (tree_size, origin, root_hash, last_position, signed_time, key_id, signature) VALUES (99, 'o', sha256(''), 1, 't', 'k', '')`)).toBe('42501');
      expect(await refused(`DELETE FROM ledger_checkpoints`)).toBe('42501');
      expect(await refused(`UPDATE ledger_leaves SET hash = hash`)).toBe('42501');
      // What it may do: append through the function, read, and write bookkeeping.
      const { rows } = await c.query(`SELECT status FROM append_event('x-1', 'no_stream', NULL, gen_random_uuid(), 'T', 1, '{}', '{}', now())`);
      expect(rows[0].status).toBe('ok');
      expect((await c.query(`SELECT count(*)::int AS n FROM events WHERE stream_id = 'x-1'`)).rows[0].n).toBe(1);
    } finally {
      await c.query('RESET ROLE').catch(() => undefined);
      c.release();
    }
  });
});
