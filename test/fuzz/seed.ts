import { bearer, type TestApp } from '../support/app.js';
import type { SeedIds } from './generators.js';

const api = '/api/v1';

/**
 * A little real data through the API, so that a share of the generated path
 * parameters and body references hit something: a unit tree, four staff, a unit
 * head, an assignment, and (best effort) a consultation, a commendation and a case.
 * The mandatory part throws when it fails; optional resources are left out of the
 * pools when their route refuses them.
 */
export async function seed(t: TestApp): Promise<SeedIds & { events: number }> {
  const hr = await t.token('fuzz-hr', ['hr'], ['*']);
  const head = await t.token('cuong', ['unit_head'], ['snv']);
  const must = async (what: string, res: { status: number; text: string }): Promise<void> => {
    if (res.status >= 300) throw new Error(`seeding ${what} failed: ${res.status} ${res.text}`);
  };
  for (const u of [
    { unitId: 'tinh', name: 'UBND tỉnh', establishedOn: '2025-07-01' },
    { unitId: 'snv', name: 'Sở Nội vụ', parentUnitId: 'tinh', establishedOn: '2025-07-01' },
    { unitId: 'stc', name: 'Sở Tài chính', parentUnitId: 'tinh', establishedOn: '2025-07-01' },
  ]) {
    await must(`unit ${u.unitId}`, await t.http().post(`${api}/units`).set(...bearer(hr)).send(u));
  }
  const staff = [
    ['an', 'Nguyễn Văn An', 'snv'],
    ['binh', 'Trần Thị Bình', 'snv'],
    ['cuong', 'Lê Văn Cường', 'snv'],
    ['dung', 'Phạm Thị Dung', 'stc'],
  ] as const;
  for (const [staffId, fullName, unitId] of staff) {
    await must(
      `staff ${staffId}`,
      await t.http().post(`${api}/staff`).set(...bearer(hr)).send({
        staffId, personnelCode: `CC-${staffId}`, fullName, category: 'civil_servant', unitId, jobPosition: 'Chuyên viên', joinedOn: '2020-03-01',
      }),
    );
  }
  await must('leadership', await t.http().post(`${api}/staff/cuong/leadership`).set(...bearer(hr)).send({ role: 'head', unitId: 'snv', effectiveOn: '2024-01-01' }));
  const dueAt = new Date(Date.now() + 10 * 86_400_000).toISOString();
  await must(
    'assignment a1',
    await t.http().post(`${api}/assignments`).set(...bearer(head)).send({
      assignmentId: 'a1', kind: 'task', assignee: 'an', title: 'Rà soát vị trí việc làm', description: 'Rà soát đề án',
      deliverable: 'Báo cáo', successCriteria: 'Đủ 12 phòng', assignedBy: 'cuong', authorityBasis: 'Quyết định 12/QĐ-SNV', dueAt,
    }),
  );

  const optional = async (path: string, body: Record<string, unknown>, token = hr): Promise<string[]> => {
    const res = await t.http().post(`${api}/${path}`).set(...bearer(token)).send(body);
    const id: unknown = res.body?.id;
    return res.status < 300 && typeof id === 'string' ? [id] : [];
  };
  const an = await t.token('an', ['staff'], ['snv']);
  const consultations = await optional(
    'consultations',
    { consultationId: 'tv1', requesterUnitId: 'snv', consultedUnitId: 'stc', question: 'Có được chi khoản này không?', withinRequesterAuthority: false, dueAt },
    an,
  );
  const commendations = await optional('commendations', {
    commendationId: 'kt1', recipient: { kind: 'person', id: 'binh' }, form: 'Bằng khen', level: 'provincial', decisionNo: '1/QĐ', decidedBy: 'Chủ tịch UBND tỉnh', reason: 'Xuất sắc',
  });
  const cases = await optional('disciplinary-cases', {
    caseId: 'k1', subjectId: 'dung',
    allegations: [{ id: 'v1', description: 'Né tránh, đùn đẩy', severity: 'reprimand_level', violationDate: '2026-01-10', evidence: [{ streamId: 'staff-dung', revision: 0 }] }],
  });
  const proposals = await optional('innovation-proposals', {
    proposalId: 'dx1', unitId: 'snv', title: 'Một cửa', plan: 'Gộp thẩm định', scope: 'Hồ sơ cấp phép', relatedAssignmentIds: ['a1'],
  });
  const cycles = await optional('evaluation-cycles', { cycleId: 'ev1', year: 2026, scopeUnitId: 'tinh' });

  const units = ['tinh', 'snv', 'stc'];
  const staffIds = staff.map(([id]) => id);
  const rows = await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM events');
  return {
    units,
    staff: staffIds,
    assignments: ['a1'],
    byResource: {
      units,
      staff: staffIds,
      assignments: ['a1'],
      consultations,
      commendations,
      'disciplinary-cases': cases,
      'innovation-proposals': proposals,
      'evaluation-cycles': cycles,
    },
    events: rows[0]?.n ?? 0,
  };
}
