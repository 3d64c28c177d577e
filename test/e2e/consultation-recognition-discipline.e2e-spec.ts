import { createHash, randomUUID } from 'node:crypto';
import { EVENT_STORE, type EventStore } from '#event-store';
import { bearer, createTestApp, type TestApp } from '../support/app.js';

/** Today in Vietnam (the calendar the disciplinary time limits run in). */
const vietnamToday = (): string => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);


describe('consultations, recognition, disciplinary cases and the case file', () => {
  let t: TestApp;
  let hr: string;
  let hrStc: string;
  let council1: string;
  let councilOutsider: string;
  let integration: string;
  let consultationId: string;
  const api = '/api/v1';

  const staff = (staffId: string, unitId: string, category = 'civil_servant') => ({
    staffId, personnelCode: `CC-${staffId}`, fullName: staffId, category, unitId, jobPosition: 'Chuyên viên', joinedOn: '2015-01-01',
  });

  beforeAll(async () => {
    t = await createTestApp();
    hr = await t.token('hr-1', ['hr'], ['*']);
    hrStc = await t.token('hr-stc', ['hr', 'inspector'], ['stc']);
    council1 = await t.token('c1', ['council']);
    councilOutsider = await t.token('c9', ['council']);
    integration = await t.token('feed', ['integration'], ['*']);
    await t.http().post(`${api}/units`).set(...bearer(hr)).send({ unitId: 'tinh', name: 'UBND tỉnh', establishedOn: '2025-07-01' }).expect(201);
    for (const unitId of ['snv', 'stc']) {
      await t.http().post(`${api}/units`).set(...bearer(hr)).send({ unitId, name: unitId, parentUnitId: 'tinh', establishedOn: '2025-07-01' }).expect(201);
    }
    for (const [id, unit] of [['an', 'snv'], ['chi', 'snv'], ['giam-doc', 'snv'], ['binh', 'stc'], ['dong', 'stc'], ['c1', 'tinh'], ['c2', 'tinh'], ['c3', 'tinh'], ['c4', 'tinh'], ['c5', 'tinh']] as const) {
      await t.http().post(`${api}/staff`).set(...bearer(hr)).send(staff(id, unit)).expect(201);
    }
    await t.http().post(`${api}/staff/giam-doc/leadership`).set(...bearer(hr)).send({ role: 'head', unitId: 'snv', effectiveOn: '2025-07-01' }).expect(200);
  });
  afterAll(async () => {
    await t.close();
  });

  const openCase = async (caseId: string, subjectId: string, allegation: Record<string, unknown>) =>
    t.http().post(`${api}/disciplinary-cases`).set(...bearer(hr)).send({
      caseId, subjectId, allegations: [{ id: 'v1', description: 'Né tránh, đùn đẩy', severity: 'reprimand_level', ...allegation }],
    });
  const digest = (n: string) => createHash('sha256').update(n).digest('hex');
  /** The steps before the council votes: self-review meeting, a council of the right composition, the summons to it. */
  const convene = async (caseId: string) => {
    const today = vietnamToday();
    const meeting = await t.http().post(`${api}/disciplinary-cases/${caseId}/self-review-meeting`).set(...bearer(hr)).send({
      heldOn: today, convenedBy: 'giam-doc', convenerRole: 'head_of_employing_unit', attendees: ['dong', 'giam-doc'], subjectPresent: true,
      minutes: { number: `BB-${caseId}`, date: today, issuer: 'Phòng', digest: digest(`minutes-${caseId}`) }, tally: [{ option: 'reprimand', votes: 2 }],
    });
    if (meeting.status !== 200) return meeting;
    const council = await t.http().post(`${api}/disciplinary-cases/${caseId}/council`).set(...bearer(hr)).send({
      seats: [
        { personId: 'c1', role: 'chair' }, { personId: 'c3', role: 'employing_unit_leader' }, { personId: 'c4', role: 'party_representative' },
        { personId: 'c5', role: 'trade_union_representative' }, { personId: 'c2', role: 'secretary' },
      ],
    });
    if (council.status !== 200) return council;
    return t.http().post(`${api}/disciplinary-cases/${caseId}/summonses`).set(...bearer(hr)).send({ purpose: 'council', meetingOn: today, deliveredOn: today });
  };
  const vote = async (caseId: string, option: string) =>
    t.http().post(`${api}/disciplinary-cases/${caseId}/votes`).set(...bearer(council1)).send({ present: ['c1', 'c2', 'c3', 'c4', 'c5'], tally: [{ option, votes: 5 }] });

  describe('consultations (Official Dispatch 280/CĐ-TTg; Decree 39/2022)', () => {
    it('a consultation within the requester\'s authority, answered late with no position, shows every flag', async () => {
      // Importers migrate history: their occurredAt becomes the domain's now.
      const an = await t.token('an', ['staff', 'importer'], ['*']);
      const binh = await t.token('binh', ['staff', 'importer'], ['*']);
      const created = await t.http().post(`${api}/consultations`).set(...bearer(an)).send({
        requesterUnitId: 'snv', consultedUnitId: 'stc', question: 'Có được chi khoản này không?', withinRequesterAuthority: true,
        dueAt: '2026-01-10T10:00:00Z', occurredAt: '2026-01-05T08:00:00Z',
      });
      expect(created.status).toBe(201);
      consultationId = created.body.id;
      const answered = await t.http().post(`${api}/consultations/${consultationId}/answer`).set(...bearer(binh))
        .send({ position: 'no_position', answer: 'Đề nghị xin ý kiến cấp trên', occurredAt: '2026-01-20T08:00:00Z' });
      expect(answered.status).toBe(200);
      const got = await t.http().get(`${api}/consultations/${consultationId}`).set(...bearer(hr));
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({ status: 'answered', late: true, withinRequesterAuthority: true, raisedFlags: [] });
      expect(got.body.flags).toEqual(['within_own_authority', 'vague_response', 'late_response']);
      for (const filter of ['flag=within_own_authority', 'flag=late_response', 'flag=vague_response', 'late=true', 'position=no_position', 'requester=an']) {
        const list = await t.http().get(`${api}/consultations?${filter}`).set(...bearer(hr));
        expect(list.body.items.map((c: { id: string }) => c.id)).toContain(consultationId);
      }
      const onTime = await t.http().get(`${api}/consultations?late=false`).set(...bearer(hr));
      expect(onTime.body.items.map((c: { id: string }) => c.id)).not.toContain(consultationId);
    });

    it('an explicit flag is recorded with who raised it; a second one of the same kind is a conflict', async () => {
      const inspector = await t.token('insp', ['inspector'], ['tinh']);
      const res = await t.http().post(`${api}/consultations/${consultationId}/flags`).set(...bearer(inspector)).send({ flag: 'unrelated_party', note: 'x' });
      expect(res.status).toBe(200);
      const got = await t.http().get(`${api}/consultations/${consultationId}`).set(...bearer(inspector));
      expect(got.body.raisedFlags).toEqual(['unrelated_party']);
      expect(got.body.flags).toEqual(['within_own_authority', 'unrelated_party', 'vague_response', 'late_response']);
      const again = await t.http().post(`${api}/consultations/${consultationId}/flags`).set(...bearer(inspector)).send({ flag: 'unrelated_party' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('consultation.flag_already_raised');
    });

    it('withdraws an unanswered request; a non-importer cannot backdate', async () => {
      const chi = await t.token('chi', ['staff']);
      const created = await t.http().post(`${api}/consultations`).set(...bearer(chi)).send({
        requesterUnitId: 'snv', consultedPersonId: 'binh', question: 'Q', withinRequesterAuthority: false, dueAt: '2099-01-01T00:00:00Z',
      });
      expect(created.status).toBe(201);
      const withdrawn = await t.http().post(`${api}/consultations/${created.body.id}/withdrawal`).set(...bearer(chi)).send({ reason: 'Không cần nữa' });
      expect(withdrawn.status).toBe(200);
      const backdated = await t.http().post(`${api}/consultations`).set(...bearer(chi)).send({
        requesterUnitId: 'snv', consultedPersonId: 'binh', question: 'Q', withinRequesterAuthority: false, dueAt: '2099-01-01T00:00:00Z', occurredAt: '2020-01-01T00:00:00Z',
      });
      expect(backdated.status).toBe(403);
      expect(backdated.body.code).toBe('occurred_at_needs_importer');
    });
  });

  describe('commendations and disciplinary cases', () => {
    it('refuses a commendation for a person under an open case, with a clear error and its source', async () => {
      expect((await openCase('k-an', 'an', { violationDate: '2026-03-01', evidence: [{ streamId: 'staff-an', revision: 0 }] })).status).toBe(201);
      const res = await t.http().post(`${api}/commendations`).set(...bearer(hr)).send({
        recipient: { kind: 'person', id: 'an' }, form: 'Bằng khen', level: 'provincial', decisionNo: '1/QĐ', decidedBy: 'Chủ tịch UBND tỉnh', reason: 'Xuất sắc',
      });
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe('commendation.recipient_under_disciplinary_consideration');
      expect(res.body.detail).toMatch(/disciplinary consideration/);
      expect(res.body.source).toBeTruthy();
    });

    it('refuses evidence that names no recorded event', async () => {
      const res = await openCase('k-bad', 'chi', { violationDate: '2026-03-01', evidence: [{ streamId: 'assignment-nope', revision: 0 }] });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('case.evidence_not_found');
    });

    it('a civil servant\'s case decided in 2026 refuses salary-grade reduction, accepts a reprimand, and revokes the commendation of the period', async () => {
      const granted = await t.http().post(`${api}/commendations`).set(...bearer(hr)).send({
        commendationId: 'kt-binh', recipient: { kind: 'person', id: 'binh' }, form: 'Giấy khen', level: 'department', decisionNo: '2/QĐ',
        decidedBy: 'Giám đốc Sở', reason: 'Hoàn thành tốt', periodFrom: '2026-01-01', periodTo: '2026-12-31',
      });
      expect(granted.status).toBe(201);
      expect((await openCase('k-binh', 'binh', { violationDate: '2026-06-01', evidence: [{ streamId: 'staff-binh', revision: 0 }] })).status).toBe(201);
      expect((await convene('k-binh')).status).toBe(200);
      const badVote = await vote('k-binh', 'salary_grade_reduction');
      expect(badVote.status).toBe(422);
      expect(badVote.body.code).toBe('case.form_not_available');
      expect(badVote.body.source).toMatch(/172\/2025/);
      expect((await vote('k-binh', 'reprimand')).status).toBe(200);
      const decision = { decisionNo: '88/QĐ-SNV', effectiveFrom: vietnamToday(), relatedToDuties: true, allegationIds: ['v1'] };
      const refused = await t.http().post(`${api}/disciplinary-cases/k-binh/decision`).set(...bearer(hr)).send({ ...decision, form: 'salary_grade_reduction' });
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('case.form_not_available');
      const accepted = await t.http().post(`${api}/disciplinary-cases/k-binh/decision`).set(...bearer(hr)).send({ ...decision, form: 'reprimand' });
      expect(accepted.status).toBe(200);
      // The revocation is the process manager's (when-decision-issued-then-revoke-commendations), not the route's.
      expect(accepted.body).not.toHaveProperty('revokedCommendations');
      let commendation = await t.http().get(`${api}/commendations/kt-binh`).set(...bearer(hr));
      for (let i = 0; i < 100 && commendation.body.status !== 'revoked'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        commendation = await t.http().get(`${api}/commendations/kt-binh`).set(...bearer(hr));
      }
      expect(commendation.body).toMatchObject({ status: 'revoked', revocation: { findingRef: 'case-k-binh' } });
      const revocations = await t.sql<{ causation: string; actor: string }>(
        `SELECT metadata->>'causationId' AS causation, metadata->'actor'->>'sub' AS actor FROM events WHERE stream_id = 'commendation-kt-binh' AND type = 'CommendationRevoked'`,
      );
      const decisionEvent = await t.sql<{ id: string }>(`SELECT id FROM events WHERE stream_id = 'case-k-binh' AND type = 'DecisionIssued'`);
      expect(revocations).toEqual([{ causation: decisionEvent[0]!.id, actor: 'when-decision-issued-then-revoke-commendations' }]);
      // hr reads a summary; the decision itself is in the (recorded) case file; the subject sees their own case in full.
      const got = await t.http().get(`${api}/disciplinary-cases/k-binh`).set(...bearer(hr));
      expect(got.body).toMatchObject({ status: 'decided', decision: { decisionNo: expect.any(String) } });
      expect(got.body.decision.form).toBeUndefined();
      const binh = await t.token('binh', ['staff']);
      const own = await t.http().get(`${api}/disciplinary-cases/k-binh`).set(...bearer(binh));
      expect(own.body).toMatchObject({ status: 'decided', decision: { form: 'reprimand', formsRegime: 'civil_servant/2025' } });
      // Only the disciplined person appeals; hr resolves.
      expect((await t.http().post(`${api}/disciplinary-cases/k-binh/appeals`).set(...bearer(binh)).send({ grounds: 'Không tương xứng' })).status).toBe(200);
      const resolved = await t.http().post(`${api}/disciplinary-cases/k-binh/appeal-resolution`).set(...bearer(hr)).send({ outcome: 'upheld', decisionNo: '9/QĐ-GQKN' });
      expect(resolved.status).toBe(200);
    });

    it('a reprimand-level violation more than 5 years old is time-barred: no decision, dismissal as time_barred', async () => {
      expect((await openCase('k-old', 'chi', { violationDate: '2021-01-01', evidence: [{ streamId: 'staff-chi', revision: 0 }] })).status).toBe(201);
      expect((await convene('k-old')).status).toBe(200);
      expect((await vote('k-old', 'reprimand')).status).toBe(200);
      const decision = await t.http().post(`${api}/disciplinary-cases/k-old/decision`).set(...bearer(hr))
        .send({ form: 'reprimand', decisionNo: '1', effectiveFrom: vietnamToday(), relatedToDuties: true, allegationIds: ['v1'] });
      expect(decision.status).toBe(422);
      expect(decision.body.code).toBe('case.allegation_time_barred');
      const dismissed = await t.http().post(`${api}/disciplinary-cases/k-old/dismissal`).set(...bearer(hr)).send({ reason: 'time_barred', note: 'Hết thời hiệu' });
      expect(dismissed.status).toBe(200);
    });
  });

  describe('innovation proposals (Decree 73/2023)', () => {
    it('a proposal approved by written override after a failed vote shows in a later case about the same work, dismissed as protected_innovation', async () => {
      const store = t.app.get<EventStore>(EVENT_STORE);
      await store.append('assignment-a-42', [{
        id: randomUUID(), type: 'AssignmentIssued', data: {
          assignmentId: 'a-42', kind: 'task', unitId: 'snv', assignee: 'giam-doc', title: 'Thí điểm một cửa', description: 'd', deliverable: 'd',
          successCriteria: 's', assignedBy: 'hr-1', authorityBasis: 'QĐ 1', dueAt: '2026-12-31T00:00:00Z', responsible: 'giam-doc', issuedAt: new Date().toISOString(),
        },
      }], 'no_stream');
      const notLeader = await t.http().post(`${api}/innovation-proposals`).set(...bearer(await t.token('an', ['staff'])))
        .send({ unitId: 'snv', title: 'T', plan: 'P', scope: 'S', relatedAssignmentIds: ['a-42'] });
      expect(notLeader.status).toBe(422);
      expect(notLeader.body.code).toBe('innovation.proposer_not_leader');
      const head = await t.token('giam-doc', ['unit_head'], ['snv']);
      // The deputy proposes; the head decides (issue 12: nobody approves their own proposal alone).
      await t.http().post(`${api}/staff`).set(...bearer(hr)).send(staff('pho-gd', 'snv')).expect(201);
      await t.http().post(`${api}/staff/pho-gd/leadership`).set(...bearer(hr)).send({ role: 'deputy', unitId: 'snv', effectiveOn: '2025-07-01' }).expect(200);
      const deputy = await t.token('pho-gd', ['unit_head'], ['snv']);
      const proposal = await t.http().post(`${api}/innovation-proposals`).set(...bearer(deputy))
        .send({ proposalId: 'dx-1', unitId: 'snv', title: 'Một cửa 5 ngày', plan: 'Gộp thẩm định', scope: 'Cấp phép', relatedAssignmentIds: ['a-42'] });
      expect(proposal.status).toBe(201);
      const failedVote = { votesFor: 1, votesAgainst: 2, abstentions: 0, headVote: 'for' };
      const noOverride = await t.http().post(`${api}/innovation-proposals/dx-1/approval`).set(...bearer(head)).send({ ...failedVote, writtenOverride: false });
      expect(noOverride.status).toBe(422);
      expect(noOverride.body.code).toBe('innovation.vote_failed');
      expect((await t.http().post(`${api}/innovation-proposals/dx-1/approval`).set(...bearer(head)).send({ ...failedVote, writtenOverride: true })).status).toBe(200);
      const evaluated = await t.http().post(`${api}/innovation-proposals/dx-1/outcome`).set(...bearer(hr))
        .send({ result: 'partial', damage: { amountVnd: 0 }, personalGain: false, causes: ['Phần mềm chưa ổn định'] });
      expect(evaluated.status).toBe(200);
      expect((await openCase('k-gd', 'giam-doc', { violationDate: '2026-05-01', evidence: [{ streamId: 'assignment-a-42', revision: 0 }] })).status).toBe(201);
      const got = await t.http().get(`${api}/disciplinary-cases/k-gd`).set(...bearer(hr));
      expect(got.body.coveringInnovationProposals).toEqual([
        expect.objectContaining({ id: 'dx-1', status: 'approved', approval: expect.objectContaining({ writtenOverride: true, votesFor: 1, votesAgainst: 2 }) }),
      ]);
      const dismissed = await t.http().post(`${api}/disciplinary-cases/k-gd/dismissal`).set(...bearer(hr))
        .send({ reason: 'protected_innovation', note: 'Đổi mới đã được phê duyệt', innovationProposalId: 'dx-1' });
      expect(dismissed.status).toBe(200);
      const after = await t.http().get(`${api}/disciplinary-cases/k-gd`).set(...bearer(hr));
      expect(after.body).toMatchObject({ status: 'dismissed', dismissal: { reason: 'protected_innovation', innovationProposalId: 'dx-1' } });
      const list = await t.http().get(`${api}/innovation-proposals?assignmentId=a-42`).set(...bearer(hr));
      expect(list.body.items.map((p: { id: string }) => p.id)).toEqual(['dx-1']);
    });
  });

  describe('authorization of every route', () => {
    const routes: Array<[string, string, Record<string, unknown>]> = [
      ['post', '/consultations', {}],
      ['post', '/consultations/x/answer', {}],
      ['post', '/consultations/x/flags', {}],
      ['post', '/consultations/x/withdrawal', {}],
      ['get', '/consultations', {}],
      ['get', '/consultations/x', {}],
      ['post', '/commendations', {}],
      ['post', '/commendations/x/revocation', {}],
      ['get', '/commendations', {}],
      ['get', '/commendations/x', {}],
      ['post', '/innovation-proposals', {}],
      ['post', '/innovation-proposals/x/approval', {}],
      ['post', '/innovation-proposals/x/rejection', {}],
      ['post', '/innovation-proposals/x/outcome', {}],
      ['get', '/innovation-proposals', {}],
      ['get', '/innovation-proposals/x', {}],
      ['post', '/disciplinary-cases', {}],
      ...['council', 'statements', 'evidence', 'extensions', 'votes', 'decision', 'dismissal', 'appeals', 'appeal-resolution',
        'summonses', 'self-review-meeting', 'council/replacements', 'documents', 'suspension', 'resumption', 'exemption'].map(
        (r): [string, string, Record<string, unknown>] => ['post', `/disciplinary-cases/x/${r}`, {}],
      ),
      ['get', '/disciplinary-cases', {}],
      ['get', '/disciplinary-cases/x', {}],
      ['get', '/disciplinary-cases/x/case-file', {}],
      ['get', '/staff/x/history', {}],
    ];

    it.each(routes)('%s %s: 401 without a token, 403 for the integration role', async (method, path, body) => {
      const call = (token?: string) => {
        const req = method === 'get' ? t.http().get(`${api}${path}`) : t.http().post(`${api}${path}`).send(body);
        return token ? req.set(...bearer(token)) : req;
      };
      const none = await call();
      expect(none.status).toBe(401);
      const wrong = await call(integration);
      expect(wrong.status).toBe(403);
      expect(wrong.body.code).toBe('forbidden_role');
    });

    it('consultations: 403 outside scope on commands, 404 on reads, filtered lists', async () => {
      const an = await t.token('an', ['staff']);
      const foreign = await t.http().post(`${api}/consultations`).set(...bearer(an))
        .send({ requesterUnitId: 'stc', consultedUnitId: 'snv', question: 'Q', withinRequesterAuthority: false, dueAt: '2099-01-01T00:00:00Z' });
      expect(foreign.status).toBe(403);
      expect(foreign.body.code).toBe('outside_unit_scope');
      // The requester cannot answer their own consultation; the requester side cannot answer at all.
      expect((await t.http().post(`${api}/consultations/${consultationId}/answer`).set(...bearer(an)).send({ position: 'agree', answer: 'x' })).status).toBe(403);
      const outsider = await t.token('head-x', ['unit_head', 'inspector'], ['nowhere']);
      expect((await t.http().get(`${api}/consultations/${consultationId}`).set(...bearer(outsider))).status).toBe(404);
      expect((await t.http().post(`${api}/consultations/${consultationId}/flags`).set(...bearer(outsider)).send({ flag: 'unrelated_party' })).status).toBe(404);
      expect((await t.http().post(`${api}/consultations/${consultationId}/withdrawal`).set(...bearer(outsider)).send({ reason: 'x' })).status).toBe(404);
      expect((await t.http().get(`${api}/consultations`).set(...bearer(outsider))).body.items).toEqual([]);
      const stranger = await t.token('c3', ['staff']);
      expect((await t.http().get(`${api}/consultations/${consultationId}`).set(...bearer(stranger))).status).toBe(404);
    });

    it('a staff token with a units claim acts only as itself: no consultation as another unit (issue 12 item 10)', async () => {
      const before = (await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE stream_id LIKE 'consultation-%'"))[0]!.n;
      const an = await t.token('an', ['staff'], ['stc']);
      const res = await t.http().post(`${api}/consultations`).set(...bearer(an))
        .send({ requesterUnitId: 'stc', consultedUnitId: 'snv', question: 'Q', withinRequesterAuthority: false, dueAt: '2099-01-01T00:00:00Z' });
      expect([res.status, res.body.code]).toEqual([403, 'outside_unit_scope']);
      const starred = await t.token('an', ['staff'], ['*']);
      const all = await t.http().post(`${api}/consultations`).set(...bearer(starred))
        .send({ requesterUnitId: 'stc', consultedUnitId: 'snv', question: 'Q', withinRequesterAuthority: false, dueAt: '2099-01-01T00:00:00Z' });
      expect([all.status, all.body.code]).toEqual([403, 'outside_unit_scope']);
      expect((await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE stream_id LIKE 'consultation-%'"))[0]!.n).toBe(before);
    });

    it('commendations and proposals: 403 outside scope on commands, 404 on reads', async () => {
      const grant = await t.http().post(`${api}/commendations`).set(...bearer(hrStc)).send({
        recipient: { kind: 'person', id: 'chi' }, form: 'f', level: 'l', decisionNo: 'd', decidedBy: 'b', reason: 'r',
      });
      expect(grant.status).toBe(403);
      expect(grant.body.code).toBe('outside_unit_scope');
      const hrSnv = await t.token('hr-snv', ['hr'], ['snv']);
      expect((await t.http().get(`${api}/commendations/kt-binh`).set(...bearer(hrSnv))).status).toBe(404);
      expect((await t.http().post(`${api}/commendations/kt-binh/revocation`).set(...bearer(hrSnv)).send({ reason: 'x', decisionNo: '1' })).status).toBe(404);
      expect((await t.http().get(`${api}/commendations`).set(...bearer(hrSnv))).body.items).toEqual([]);
      const headStc = await t.token('head-stc', ['unit_head', 'inspector', 'hr'], ['stc']);
      for (const [path, body] of [
        ['approval', { votesFor: 1, votesAgainst: 0, abstentions: 0, headVote: 'for', writtenOverride: false }],
        ['rejection', { reason: 'x' }],
        ['outcome', { result: 'success', damage: { amountVnd: 0 }, personalGain: false, causes: [] }],
      ] as const) {
        // Issue 12 item 9: a proposal outside the scope answers as one that does not exist.
        const res = await t.http().post(`${api}/innovation-proposals/dx-1/${path}`).set(...bearer(headStc)).send(body);
        const missing = await t.http().post(`${api}/innovation-proposals/never-registered/${path}`).set(...bearer(headStc)).send(body);
        expect([res.status, res.body.code, res.body.detail]).toEqual([404, 'innovation.not_found', missing.body.detail]);
        expect(missing.status).toBe(404);
      }
      const head = await t.token('giam-doc', ['unit_head'], ['snv']);
      expect((await t.http().post(`${api}/innovation-proposals`).set(...bearer(head)).send({ unitId: 'stc', title: 'T', plan: 'P', scope: 'S', relatedAssignmentIds: [] })).status).toBe(403);
      expect((await t.http().get(`${api}/innovation-proposals/dx-1`).set(...bearer(headStc))).status).toBe(404);
      expect((await t.http().get(`${api}/innovation-proposals`).set(...bearer(headStc))).body.items).toEqual([]);
    });

    it('cases: hr outside scope gets 403 on opening and 404 on the case; a council member not on the case gets 404', async () => {
      const open = await t.http().post(`${api}/disciplinary-cases`).set(...bearer(hrStc)).send({
        subjectId: 'chi', allegations: [{ id: 'v1', description: 'd', violationDate: '2026-01-01', severity: 'reprimand_level', evidence: [{ streamId: 'staff-chi', revision: 0 }] }],
      });
      expect(open.status).toBe(403);
      expect(open.body.code).toBe('outside_unit_scope');
      for (const path of ['council', 'extensions', 'decision', 'dismissal', 'appeal-resolution', 'statements', 'evidence', 'votes',
        'summonses', 'self-review-meeting', 'council/replacements', 'documents', 'suspension', 'resumption', 'exemption']) {
        const res = await t.http().post(`${api}/disciplinary-cases/k-an/${path}`).set(...bearer(hrStc)).send({});
        expect([400, 404]).toContain(res.status); // an invalid body may be refused first; a valid one is 404
      }
      expect((await t.http().post(`${api}/disciplinary-cases/k-an/dismissal`).set(...bearer(hrStc)).send({ reason: 'other', note: 'x' })).status).toBe(404);
      expect((await t.http().post(`${api}/disciplinary-cases/k-an/statements`).set(...bearer(councilOutsider)).send({ personId: 'an', role: 'subject', summary: 's' })).status).toBe(404);
      expect((await t.http().post(`${api}/disciplinary-cases/k-an/evidence`).set(...bearer(councilOutsider)).send({ allegationId: 'v1', evidence: { streamId: 'staff-an', revision: 0 } })).status).toBe(404);
      expect((await t.http().post(`${api}/disciplinary-cases/k-binh/votes`).set(...bearer(councilOutsider)).send({ present: ['c1'], tally: [] })).status).toBe(404);
      expect((await t.http().get(`${api}/disciplinary-cases/k-binh`).set(...bearer(councilOutsider))).status).toBe(404);
      expect((await t.http().get(`${api}/disciplinary-cases/k-binh/case-file`).set(...bearer(councilOutsider))).status).toBe(404);
      expect((await t.http().get(`${api}/disciplinary-cases`).set(...bearer(councilOutsider))).body.items).toEqual([]);
      expect((await t.http().get(`${api}/disciplinary-cases/k-an`).set(...bearer(hrStc))).status).toBe(404);
      const stcCases = await t.http().get(`${api}/disciplinary-cases`).set(...bearer(hrStc));
      expect(stcCases.body.items.map((c: { id: string }) => c.id)).toEqual(['k-binh']);
      // The council member sitting on k-binh sees it and only it; the subject appeals only their own case.
      const mine = await t.http().get(`${api}/disciplinary-cases`).set(...bearer(council1));
      expect(mine.body.items.map((c: { id: string }) => c.id).sort()).toEqual(['k-binh', 'k-old']);
      const chi = await t.token('chi', ['staff']);
      expect((await t.http().post(`${api}/disciplinary-cases/k-binh/appeals`).set(...bearer(chi)).send({ grounds: 'g' })).status).toBe(404);
      // History: hr out of scope 404, another staff 404, the person themself 200.
      expect((await t.http().get(`${api}/staff/an/history`).set(...bearer(hrStc))).status).toBe(404);
      expect((await t.http().get(`${api}/staff/an/history`).set(...bearer(chi))).status).toBe(404);
      expect((await t.http().get(`${api}/staff/an/history`).set(...bearer(await t.token('an', ['staff'])))).status).toBe(200);
      expect((await t.http().get(`${api}/staff/binh/history`).set(...bearer(council1))).status).toBe(200);
      expect((await t.http().get(`${api}/staff/an/history`).set(...bearer(councilOutsider))).status).toBe(404);
    });
  });

  describe('the case file', () => {
    it('shows every event of the subject with its verification, the evidence resolved, and records the read', async () => {
      expect((await convene('k-an')).status).toBe(200);
      const file = await t.http().get(`${api}/disciplinary-cases/k-an/case-file?from=2020-01-01`).set(...bearer(council1));
      expect(file.status).toBe(200);
      const streams = new Set(file.body.events.map((e: { streamId: string }) => e.streamId));
      expect(streams).toEqual(new Set(['staff-an', `consultation-${consultationId}`, 'case-k-an']));
      const positions = file.body.events.map((e: { position: string }) => BigInt(e.position));
      expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
      expect(file.body.events.every((e: { verification: { verified: boolean } }) => e.verification.verified)).toBe(true);
      expect(file.body.verifiedAll).toBe(true);
      expect(file.body.evidence).toEqual([
        expect.objectContaining({ allegationId: 'v1', streamId: 'staff-an', revision: 0, found: true, event: expect.objectContaining({ type: 'StaffRegistered' }) }),
      ]);
      const reads = await t.sql<{ type: string; data: { readBy: string; subjectId: string } }>(
        "SELECT type, data FROM events WHERE stream_id = 'case-file-reads-k-an'",
      );
      expect(reads).toEqual([expect.objectContaining({ type: 'CaseFileRead', data: expect.objectContaining({ readBy: 'c1', subjectId: 'an' }) })]);
    });

    it('a tampered event shows as failed, and the chain after it as no longer anchored', async () => {
      const stream = `consultation-${consultationId}`;
      await t.sql('ALTER TABLE events DISABLE TRIGGER events_immutable');
      await t.sql(`UPDATE events SET data = jsonb_set(data, '{question}', '"Câu hỏi đã bị sửa"') WHERE stream_id = $1 AND revision = 0`, [stream]);
      await t.sql('ALTER TABLE events ENABLE TRIGGER events_immutable');
      const file = await t.http().get(`${api}/disciplinary-cases/k-an/case-file?from=2020-01-01`).set(...bearer(hr));
      expect(file.status).toBe(200);
      const ofStream = file.body.events.filter((e: { streamId: string }) => e.streamId === stream);
      expect(ofStream[0].verification).toMatchObject({ verified: false, reason: 'hash_mismatch' });
      expect(ofStream.slice(1).every((e: { verification: { verified: boolean; reason: string } }) => !e.verification.verified && e.verification.reason === 'after_broken_link')).toBe(true);
      const others = file.body.events.filter((e: { streamId: string }) => e.streamId !== stream);
      expect(others.every((e: { verification: { verified: boolean } }) => e.verification.verified)).toBe(true);
      expect(file.body.verifiedAll).toBe(false);
      const history = await t.http().get(`${api}/staff/an/history?from=2020-01-01`).set(...bearer(hr));
      expect(history.body.events.find((e: { streamId: string; revision: number }) => e.streamId === stream && e.revision === 0).verification.verified).toBe(false);
      const reads = await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE stream_id IN ('case-file-reads-k-an', 'staff-history-reads-an')");
      expect(reads[0]!.n).toBeGreaterThanOrEqual(3);
    });
  });
});
