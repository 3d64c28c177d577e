import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bearer, createTestApp, type TestApp } from '../support/app.js';

// An independent RFC 9162 section 2.1 implementation (MTH, PATH, PROOF), written
// here from the RFC's definitions over whole leaf lists, sharing no code with the
// product: proofs served by the API must equal what it computes.
const sha = (...parts: Buffer[]): Buffer => createHash('sha256').update(Buffer.concat(parts)).digest();
const split = (n: number): number => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};
const mth = (d: Buffer[]): Buffer =>
  d.length === 0 ? sha() : d.length === 1 ? d[0]! : sha(Buffer.from([1]), mth(d.slice(0, split(d.length))), mth(d.slice(split(d.length))));
const pathOf = (m: number, d: Buffer[]): Buffer[] => {
  if (d.length <= 1) return [];
  const k = split(d.length);
  return m < k ? [...pathOf(m, d.slice(0, k)), mth(d.slice(k))] : [...pathOf(m - k, d.slice(k)), mth(d.slice(0, k))];
};
const subproof = (m: number, d: Buffer[], b: boolean): Buffer[] => {
  if (m === d.length) return b ? [] : [mth(d)];
  const k = split(d.length);
  return m <= k ? [...subproof(m, d.slice(0, k), b), mth(d.slice(k))] : [...subproof(m - k, d.slice(k), false), mth(d.slice(0, k))];
};
/** Leaf hashes (already 0x00-prefixed) are the list elements here, so MTH of one element is the element. */
const leaf = (canonical: string): Buffer => sha(Buffer.from([0]), Buffer.from(canonical, 'utf8'));
const hex = (b: Buffer[]): string[] => b.map((x) => x.toString('hex'));

const api = '/api/v1';
const VERIFIER = path.resolve('scripts/verify-bundle.mjs');

function runVerifier(bundle: unknown): { code: number; out: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bundle-'));
  const file = path.join(dir, 'bundle.json');
  writeFileSync(file, JSON.stringify(bundle));
  try {
    return { code: 0, out: execFileSync(process.execPath, [VERIFIER, file], { encoding: 'utf8' }) };
  } catch (error) {
    const e = error as { status: number; stdout: string };
    return { code: e.status, out: e.stdout };
  }
}

describe('the verifiable ledger over HTTP', () => {
  let t: TestApp;
  let hr: string;
  let inspector: string;
  let inspectorStc: string;
  let council1: string;

  /** Leaves of the whole log, in commit order, computed by the test. */
  const leaves = async (): Promise<{ ids: string[]; hashes: Buffer[] }> => {
    const rows = await t.sql<{ id: string; c: string }>(
      `SELECT e.id, ledger_canonical(e.position, e.stream_id, e.revision, e.recorded_at, e.id, e.type, e.schema_version, e.metadata, e.data) AS c
         FROM events e JOIN ledger_leaves l ON l.position = e.position ORDER BY l.idx`,
    );
    return { ids: rows.map((r) => r.id), hashes: rows.map((r) => leaf(r.c)) };
  };
  const waitForCheckpoint = async (atLeast: number): Promise<{ treeSize: number; rootHash: string }> => {
    for (let i = 0; i < 100; i++) {
      const res = await t.http().get(`${api}/audit/checkpoints?limit=1`).set(...bearer(inspector));
      const cp = res.body.items[0];
      if (cp && cp.treeSize >= atLeast) return cp;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no checkpoint of ${atLeast} leaves`);
  };

  beforeAll(async () => {
    t = await createTestApp({ LEDGER_CHECKPOINT_EVERY: '3', LEDGER_CHECKPOINT_INTERVAL_MS: '100' });
    hr = await t.token('hr-1', ['hr'], ['*']);
    inspector = await t.token('insp-1', ['inspector'], ['*']);
    inspectorStc = await t.token('insp-stc', ['inspector', 'hr'], ['stc']);
    council1 = await t.token('c1', ['council']);
    await t.http().post(`${api}/units`).set(...bearer(hr)).send({ unitId: 'tinh', name: 'UBND tỉnh', establishedOn: '2025-07-01' }).expect(201);
    for (const unitId of ['snv', 'stc']) {
      await t.http().post(`${api}/units`).set(...bearer(hr)).send({ unitId, name: unitId, parentUnitId: 'tinh', establishedOn: '2025-07-01' }).expect(201);
    }
    for (const [id, unit] of [['an', 'snv'], ['head', 'snv'], ['u1', 'snv'], ['u2', 'snv'], ['c1', 'tinh'], ['c2', 'tinh'], ['c3', 'tinh'], ['c4', 'tinh'], ['c5', 'tinh']] as const) {
      await t.http().post(`${api}/staff`).set(...bearer(hr))
        .send({ staffId: id, personnelCode: `CC-${id}`, fullName: id, category: 'civil_servant', unitId: unit, jobPosition: 'Chuyên viên', joinedOn: '2015-01-01' })
        .expect(201);
    }
    await t.http().post(`${api}/disciplinary-cases`).set(...bearer(hr)).send({
      caseId: 'k-an', subjectId: 'an',
      allegations: [{ id: 'v1', description: 'Né tránh, đùn đẩy', severity: 'reprimand_level', violationDate: '2026-03-01', evidence: [{ streamId: 'staff-an', revision: 0 }] }],
    }).expect(201);
    // Issue 16: the self-review meeting first, then a council with seats by role (Decree 112 art. 26, 28); c1 chairs.
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    await t.http().post(`${api}/disciplinary-cases/k-an/self-review-meeting`).set(...bearer(hr)).send({
      heldOn: today, convenedBy: 'head', convenerRole: 'head_of_employing_unit', attendees: ['u1', 'u2'], subjectPresent: true,
      minutes: { number: 'BB-k-an', date: today, issuer: 'Sở Nội vụ', digest: createHash('sha256').update('minutes-k-an').digest('hex') },
      tally: [{ option: 'reprimand', votes: 2 }],
    }).expect(200);
    const seats = ['chair', 'employing_unit_leader', 'party_representative', 'trade_union_representative', 'secretary'].map((role, i) => ({ personId: `c${i + 1}`, role }));
    await t.http().post(`${api}/disciplinary-cases/k-an/council`).set(...bearer(hr)).send({ seats }).expect(200);
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves the public key without a token, and checkpoints signed with it, also published as CheckpointSigned events', async () => {
    const key = await t.http().get(`${api}/audit/public-key`);
    expect(key.status).toBe(200);
    expect(key.body).toMatchObject({ algorithm: 'Ed25519', keyId: expect.stringMatching(/^[0-9a-f]{16}$/) });
    const cp = await waitForCheckpoint(3);
    const full = (await t.http().get(`${api}/audit/checkpoints?limit=1`).set(...bearer(inspector))).body.items[0];
    const text = ['accountability-ledger/checkpoint/v1', full.origin, String(full.treeSize), Buffer.from(full.rootHash, 'hex').toString('base64'), full.lastPosition, full.time, ''].join('\n');
    expect(verify(null, Buffer.from(text), createPublicKey(key.body.pem), Buffer.from(full.signature, 'base64'))).toBe(true);
    expect(cp.treeSize).toBeGreaterThanOrEqual(3);
    // Published on the feed and the NATS relay as an event of category `audit`.
    const published = await t.sql<{ type: string; tree: number }>(`SELECT type, (data->>'treeSize')::int AS tree FROM events WHERE stream_id = 'audit-checkpoints'`);
    expect(published.length).toBeGreaterThan(0);
    expect(published[0]).toMatchObject({ type: 'CheckpointSigned' });
  });

  it('answers inclusion and consistency proofs equal to an independent RFC 9162 computation', async () => {
    const first = await waitForCheckpoint(3);
    const [{ id: staffEvent }] = await t.sql<{ id: string }>(`SELECT id FROM events WHERE stream_id = 'staff-an' AND revision = 0`);
    await t.http().post(`${api}/units/stc/renaming`).set(...bearer(hr)).send({ name: 'Sở Tài chính', effectiveOn: '2026-01-01' }).expect(200);
    const second = await waitForCheckpoint(first.treeSize + 1);
    const { ids, hashes } = await leaves();
    const d = hashes.slice(0, second.treeSize);
    expect(mth(d).toString('hex')).toBe(second.rootHash);

    const inc = await t.http().get(`${api}/audit/proofs/inclusion?eventId=${staffEvent}&treeSize=${second.treeSize}`).set(...bearer(inspector));
    expect(inc.status).toBe(200);
    const m = ids.indexOf(staffEvent);
    expect(inc.body).toMatchObject({ eventId: staffEvent, leafIndex: m, treeSize: second.treeSize, leafHash: d[m]!.toString('hex') });
    expect(inc.body.proof).toEqual(hex(pathOf(m, d)));

    const cons = await t.http().get(`${api}/audit/proofs/consistency?from=${first.treeSize}&to=${second.treeSize}`).set(...bearer(inspector));
    expect(cons.status).toBe(200);
    expect(cons.body.proof).toEqual(hex(subproof(first.treeSize, d, true)));
    expect(mth(d.slice(0, first.treeSize)).toString('hex')).toBe(first.rootHash);
  });

  it('gives proofs only for events the caller may read (out of scope is 404, like nonexistent)', async () => {
    await waitForCheckpoint(3);
    const [{ id }] = await t.sql<{ id: string }>(`SELECT id FROM events WHERE stream_id = 'staff-an' AND revision = 0`);
    const outside = await t.http().get(`${api}/audit/proofs/inclusion?eventId=${id}`).set(...bearer(inspectorStc));
    expect(outside.status).toBe(404);
    const unknown = await t.http().get(`${api}/audit/proofs/inclusion?eventId=00000000-0000-4000-8000-000000000000`).set(...bearer(inspectorStc));
    expect(unknown.status).toBe(404);
    expect(outside.body.code).toBe(unknown.body.code);
    expect((await t.http().get(`${api}/audit/proofs/inclusion?eventId=${id}`).set(...bearer(await t.token('an', ['staff'])))).status).toBe(404);
    expect((await t.http().get(`${api}/audit/proofs/inclusion?eventId=${id}`).set(...bearer(inspector))).status).toBe(200);
    expect((await t.http().get(`${api}/audit/proofs/inclusion?eventId=not-a-uuid`).set(...bearer(inspector))).status).toBe(400);
  });

  it('exports the case file as a bundle that the standalone verifier accepts, and rejects after any byte of an event or proof changes', async () => {
    const res = await t.http().get(`${api}/disciplinary-cases/k-an/case-file/bundle?from=2020-01-01`).set(...bearer(council1));
    expect(res.status).toBe(200);
    const bundle = res.body;
    expect(bundle).toMatchObject({ format: 'accountability-ledger/bundle/v1', checkpoint: expect.objectContaining({ treeSize: expect.any(Number) }) });
    const streams = new Set(bundle.events.map((e: { streamId: string }) => e.streamId));
    expect(streams).toEqual(new Set(['staff-an', 'case-k-an']));
    expect(bundle.events.every((e: { proof: unknown }) => Array.isArray(e.proof))).toBe(true);

    const ok = runVerifier(bundle);
    expect(ok.out).toContain(`VERIFIED: ${bundle.events.length} events`);
    expect(ok.code).toBe(0);

    // Independently: each event's proof holds, and fails after any byte of the event or of the proof changes.
    const root = Buffer.from(bundle.checkpoint.rootHash, 'hex');
    const holds = (canonical: string, index: number, proof: string[]): boolean => {
      let r = leaf(canonical);
      let fn = index;
      let sn = bundle.checkpoint.treeSize - 1;
      for (const p of proof.map((x) => Buffer.from(x, 'hex'))) {
        if (fn % 2 === 1 || fn === sn) {
          r = sha(Buffer.from([1]), p, r);
          while (fn % 2 === 0 && fn !== 0) [fn, sn] = [fn >> 1, sn >> 1];
        } else r = sha(Buffer.from([1]), r, p);
        [fn, sn] = [fn >> 1, sn >> 1];
      }
      return sn === 0 && r.equals(root);
    };
    for (const e of bundle.events as { canonical: string; leafIndex: number; proof: string[] }[]) {
      expect(holds(e.canonical, e.leafIndex, e.proof)).toBe(true);
      const bytes = Buffer.from(e.canonical, 'utf8');
      for (let i = 0; i < bytes.length; i++) {
        const changed = Buffer.from(bytes);
        changed[i] = changed[i]! ^ 0x01;
        expect(holds(changed.toString('latin1') === e.canonical ? `${e.canonical} ` : changed.toString('utf8'), e.leafIndex, e.proof)).toBe(false);
      }
      e.proof.forEach((p, j) => {
        for (let i = 0; i < p.length; i++) {
          const flipped = [...e.proof];
          flipped[j] = p.slice(0, i) + (p[i] === '0' ? '1' : '0') + p.slice(i + 1);
          expect(holds(e.canonical, e.leafIndex, flipped)).toBe(false);
        }
      });
    }

    // The standalone verifier, on tampered copies: event text, a proof, the checkpoint.
    const event = structuredClone(bundle);
    event.events[0].canonical = event.events[0].canonical.replace('"fullName": "an"', '"fullName": "am"');
    expect(event.events[0].canonical).not.toBe(bundle.events[0].canonical);
    const badEvent = runVerifier(event);
    expect(badEvent.code).toBe(1);
    expect(badEvent.out).toContain('NOT VERIFIED: 1 of');
    const proof = structuredClone(bundle);
    const p0 = proof.events[1].proof[0] as string;
    proof.events[1].proof[0] = (p0[0] === 'a' ? 'b' : 'a') + p0.slice(1);
    expect(runVerifier(proof).code).toBe(1);
    const cp = structuredClone(bundle);
    cp.checkpoint.treeSize += 1;
    const badCp = runVerifier(cp);
    expect(badCp.code).toBe(1);
    expect(badCp.out).toContain('signature does NOT verify');

    const reads = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE stream_id = 'case-file-reads-k-an'`);
    expect(reads[0]!.n).toBeGreaterThan(0);
  });

  it('exports a staff history bundle too, scoped like the history', async () => {
    const res = await t.http().get(`${api}/staff/an/history/bundle?from=2020-01-01`).set(...bearer(await t.token('an', ['staff'])));
    expect(res.status).toBe(200);
    expect(runVerifier(res.body).code).toBe(0);
    expect((await t.http().get(`${api}/staff/an/history/bundle`).set(...bearer(inspectorStc))).status).toBe(404);
  });

  it('runs a whole-store verification as a background job with progress, and it names an event altered behind the API', async () => {
    const poll = async (location: string): Promise<{ status: string; result: { ok: boolean; firstDivergence?: Record<string, unknown> }; progress: unknown }> => {
      for (let i = 0; i < 100; i++) {
        const job = await t.http().get(location.replace(/^\/api\/v1/, api)).set(...bearer(inspector));
        if (job.body.status !== 'running') return job.body;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('verification did not finish');
    };
    const started = await t.http().post(`${api}/audit/verifications`).set(...bearer(inspector)).send({ mode: 'full' });
    expect(started.status).toBe(202);
    const done = await poll(started.headers.location!);
    expect(done).toMatchObject({ status: 'succeeded', result: expect.objectContaining({ ok: true }), progress: expect.objectContaining({ eventsChecked: expect.any(Number) }) });

    const [target] = await t.sql<{ id: string }>(`SELECT id FROM events WHERE stream_id = 'staff-an' AND revision = 0`);
    await t.sql('ALTER TABLE events DISABLE TRIGGER events_immutable');
    await t.sql(`UPDATE events SET data = jsonb_set(data, '{fullName}', '"Forged"') WHERE id = $1`, [target!.id]);
    await t.sql('ALTER TABLE events ENABLE TRIGGER events_immutable');
    const again = await t.http().get(`${api}/audit/verify`).set(...bearer(inspector));
    expect(again.status).toBe(202);
    const failed = await poll(again.headers.location!);
    expect(failed.status).toBe('failed');
    expect(failed.result.firstDivergence).toMatchObject({ kind: 'leaf_mismatch', eventId: target!.id });
    // The per-stream check, in scope, names it too; out of scope the stream does not exist.
    const stream = await t.http().get(`${api}/audit/verify?stream=staff-an`).set(...bearer(inspector));
    expect(stream.body.broken).toEqual([expect.objectContaining({ streamId: 'staff-an', revision: '0', reason: 'hash_mismatch' })]);
    expect((await t.http().get(`${api}/audit/verify?stream=staff-an`).set(...bearer(inspectorStc))).status).toBe(404);
  });

  it('keeps whole-store audit work away from callers scoped to some units, and rate-limits it', async () => {
    for (const [method, url] of [['get', '/audit/verify'], ['post', '/audit/verifications'], ['get', '/audit/digests'], ['post', '/audit/digests']] as const) {
      const res = await t.http()[method](`${api}${url}`).set(...bearer(inspectorStc)).send({});
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('audit_scope_too_narrow');
    }
    const limited = await t.token('insp-limit', ['inspector'], ['*']);
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) codes.push((await t.http().post(`${api}/audit/digests`).set(...bearer(limited))).status);
    expect(codes).toEqual([201, 201, 429]);
  });

  it.each([
    ['get', '/audit/checkpoints'],
    ['get', '/audit/proofs/inclusion?eventId=00000000-0000-4000-8000-000000000000'],
    ['get', '/audit/proofs/consistency?from=1&to=2'],
    ['post', '/audit/verifications'],
    ['get', '/audit/verifications/00000000-0000-4000-8000-000000000000'],
    ['get', '/disciplinary-cases/k-an/case-file/bundle'],
    ['get', '/staff/an/history/bundle'],
  ] as const)('%s %s: 401 without a token', async (method, url) => {
    expect((await t.http()[method](`${api}${url}`)).status).toBe(401);
  });

  it.each([
    ['post', '/audit/verifications', 'staff'],
    ['get', '/audit/verifications/00000000-0000-4000-8000-000000000000', 'hr'],
    ['get', '/disciplinary-cases/k-an/case-file/bundle', 'staff'],
    ['get', '/staff/an/history/bundle', 'integration'],
  ] as const)('%s %s: 403 for the %s role', async (method, url, role) => {
    const res = await t.http()[method](`${api}${url}`).set(...bearer(await t.token('someone', [role], ['*']))).send({});
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('forbidden_role');
  });
});
