import { createHash } from 'node:crypto';
import { SignJWT } from 'jose';
import { canonicalJson } from '#event-store';
import { DEV_JWT_SECRET, loadConfig } from '#platform';
import { bearer, createTestApp, TEST_JWT_SECRET, type TestApp } from '../support/app.js';

/**
 * Issue 12 ("nothing wedges, nobody gets in"): items 4, 5, 6 and 11, each with a test
 * that failed on the code before the fix. Items 1, 2/3, 7 and 14 have their own files
 * (security-poison-event, jwt.verifier.spec/config.spec, feed, security-rate-limit).
 */
const clear = { title: 'T', description: 'D', deliverable: 'R', successCriteria: 'C', authorityBasis: 'QĐ 1' };
const due = () => new Date(Date.now() + 5 * 86_400_000).toISOString();
/** Today in Vietnam (the calendar the disciplinary time limits run in). */
const vietnamToday = (): string => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
/** The self-review meeting of a case in u1 (issue 16), convened by head1 with the subject present. */
const selfReview = (caseId: string, attendees: string[]) => ({
  heldOn: vietnamToday(), convenedBy: 'head1', convenerRole: 'head_of_employing_unit', attendees, subjectPresent: true,
  minutes: { number: `BB-${caseId}`, date: vietnamToday(), issuer: 'Phòng', digest: createHash('sha256').update(`minutes-${caseId}`).digest('hex') },
  tally: [{ option: 'reprimand', votes: attendees.length }],
});
/** A council of a civil servant by role (Decree 112 art. 28), seated in this order. */
const seats = (people: string[]) =>
  ['chair', 'employing_unit_leader', 'party_representative', 'trade_union_representative', 'secretary'].map((role, i) => ({ personId: people[i], role }));

describe('security and robustness (issue 12)', () => {
  let t: TestApp;
  let hr: string;
  let head1: string; // head of u1
  let head2: string; // head of u2 (item 6)
  const post = (token: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
    t.http().post(`/api/v1${path}`).set(...bearer(token)).set(headers).send(body as object);

  beforeAll(async () => {
    t = await createTestApp({ IDEMPOTENCY_LEASE: '5' });
    hr = await t.token('hr-1', ['hr'], ['*']);
    head1 = await t.token('head1', ['unit_head'], ['u1']);
    head2 = await t.token('head2', ['unit_head'], ['u2']);
    await post(hr, '/units', { unitId: 'tinh', name: 'Tỉnh', establishedOn: '2025-07-01' }).expect(201);
    for (const unitId of ['u1', 'u2']) await post(hr, '/units', { unitId, name: unitId, parentUnitId: 'tinh', establishedOn: '2025-07-01' }).expect(201);
    for (const [staffId, unitId] of [['head1', 'u1'], ['an', 'u1'], ['binh', 'u1'], ['chi', 'u1'], ['head2', 'u2'], ['dung', 'u2'], ['gone', 'u1']] as const) {
      await post(hr, '/staff', { staffId, personnelCode: staffId, fullName: staffId, category: 'civil_servant', unitId, jobPosition: 'CV', joinedOn: '2020-01-01' }).expect(201);
    }
    await post(hr, '/staff/head1/leadership', { role: 'head', unitId: 'u1', effectiveOn: '2024-01-01' }).expect(200);
    await post(hr, '/staff/head2/leadership', { role: 'head', unitId: 'u2', effectiveOn: '2024-01-01' }).expect(200);
    await post(hr, '/staff/gone/departure', { leftOn: '2025-12-31', reason: 'retired' }).expect(200);
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('item 4: an Idempotency-Key left in flight by a crash', () => {
    const crash = (key: string, leaseSeconds: number) =>
      t.sql(
        `UPDATE idempotency_keys SET status = NULL, body = NULL, headers = NULL, lease_until = now() + make_interval(secs => $2)
          WHERE subject = 'head1' AND key = $1`,
        [key, leaseSeconds],
      );

    it('the command had landed: within the lease a retry is 409 with Retry-After; after it, the record completes and the first response is replayed', async () => {
      const body = { assignee: 'an', assignedBy: 'head1', ...clear, dueAt: due() };
      const first = await post(head1, '/assignments', body, { 'Idempotency-Key': 'crash-landed' }).expect(201);
      // The process died after the append, before the record was completed.
      await crash('crash-landed', 30);
      const early = await post(head1, '/assignments', body, { 'Idempotency-Key': 'crash-landed' });
      expect(early.status).toBe(409);
      expect(early.body.code).toBe('idempotency_key_in_flight');
      expect(Number(early.headers['retry-after'])).toBeGreaterThan(0);
      await crash('crash-landed', -1);
      const retry = await post(head1, '/assignments', body, { 'Idempotency-Key': 'crash-landed' });
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.etag).toBe(first.headers.etag);
      // The server-named id is derived from the key: the same stream, one event.
      expect(await t.sql('SELECT 1 FROM events WHERE stream_id = $1', [`assignment-${first.body.id}`])).toHaveLength(1);
      const [record] = await t.sql<{ status: number }>("SELECT status FROM idempotency_keys WHERE subject = 'head1' AND key = 'crash-landed'");
      expect(record!.status).toBe(201);
      const again = await post(head1, '/assignments', body, { 'Idempotency-Key': 'crash-landed' }).expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
    });

    it('the command had not landed: after the lease a retry runs it, once', async () => {
      const body = { assignmentId: 'never-landed', assignee: 'an', assignedBy: 'head1', ...clear, dueAt: due() };
      const path = '/api/v1/assignments';
      const hash = createHash('sha256').update(`POST\n${path}\n${canonicalJson(body)}`).digest('hex');
      // What a crash before the append leaves behind: a record in flight, no events.
      await t.sql(
        `INSERT INTO idempotency_keys (subject, key, method, path, request_hash, lease_until) VALUES ('head1', 'crash-before', 'POST', $1, $2, now() - interval '1 second')`,
        [path, hash],
      );
      const retry = await post(head1, '/assignments', body, { 'Idempotency-Key': 'crash-before' });
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual({ id: 'never-landed', version: 1, position: retry.headers['ledger-position'] });
      expect(await t.sql("SELECT 1 FROM events WHERE stream_id = 'assignment-never-landed'")).toHaveLength(1);
    });
  });

  describe('item 5: ghost and look-alike people', () => {
    let id = 0;
    const issue = async (extra: Record<string, unknown> = {}) =>
      post(head1, '/assignments', { assignmentId: `p${++id}`, unitId: 'u1', assignee: 'an', assignedBy: 'head1', ...clear, dueAt: due(), ...extra });

    it('refuses a handoff to a never-registered id: 422 unknown_person naming the field, not the person, and nothing appended', async () => {
      const issued = await issue();
      expect(issued.status).toBe(201);
      const before = await t.sql('SELECT 1 FROM events WHERE stream_id = $1', [`assignment-p${id}`]);
      const res = await post(head1, `/assignments/p${id}/handoffs`, { to: 'nobody-such', reason: 'reassignment', justification: 'j' });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('unknown_person');
      expect(res.body.errors).toEqual([{ field: 'to', message: 'does not name a registered, active staff member' }]);
      expect(JSON.stringify(res.body)).not.toMatch(/nobody-such/);
      expect(await t.sql('SELECT 1 FROM events WHERE stream_id = $1', [`assignment-p${id}`])).toHaveLength(before.length);
    });

    it('refuses look-alike ids: a zero-width space, bidi and format characters are a 400; a Cyrillic look-alike is a 422', async () => {
      await issue();
      for (const to of ['binh\u200b', '\u200ebinh', 'bi\u202enh', '\ufeffbinh', 'bi\u00adnh', 'binh\u2066']) {
        const res = await post(head1, `/assignments/p${id}/handoffs`, { to, reason: 'reassignment', justification: 'j' });
        expect([res.status, res.body.errors?.[0]?.field]).toEqual([400, 'to']);
      }
      const cyrillic = await post(head1, `/assignments/p${id}/handoffs`, { to: 'bіnh', reason: 'reassignment', justification: 'j' }); // U+0456
      expect([cyrillic.status, cyrillic.body.code]).toEqual([422, 'unknown_person']);
      await post(head1, `/assignments/p${id}/handoffs`, { to: 'binh', reason: 'reassignment', justification: 'j' }).expect(200);
    });

    it('normalises ids to NFC before comparing', async () => {
      // A decomposed id is compared in its composed (NFC) form: an unregistered id either way.
      const res = await issue({ assignee: 'cafe\u0301' });
      expect([res.status, res.body.code, res.body.errors?.[0]?.field]).toEqual([422, 'unknown_person', 'assignee']);
    });

    it('refuses an unregistered assignee or responsible, a departed staff member, and an assignedBy that is neither staff nor the caller', async () => {
      for (const [extra, field] of [
        [{ assignee: 'ghost' }, 'assignee'],
        [{ responsible: 'ghost' }, 'responsible'],
        [{ assignee: 'gone' }, 'assignee'],
        [{ assignedBy: 'someone-else' }, 'assignedBy'],
      ] as const) {
        const res = await issue(extra);
        expect([res.status, res.body.code, res.body.errors?.map((e: { field: string }) => e.field)]).toEqual([422, 'unknown_person', [field]]);
      }
      // The caller may name themselves where the field is the caller, registered or not.
      const hrCaller = await post(hr, '/assignments', { assignmentId: 'by-hr', assignee: 'an', assignedBy: 'hr-1', ...clear, dueAt: due() });
      expect(hrCaller.status).toBe(201);
    });

    it('checks council members, consulted persons and commendation recipients the same way', async () => {
      const council = await post(hr, '/disciplinary-cases', { caseId: 'k-ghost', subjectId: 'an', allegations: [{ id: 'v1', description: 'd', violationDate: '2026-01-10', severity: 'reprimand_level', evidence: [{ streamId: 'staff-an', revision: 0 }] }] });
      expect([council.status, council.body.code, council.body.detail]).toEqual([201, undefined, undefined]);
      // Issue 16: the council is convened after the self-review meeting, with seats by role.
      await post(hr, '/disciplinary-cases/k-ghost/self-review-meeting', selfReview('k-ghost', ['binh', 'chi'])).expect(200);
      const convene = await post(hr, '/disciplinary-cases/k-ghost/council', { seats: seats(['head1', 'binh', 'chi', 'head2', 'ghost-member']) });
      expect([convene.status, convene.body.errors?.map((e: { field: string }) => e.field)]).toEqual([422, ['seats[4].personId']]);
      expect(JSON.stringify(convene.body)).not.toMatch(/ghost-member/);
      expect((await t.http().get('/api/v1/disciplinary-cases/k-ghost').set(...bearer(hr))).body.council).toBeFalsy();
      const staffToken = await t.token('an', ['staff']);
      const consult = await post(staffToken, '/consultations', { requesterUnitId: 'u1', consultedPersonId: 'ghost', question: 'Q', withinRequesterAuthority: false, dueAt: due() });
      expect([consult.status, consult.body.errors?.[0]?.field]).toEqual([422, 'consultedPersonId']);
      const commendation = { form: 'Giấy khen', level: 'department', decisionNo: 'QĐ-1', decidedBy: 'Giám đốc', reason: 'r' };
      const grant = await post(hr, '/commendations', { recipient: { kind: 'person', id: 'ghost' }, ...commendation });
      // Since i10w the commendation's access policy looks the recipient up first: a 422 either way, nothing written.
      expect(grant.status).toBe(422);
      expect(JSON.stringify(grant.body)).not.toMatch(/ghost/);
      // A unit recipient is not a person.
      await post(hr, '/commendations', { recipient: { kind: 'unit', id: 'u1' }, ...commendation }).expect(201);
    });
  });

  describe('item 6: innovation self-approval and cross-unit cover', () => {
    const proposal = (id: string, related: string[]) => ({ proposalId: id, unitId: 'u1', title: 'T', plan: 'P', scope: 'S', relatedAssignmentIds: related });
    const vote = (over: Record<string, unknown>) => ({ votesFor: 1, votesAgainst: 0, abstentions: 0, headVote: 'for', writtenOverride: false, ...over });

    beforeAll(async () => {
      await post(head1, '/assignments', { assignmentId: 'w-u1', unitId: 'u1', assignee: 'an', assignedBy: 'head1', ...clear, dueAt: due() }).expect(201);
      await post(head2, '/assignments', { assignmentId: 'w-u2', unitId: 'u2', assignee: 'dung', assignedBy: 'head2', ...clear, dueAt: due() }).expect(201);
    });

    it('a unit head cannot approve their own proposal alone: own ballot alone, own tie-break and own override are refused', async () => {
      await post(head1, '/innovation-proposals', proposal('self-1', ['w-u1'])).expect(201);
      const alone = await post(head1, '/innovation-proposals/self-1/approval', vote({}));
      expect([alone.status, alone.body.code]).toEqual([422, 'innovation.collective_required']);
      const tie = await post(head1, '/innovation-proposals/self-1/approval', vote({ votesFor: 1, votesAgainst: 1 }));
      expect([tie.status, tie.body.code]).toEqual([422, 'innovation.proposer_decides_alone']);
      const override = await post(head1, '/innovation-proposals/self-1/approval', vote({ votesFor: 1, votesAgainst: 3, writtenOverride: true }));
      expect([override.status, override.body.code]).toEqual([422, 'innovation.override_own_proposal']);
      expect((await t.http().get('/api/v1/innovation-proposals/self-1').set(...bearer(head1))).body.status).toBe('registered');
      // The collective carries it without the proposer's ballot.
      await post(head1, '/innovation-proposals/self-1/approval', vote({ votesFor: 3, votesAgainst: 1 })).expect(200);
    });

    it('refuses related work of another unit, and unknown work, with the same answer', async () => {
      const foreign = await post(head1, '/innovation-proposals', proposal('cover-1', ['w-u1', 'w-u2']));
      expect([foreign.status, foreign.body.code, foreign.body.errors]).toEqual([
        422, 'innovation.related_work_outside_unit', [{ field: 'relatedAssignmentIds[1]', message: 'does not name an assignment of the unit' }],
      ]);
      const unknown = await post(head1, '/innovation-proposals', proposal('cover-2', ['no-such-work']));
      expect([unknown.status, unknown.body.code, unknown.body.errors]).toEqual([
        422, 'innovation.related_work_outside_unit', [{ field: 'relatedAssignmentIds[0]', message: 'does not name an assignment of the unit' }],
      ]);
      expect(await t.sql("SELECT 1 FROM events WHERE stream_id IN ('innovation-cover-1', 'innovation-cover-2')")).toHaveLength(0);
    });
  });

  describe('item 11: case summaries are not an unrecorded read of the case', () => {
    const reads = async () => (await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE type = 'CaseFileRead'"))[0]!.n;

    it('GET /disciplinary-cases/{id} and the list show a summary without allegations, tally or decision content; the case file read is recorded', async () => {
      await post(hr, '/disciplinary-cases', {
        caseId: 'k-sum', subjectId: 'binh',
        allegations: [{ id: 'v1', description: 'Đùn đẩy hồ sơ của công dân', violationDate: '2026-01-10', severity: 'reprimand_level', evidence: [{ streamId: 'staff-binh', revision: 0 }] }],
      }).expect(201);
      // Issue 16: self-review meeting, a council with seats by role, a delivered summons to it, then the vote.
      await post(hr, '/disciplinary-cases/k-sum/self-review-meeting', selfReview('k-sum', ['an', 'chi'])).expect(200);
      const council = ['head1', 'an', 'chi', 'head2', 'dung'];
      await post(hr, '/disciplinary-cases/k-sum/council', { seats: seats(council) }).expect(200);
      await post(hr, '/disciplinary-cases/k-sum/summonses', { purpose: 'council', meetingOn: vietnamToday(), deliveredOn: vietnamToday() }).expect(200);
      await post(hr, '/disciplinary-cases/k-sum/votes', { present: council, tally: [{ option: 'reprimand', votes: 5 }] }).expect(200);
      const before = await reads();
      const one = await t.http().get('/api/v1/disciplinary-cases/k-sum').set(...bearer(hr)).expect(200);
      const list = await t.http().get('/api/v1/disciplinary-cases').set(...bearer(hr)).expect(200);
      for (const body of [one.body, list.body.items.find((c: { id: string }) => c.id === 'k-sum')]) {
        expect(body).toMatchObject({ id: 'k-sum', status: 'open', subjectId: 'binh', allegationCount: 1, voteRecorded: true });
        expect(JSON.stringify(body)).not.toMatch(/Đùn đẩy|tally|allegations"/);
      }
      expect(await reads()).toBe(before);
      const file = await t.http().get('/api/v1/disciplinary-cases/k-sum/case-file').set(...bearer(hr)).expect(200);
      expect(JSON.stringify(file.body)).toMatch(/Đùn đẩy/);
      expect(await reads()).toBe(before + 1);
      // The subject reads their own case in full (their own record).
      const own = await t.http().get('/api/v1/disciplinary-cases/k-sum').set(...bearer(await t.token('binh', ['staff']))).expect(200);
      expect(own.body.allegations).toEqual([expect.objectContaining({ description: 'Đùn đẩy hồ sơ của công dân' })]);
    });
  });

  describe('items 2 and 3: secrets and token lifetime, end to end', () => {
    const sign = (build: (j: SignJWT) => SignJWT) =>
      build(new SignJWT({ roles: ['admin'], units: ['*'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('mallory').setIssuer('accountability-ledger').setAudience('accountability-ledger'))
        .sign(new TextEncoder().encode(TEST_JWT_SECRET));

    it('refuses a self-minted admin token without exp, with exp 100 years ahead, or issued in the future', async () => {
      const now = Math.floor(Date.now() / 1000);
      for (const token of [
        await sign((j) => j.setIssuedAt()),
        await sign((j) => j.setIssuedAt().setExpirationTime('36500d')),
        await sign((j) => j.setIssuedAt(now + 86_400).setExpirationTime(now + 90_000)),
      ]) {
        const res = await t.http().get('/api/v1/units').set(...bearer(token));
        expect([res.status, res.body.code]).toEqual([401, 'invalid_token']);
      }
    });

    it('production does not start with the README development secret, a short one, or HS256 not allowed explicitly', () => {
      const prod = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/ledger', LEDGER_SIGNING_KEY_FILE: '/run/secrets/ledger.key' };
      expect(() => loadConfig({ ...prod, JWT_SECRET: DEV_JWT_SECRET, JWT_ALLOW_HS256: 'true' })).toThrow(/published development secret/);
      expect(() => loadConfig({ ...prod, JWT_SECRET: 'x'.repeat(40), JWT_ALLOW_HS256: 'true' })).toThrow(/entropy/);
      expect(() => loadConfig({ ...prod, JWT_SECRET: 'q0Vh3Zr9yB7uKx2NwP5mT8sD1fL6cJ4aE9gR2tY7iU0oH3kM' })).toThrow(/JWT_ALLOW_HS256/);
    });
  });
});
