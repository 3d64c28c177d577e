import { createHash } from 'node:crypto';
import { bearer, createTestApp, type TestApp } from '../support/app.js';

/**
 * The disciplinary procedure as the decrees describe it (issue 16): a 2026 case against
 * a civil servant through the self-review meeting, a council of the right composition,
 * a secret ballot, a decision not heavier than recommended and an appeal; a second case
 * suspended for maternity and resumed; the case file shows every step verified; and the
 * route x role matrix of every new route.
 */

const vietnamToday = (): string => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
const digest = (n: string): string => createHash('sha256').update(n).digest('hex');
const doc = (number: string, date: string) => ({ number, date, issuer: 'Sở Nội vụ', digest: digest(number) });

describe('the disciplinary procedure (Decree 112/2020 as amended; Decree 172/2025)', () => {
  let t: TestApp;
  let hr: string;
  let importer: string;
  let chair: string;
  const api = '/api/v1';
  const today = vietnamToday();
  const seats = [
    { personId: 'c1', role: 'chair' },
    { personId: 'c2', role: 'employing_unit_leader' },
    { personId: 'c3', role: 'party_representative' },
    { personId: 'c4', role: 'trade_union_representative' },
    { personId: 'c5', role: 'secretary' },
  ];
  const post = (path: string, token: string, body: Record<string, unknown>) => t.http().post(`${api}${path}`).set(...bearer(token)).send(body);

  beforeAll(async () => {
    t = await createTestApp();
    hr = await t.token('hr-1', ['hr'], ['*']);
    importer = await t.token('imp', ['importer', 'hr'], ['*']);
    chair = await t.token('c1', ['council']);
    await post('/units', hr, { unitId: 'tinh', name: 'UBND tỉnh', establishedOn: '2025-07-01' }).expect(201);
    for (const unitId of ['snv', 'stc']) await post('/units', hr, { unitId, name: unitId, parentUnitId: 'tinh', establishedOn: '2025-07-01' }).expect(201);
    const people: [string, string][] = [['lan', 'snv'], ['mai', 'snv'], ['u1', 'snv'], ['u2', 'snv'], ['u3', 'snv'], ['head', 'snv'], ['c1', 'tinh'], ['c2', 'tinh'], ['c3', 'tinh'], ['c4', 'tinh'], ['c5', 'tinh'], ['c6', 'tinh'], ['x1', 'stc']];
    for (const [id, unitId] of people) {
      await post('/staff', hr, { staffId: id, personnelCode: `CC-${id}`, fullName: id, category: 'civil_servant', unitId, jobPosition: 'Chuyên viên', joinedOn: '2015-01-01' }).expect(201);
    }
  });
  afterAll(async () => {
    await t.close();
  });

  describe('a 2026 case against a civil servant, step by step', () => {
    it('opens with the detection date and a 90-day period from it (Decree 172/2025)', async () => {
      const opened = await post('/disciplinary-cases', hr, {
        caseId: 'k-lan', subjectId: 'lan', detectedOn: today,
        allegations: [{ id: 'v1', description: 'Để hồ sơ quá hạn, đùn đẩy', violationDate: '2026-02-01', violationEndDate: '2026-02-20', severity: 'reprimand_level', evidence: [{ streamId: 'staff-lan', revision: 0 }] }],
      });
      expect(opened.status).toBe(201);
      // GET answers a summary to anyone but the subject (issue 12 item 11); the content is in the recorded case file.
      const got = await t.http().get(`${api}/disciplinary-cases/k-lan/case-file`).set(...bearer(hr));
      expect(got.body.case).toMatchObject({ status: 'open', detectedOn: today, subjectIsLeader: false, subjectUnitId: 'snv' });
    });

    it('refuses the council before the self-review meeting (out of order, 422 with the article)', async () => {
      const res = await post('/disciplinary-cases/k-lan/council', hr, { seats });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('case.self_review_required');
      expect(res.body.source).toMatch(/art\. 26/);
    });

    it('holds the self-review meeting without the subject only after the second summons', async () => {
      const meeting = {
        heldOn: today, convenedBy: 'head', convenerRole: 'head_of_employing_unit', attendees: ['u1', 'u2', 'u3'], subjectPresent: false, absence: 'second_summons',
        minutes: doc('BB-KĐ-1', today), tally: [{ option: 'warning', votes: 2 }, { option: 'reprimand', votes: 1 }],
      };
      expect((await post('/disciplinary-cases/k-lan/summonses', hr, { summonsId: 'gm-1', purpose: 'self_review', meetingOn: today, deliveredOn: today, document: doc('GM-1', today) })).status).toBe(200);
      const early = await post('/disciplinary-cases/k-lan/self-review-meeting', hr, meeting);
      expect(early.status).toBe(422);
      expect(early.body.code).toBe('case.subject_absence_not_established');
      expect((await post('/disciplinary-cases/k-lan/summonses', hr, { summonsId: 'gm-2', purpose: 'self_review', meetingOn: today, deliveredOn: today })).status).toBe(200);
      expect((await post('/disciplinary-cases/k-lan/self-review-meeting', hr, meeting)).status).toBe(200);
    });

    it('refuses a council that does not meet the composition, and a relative of the subject', async () => {
      const flat = await post('/disciplinary-cases/k-lan/council', hr, { seats: [{ personId: 'c1', role: 'chair' }, { personId: 'c5', role: 'secretary' }, { personId: 'c2', role: 'member' }] });
      expect(flat.status).toBe(422);
      expect(flat.body.code).toBe('case.council_composition');
      expect(flat.body.errors.map((e: { message: string }) => e.message).join(' ')).toMatch(/trade_union_representative/);
      const relative = await post('/disciplinary-cases/k-lan/council', hr, { seats, conflicts: [{ personId: 'c3', relation: 'relative' }] });
      expect(relative.status).toBe(422);
      expect(relative.body.code).toBe('case.conflict_of_interest');
      expect(relative.body.source).toMatch(/art\. 2\(11\)/);
      const unknown = await post('/disciplinary-cases/k-lan/council', hr, { seats: seats.map((s) => (s.role === 'chair' ? { ...s, personId: 'ghost' } : s)) });
      expect(unknown.status).toBe(422);
      expect(unknown.body.code).toBe('unknown_person');
      expect(unknown.body.errors.map((e: { field: string }) => e.field)).toEqual(['seats[0].personId']);
    });

    it('convenes a council of the right composition and replaces a member before the vote', async () => {
      expect((await post('/disciplinary-cases/k-lan/council', hr, { seats })).status).toBe(200);
      expect((await post('/disciplinary-cases/k-lan/council/replacements', hr, { replaced: 'c4', replacement: 'c6', reason: 'unavailable' })).status).toBe(200);
      const got = await t.http().get(`${api}/disciplinary-cases/k-lan`).set(...bearer(hr));
      expect(got.body.council.seats).toContainEqual({ personId: 'c6', role: 'trade_union_representative' });
      expect(got.body.council.composition).toBe('civil_servant/2025/non-leader');
    });

    it('votes by secret ballot only after the summons, with quorum and a majority', async () => {
      const present = ['c1', 'c2', 'c3', 'c6', 'c5'];
      const beforeSummons = await post('/disciplinary-cases/k-lan/votes', chair, { present, tally: [{ option: 'warning', votes: 5 }] });
      expect(beforeSummons.status).toBe(422);
      expect(beforeSummons.body.code).toBe('case.council_summons_missing');
      expect((await post('/disciplinary-cases/k-lan/summonses', hr, { summonsId: 'gm-3', purpose: 'council', meetingOn: today, deliveredOn: today })).status).toBe(200);
      const noQuorum = await post('/disciplinary-cases/k-lan/votes', chair, { present: ['c1', 'c2', 'c3'], tally: [{ option: 'warning', votes: 3 }] });
      expect(noQuorum.status).toBe(422);
      expect(noQuorum.body.code).toBe('case.quorum_not_met');
      const noMajority = await post('/disciplinary-cases/k-lan/votes', chair, { present: ['c1', 'c2', 'c5', 'c6'], tally: [{ option: 'warning', votes: 2 }, { option: 'reprimand', votes: 2 }] });
      expect(noMajority.status).toBe(422);
      expect(noMajority.body.code).toBe('case.ballot_no_majority');
      const voted = await post('/disciplinary-cases/k-lan/votes', chair, { present, tally: [{ option: 'warning', votes: 3 }, { option: 'reprimand', votes: 2 }], minutes: doc('BB-HĐ-1', today) });
      expect(voted.status).toBe(200);
    });

    it('refuses a heavier form than recommended, decides the recommended one and records its consequences', async () => {
      const decision = { decisionNo: '15/QĐ-SNV', effectiveFrom: today, relatedToDuties: true, allegationIds: ['v1'], document: doc('15/QĐ-SNV', today) };
      const heavier = await post('/disciplinary-cases/k-lan/decision', hr, { ...decision, form: 'forced_resignation' });
      expect(heavier.status).toBe(422);
      expect(heavier.body.code).toBe('case.form_heavier_than_recommended');
      expect(heavier.body.source).toBeTruthy();
      const decided = await post('/disciplinary-cases/k-lan/decision', hr, { ...decision, form: 'warning' });
      expect(decided.status).toBe(200);
      const got = await t.http().get(`${api}/disciplinary-cases/k-lan/case-file`).set(...bearer(hr));
      expect(got.body.case.decision).toMatchObject({ form: 'warning', recommendedForm: 'warning', subjectWasLeader: false });
      expect(got.body.case.consequences.map((c: { kind: string }) => c.kind).sort()).toEqual(['classification_not_completed', 'decision_in_effect', 'no_commendation']);
    });

    it('refuses a commendation while the decision bars it (consequence no_commendation)', async () => {
      const res = await post('/commendations', hr, { recipient: { kind: 'person', id: 'lan' }, form: 'Giấy khen', level: 'department', decisionNo: '3/QĐ', decidedBy: 'Giám đốc', reason: 'r' });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('commendation.recipient_disciplined');
    });

    it('takes the appeal of the subject; a modified decision replaces the consequences', async () => {
      const lan = await t.token('lan', ['staff']);
      expect((await post('/disciplinary-cases/k-lan/appeals', lan, { grounds: 'Hình thức chưa tương xứng' })).status).toBe(200);
      const resolved = await post('/disciplinary-cases/k-lan/appeal-resolution', hr, { outcome: 'modified', newForm: 'reprimand', decisionNo: '2/QĐ-GQKN' });
      expect(resolved.status).toBe(200);
      // Another caller (hr) wrote the resolution: the subject reads it with hr's consistency token.
      const history = await t.http().get(`${api}/staff/lan/history?from=2020-01-01`).set(...bearer(lan)).set('Ledger-Min-Position', String(resolved.headers['ledger-position']));
      expect(history.status).toBe(200);
      expect(history.body.disciplineConsequences).toEqual(
        expect.arrayContaining([expect.objectContaining({ caseId: 'k-lan', kind: 'decision_in_effect', decisionNo: '2/QĐ-GQKN', form: 'reprimand' })]),
      );
      expect(history.body.disciplineConsequences.filter((c: { decisionNo: string }) => c.decisionNo === '15/QĐ-SNV')).toEqual([]);
    });

    it('shows every step in the case file, each event verified', async () => {
      const file = await t.http().get(`${api}/disciplinary-cases/k-lan/case-file?from=2020-01-01`).set(...bearer(chair));
      expect(file.status).toBe(200);
      const steps = file.body.events.filter((e: { streamId: string }) => e.streamId === 'case-k-lan').map((e: { type: string }) => e.type);
      expect(steps).toEqual([
        'CaseOpened', 'SummonsIssued', 'SummonsIssued', 'SelfReviewMeetingHeld', 'CouncilConvened', 'CouncilMemberReplaced', 'SummonsIssued',
        'CouncilVoted', 'DecisionIssued', 'ConsequencesRecorded', 'AppealFiled', 'AppealResolved', 'ConsequencesRecorded',
      ]);
      expect(file.body.verifiedAll).toBe(true);
      expect(file.body.events.every((e: { verification: { verified: boolean } }) => e.verification.verified)).toBe(true);
    });
  });

  describe('a case suspended for maternity and resumed', () => {
    it('refuses every step while suspended, then moves the processing deadline by the days suspended', async () => {
      const at = (d: string) => `${d}T09:00:00+07:00`;
      expect((await post('/disciplinary-cases', importer, {
        caseId: 'k-mai', subjectId: 'mai', occurredAt: at('2026-05-04'),
        allegations: [{ id: 'v1', description: 'd', violationDate: '2026-04-01', severity: 'reprimand_level', evidence: [{ streamId: 'staff-mai', revision: 0 }] }],
      })).status).toBe(201);
      expect((await post('/disciplinary-cases/k-mai/self-review-meeting', importer, {
        heldOn: '2026-05-08', convenedBy: 'head', convenerRole: 'head_of_employing_unit', attendees: ['u1', 'u2'], subjectPresent: true,
        minutes: doc('BB-KĐ-2', '2026-05-08'), tally: [{ option: 'reprimand', votes: 2 }], occurredAt: at('2026-05-08'),
      })).status).toBe(200);
      const suspended = await post('/disciplinary-cases/k-mai/suspension', importer, {
        ground: 'maternity_leave', from: '2026-05-10', expectedUntil: '2026-11-10', document: doc('GCN-TS-1', '2026-05-09'), occurredAt: at('2026-05-10'),
      });
      expect(suspended.status).toBe(200);
      const blocked = await post('/disciplinary-cases/k-mai/council', hr, { seats });
      expect(blocked.status).toBe(409);
      expect(blocked.body.code).toBe('case.suspended');
      expect(blocked.body.source).toMatch(/172\/2025/);
      const early = await post('/disciplinary-cases/k-mai/resumption', hr, { on: '2026-09-01', reason: 'ground_ended' });
      expect(early.status).toBe(422);
      expect(early.body.code).toBe('case.resumption_not_allowed');
      const resumed = await post('/disciplinary-cases/k-mai/resumption', hr, { on: '2026-11-10', reason: 'ground_ended' });
      expect(resumed.status).toBe(200);
      const got = await t.http().get(`${api}/disciplinary-cases/k-mai/case-file`).set(...bearer(hr));
      // Opened 2026-05-04: 90 days -> 2026-08-02, plus 184 days suspended.
      expect(got.body.case).toMatchObject({ status: 'open', processingDeadline: '2027-02-02', daysSuspended: 184 });
      expect(got.body.case.suspension).toBeUndefined();
      expect((await post('/disciplinary-cases/k-mai/council', hr, { seats })).status).toBe(200);
    });

    it('exempts a case on a ground of Decree 112 art. 4, closing it', async () => {
      expect((await post('/disciplinary-cases', hr, {
        caseId: 'k-ex', subjectId: 'u3',
        allegations: [{ id: 'v1', description: 'd', violationDate: '2026-04-01', severity: 'reprimand_level', evidence: [{ streamId: 'staff-u3', revision: 0 }] }],
      })).status).toBe(201);
      expect((await post('/disciplinary-cases/k-ex/exemption', hr, { ground: 'executed_superior_decision', document: doc('CV-9', today) })).status).toBe(200);
      expect((await t.http().get(`${api}/disciplinary-cases/k-ex`).set(...bearer(hr))).body.status).toBe('exempted');
      expect((await post('/disciplinary-cases/k-ex/suspension', hr, { ground: 'pregnancy', from: today, document: doc('X', today) })).status).toBe(422);
    });
  });

  describe('route x role (every new route)', () => {
    const bodies: Record<string, Record<string, unknown>> = {
      summonses: { purpose: 'self_review', meetingOn: '2026-06-01', deliveredOn: '2026-05-20' },
      'self-review-meeting': { heldOn: '2026-05-20', convenedBy: 'head', convenerRole: 'head_of_employing_unit', attendees: ['u1'], subjectPresent: true, minutes: doc('Z', '2026-05-20'), tally: [{ option: 'reprimand', votes: 1 }] },
      council: { seats },
      'council/replacements': { replaced: 'c4', replacement: 'x1', reason: 'unavailable' },
      documents: { kind: 'other', document: doc('Y', '2026-05-20') },
      suspension: { ground: 'serious_illness', from: '2026-05-20', document: doc('W', '2026-05-20') },
      resumption: { on: '2026-05-21', reason: 'ground_ended' },
      exemption: { ground: 'lost_civil_capacity', document: doc('V', '2026-05-20') },
    };
    const officerOnly = ['summonses', 'self-review-meeting', 'council', 'council/replacements', 'suspension', 'resumption', 'exemption'];
    /** Expected status per caller on case k-mai (council c1..c5 seated after resumption): never 401, and never a 2xx for a refused caller. */
    const callers = async () => ({
      integration: { token: await t.token('feed', ['integration'], ['*']), officer: 403, documents: 403 },
      unitHead: { token: await t.token('head', ['unit_head'], ['snv']), officer: 403, documents: 403 },
      inspector: { token: await t.token('insp', ['inspector'], ['snv']), officer: 403, documents: 403 },
      subject: { token: await t.token('mai', ['staff']), officer: 403, documents: 403 },
      hrOutOfScope: { token: await t.token('hr-stc', ['hr'], ['stc']), officer: 404, documents: 404 },
      councilNotSeated: { token: await t.token('c6', ['council']), officer: 403, documents: 404 },
      councilSeated: { token: chair, officer: 403, documents: 200 },
    });

    it.each(Object.keys(bodies))('POST /disciplinary-cases/{id}/%s: 401 without a token; refused callers get 403 or 404; nothing is written', async (route) => {
      const url = `${api}/disciplinary-cases/k-mai/${route}`;
      expect((await t.http().post(url).send(bodies[route]!)).status).toBe(401);
      const before = await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE stream_id = 'case-k-mai'");
      for (const [name, c] of Object.entries(await callers())) {
        const res = await t.http().post(url).set(...bearer(c.token)).send(bodies[route]!);
        const expected = officerOnly.includes(route) ? c.officer : c.documents;
        if (expected === 200) {
          expect([200, 409, 422]).toContain(res.status);
          continue;
        }
        expect({ name, status: res.status }).toEqual({ name, status: expected });
      }
      if (!Object.values(await callers()).some((c) => (officerOnly.includes(route) ? c.officer : c.documents) === 200)) {
        const after = await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE stream_id = 'case-k-mai'");
        expect(after[0]!.n).toBe(before[0]!.n);
      }
    });

    it('hr in scope reaches the domain on every new route (its answer is a rule, never 403/404)', async () => {
      for (const route of Object.keys(bodies)) {
        const res = await t.http().post(`${api}/disciplinary-cases/k-mai/${route}`).set(...bearer(hr)).send(bodies[route]!);
        expect({ route, forbidden: [401, 403, 404].includes(res.status) }).toEqual({ route, forbidden: false });
      }
    });
  });
});
