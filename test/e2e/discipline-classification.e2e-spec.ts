import { randomUUID } from 'node:crypto';
import { decisionConsequences } from '#domain';
import { PostgresEventStore } from '#event-store';
import { bearer, createTestApp, type TestApp } from '../support/app.js';

/**
 * Issue 16 item 5: classification reads the consequences recorded for a disciplinary
 * decision (`discipline_consequences_v1`, with their end dates), not a copy of the
 * decision kept by the indicators projection. A 2026 cycle under Decree 335/2025, five
 * civil servants with the same perfect work (general criteria 15: 85 points, good):
 *   duty      reprimand for a duty violation effective 2026-06-01             -> not_completed
 *   recorded  the same consequences recorded without a DecisionIssued (the old
 *             indicator path never saw a decision)                           -> not_completed
 *   private   reprimand not related to duties (no classification consequence)  -> good
 *   ended     reprimand for a duty violation effective 2025-03-01: its classification
 *             consequence ended 2025-12-31, its decision_in_effect runs into 2026 -> good
 *   annulled  reprimand 2026 annulled on appeal (consequences replaced by none)  -> good
 */
describe('classification reads the recorded consequences of disciplinary decisions (issue 16)', () => {
  let t: TestApp;
  let store: PostgresEventStore;
  let hr: string;
  const cycleId = 'c2026-disc';
  const meta = { actor: { sub: 'fixture', roles: ['importer'] } };
  const append = async (streamId: string, events: Array<{ type: string; data: Record<string, unknown> }>) => {
    await store.append(streamId, events.map((e) => ({ id: randomUUID(), type: e.type, data: e.data, metadata: meta })), 'any');
  };
  let n = 0;
  const work = async (staffId: string, month: number) => {
    const id = `dc${++n}`;
    const mm = String(month).padStart(2, '0');
    const due = `2026-${mm}-20T10:00:00Z`;
    await append(`assignment-${id}`, [
      {
        type: 'AssignmentIssued',
        data: {
          assignmentId: id, kind: 'task', unitId: 'dept', assignee: staffId, title: 't', description: 'd', deliverable: 'r', successCriteria: 's',
          assignedBy: 'hr-1', authorityBasis: 'b', dueAt: due, responsible: staffId, issuedAt: `2026-${mm}-01T02:00:00Z`,
        },
      },
      { type: 'AssignmentCompleted', data: { assignmentId: id, deliverableRef: 'x', completedBy: staffId, completedAt: `2026-${mm}-15T10:00:00Z`, dueAt: due, late: false } },
      { type: 'CompletionReviewed', data: { assignmentId: id, quality: 'met', reviewedBy: 'hr-1', comment: null, reviewedAt: `2026-${mm}-15T10:00:00Z` } },
    ]);
  };
  const opened = (caseId: string, subjectId: string, on: string) => ({
    type: 'CaseOpened',
    data: {
      caseId, subjectId, subjectCategory: 'civil_servant', subjectIsLeader: false, openedBy: 'hr-1', openedAt: `${on}T02:00:00Z`, processingDeadline: '2026-12-30',
      allegations: [{ id: 'v1', description: 'Left dossiers pending', violationDate: on, severity: 'less_serious', evidence: [] }],
    },
  });
  const decided = (decisionNo: string, effectiveFrom: string, relatedToDuties: boolean) => ({
    type: 'DecisionIssued',
    data: { form: 'reprimand', decisionNo, effectiveFrom, relatedToDuties, allegationIds: ['v1'], decidedBy: 'chair', issuedAt: `${effectiveFrom}T02:00:00Z`, formsRegime: 'x' },
  });
  /** The consequences the decider records with a decision (same function). */
  const consequences = (subjectId: string, decisionNo: string, effectiveFrom: string, relatedToDuties: boolean) => ({
    type: 'ConsequencesRecorded',
    data: { subjectId, decisionNo, form: 'reprimand', consequences: decisionConsequences('reprimand', effectiveFrom, relatedToDuties), recordedAt: `${effectiveFrom}T02:00:00Z` },
  });

  beforeAll(async () => {
    t = await createTestApp();
    store = new PostgresEventStore({ connectionString: t.db.url, poolSize: 2 });
    hr = await t.token('hr-1', ['hr'], ['*']);
    await t.http().post('/api/v1/units').set(...bearer(hr)).send({ unitId: 'dept', name: 'Sở Nội vụ', establishedOn: '2020-01-01' }).expect(201);
    const staff = ['duty', 'recorded', 'private', 'ended', 'annulled'];
    for (const s of staff) {
      await t.http().post('/api/v1/staff').set(...bearer(hr))
        .send({ staffId: s, personnelCode: `P-${s}`, fullName: `Trần ${s}`, category: 'civil_servant', unitId: 'dept', jobPosition: 'Chuyên viên', joinedOn: '2020-01-01' })
        .expect(201);
      await work(s, 3);
      await work(s, 4);
    }
    await append('case-kd', [opened('kd', 'duty', '2026-04-01'), decided('QD-D', '2026-06-01', true), consequences('duty', 'QD-D', '2026-06-01', true)]);
    await append('case-kr', [opened('kr', 'recorded', '2026-04-01'), consequences('recorded', 'QD-R', '2026-06-01', true)]);
    await append('case-kp', [opened('kp', 'private', '2026-04-01'), decided('QD-P', '2026-06-01', false), consequences('private', 'QD-P', '2026-06-01', false)]);
    await append('case-ke', [opened('ke', 'ended', '2025-01-10'), decided('QD-E', '2025-03-01', true), consequences('ended', 'QD-E', '2025-03-01', true)]);
    await append('case-ka', [
      opened('ka', 'annulled', '2026-04-01'),
      decided('QD-A', '2026-06-01', true),
      consequences('annulled', 'QD-A', '2026-06-01', true),
      { type: 'AppealResolved', data: { outcome: 'annulled', decisionNo: 'QD-KN-A', resolvedBy: 'chair', resolvedAt: '2026-07-01T02:00:00Z' } },
      { type: 'ConsequencesRecorded', data: { subjectId: 'annulled', decisionNo: 'QD-KN-A', form: null, consequences: [], recordedAt: '2026-07-01T02:00:00Z' } },
    ]);
    await t.http().post('/api/v1/evaluation-cycles').set(...bearer(hr)).send({ cycleId, year: 2026, scopeUnitId: 'dept' }).expect(201);
    for (const s of staff) {
      await t.http().post(`/api/v1/evaluation-cycles/${cycleId}/general-criteria`).set(...bearer(hr)).send({ staffId: s, score: 15 }).expect(200);
    }
  });
  afterAll(async () => {
    await store.close();
    await t.close();
  });

  it('the consequences in force in the year decide, with their end dates; a decision without consequences does not', async () => {
    // The ended consequence is really there (decision_in_effect runs into 2026): only its end dates keep it out.
    const ended = await t.sql<{ kind: string; until: string }>(
      "SELECT kind, to_char(until_date, 'YYYY-MM-DD') AS until FROM discipline_consequences_v1 WHERE case_id = 'ke' ORDER BY kind",
    );
    expect(ended).toEqual(expect.arrayContaining([{ kind: 'classification_not_completed', until: '2025-12-31' }, { kind: 'decision_in_effect', until: '2026-02-28' }]));

    const run = await t.http().post(`/api/v1/evaluation-cycles/${cycleId}/classification-runs`).set(...bearer(hr)).send({});
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ classified: 5, skipped: [] });
    const results = await t.http().get(`/api/v1/evaluation-cycles/${cycleId}/results`).set(...bearer(hr));
    expect(results.status).toBe(200);
    type Item = { staffId: string; proposedLevel: string; score: number; trace: Array<{ rule: string; outcome: string; inputs: Record<string, unknown> }> };
    const by = Object.fromEntries((results.body.items as Item[]).map((i) => [i.staffId, i]));
    expect(Object.fromEntries(Object.entries(by).map(([k, v]) => [k, v.proposedLevel]))).toEqual({
      duty: 'not_completed', recorded: 'not_completed', private: 'good', ended: 'good', annulled: 'good',
    });
    const override = (s: string) => by[s]!.trace.find((e) => e.rule === 'vn-decree-335-2025/override/discipline');
    expect(override('duty')).toMatchObject({ outcome: 'applied', inputs: { decisions: 1, countedViolations: 'kd:v1' } });
    expect(override('recorded')).toMatchObject({ outcome: 'applied', inputs: { decisions: 1, countedViolations: 'kr:v1' } });
    // Disciplined in the year, but not for a duty violation: Decree 335 does not count it.
    expect(override('private')).toMatchObject({ outcome: 'not_applied', inputs: { decisions: 1, countedViolations: null } });
    expect(override('ended')).toMatchObject({ outcome: 'not_applied', inputs: { decisions: 0 } });
    expect(override('annulled')).toMatchObject({ outcome: 'not_applied', inputs: { decisions: 0 } });
  });
});
