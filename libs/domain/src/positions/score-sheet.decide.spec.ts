import { deciderSpec } from '../shared/given-when-then.js';
import type { ScoreSheetCommand } from './score-sheet.commands.js';
import { computeSheet, periodBounds, periodOf, type SheetItem, type SheetScoring } from './score-sheet.compute.js';
import { scoreSheetDecider, scoreSheetStream } from './score-sheet.decide.js';
import type { ScoreSheetEvent } from './score-sheet.events.js';

const scoring: SheetScoring = { taskMax: 70, split: { quantity: 1 / 3, quality: 1 / 3, progress: 1 / 3 }, qualityDeduction: 0.25, progressDeduction: 0.25, contestWindowDays: 10, policy: 'vn-decree-335-2025@1' };
const item = (id: string, over: Partial<SheetItem> = {}): SheetItem => ({
  assignmentId: id, title: id, productCode: 'MC-01', productName: 'Chứng thực', unitOfMeasure: 'hồ sơ', quantity: 1, coefficient: 1, coefficientSource: 'catalogue p-mc v1',
  dueAt: '2026-11-20T10:00:00Z', completed: true, delays: 0, quality: 'met', belowReviews: 0, ...over,
});

describe('score sheet computation: conversion and 25 % deductions per product (Decree 335/2025 art. 14)', () => {
  it('weighs each product by its converted units, not by the count of assignments', () => {
    // A one-hour certificate (0.25) done, a land dossier (10) not done: 1 item of 2 is 2.4 % of the units, not 50 %.
    const c = computeSheet([item('cert', { coefficient: 0.25 }), item('land', { coefficient: 10, completed: false, quality: null })], scoring);
    expect(c.plannedUnits).toBe(10.25);
    expect(c.deliveredUnits).toBe(0.25);
    expect(c.taskPoints).toBeCloseTo((70 * 0.25) / 10.25, 3);
  });
  it('multiplies quantity by coefficient', () => {
    const c = computeSheet([item('a', { quantity: 12, coefficient: 0.5 })], scoring);
    expect([c.plannedUnits, c.taskPoints]).toEqual([6, 70]);
  });
  it('deducts 25 % of that product\'s progress points per delay, and of its quality points per failed assessment', () => {
    const c = computeSheet([item('late', { delays: 1 }), item('ok'), item('reworked', { belowReviews: 1 })], scoring);
    const late = c.lines.find((l) => l.assignmentId === 'late')!;
    const reworked = c.lines.find((l) => l.assignmentId === 'reworked')!;
    const full = 70 / 3 / 3; // each part of each of three equal items
    expect(late.progressPoints).toBeCloseTo(full * 0.75, 3);
    expect(late.qualityPoints).toBeCloseTo(full, 3);
    expect(reworked.qualityPoints).toBeCloseTo(full * 0.75, 3);
    expect(c.taskPoints).toBeCloseTo(70 - full * 0.25 * 2, 2);
  });
  it('an item finally judged below earns no quality points; deductions never go below zero', () => {
    const c = computeSheet([item('bad', { quality: 'below', belowReviews: 1 }), item('slow', { delays: 6 })], scoring);
    expect(c.lines[0]!.qualityPoints).toBe(0);
    expect(c.lines[1]!.progressPoints).toBe(0);
  });
  it('a confirmed objective cause removes the deduction', () => {
    const c = computeSheet([item('late', { delays: 1 })], scoring, [{ assignmentId: 'late', kind: 'delay', reason: 'mất điện toàn xã' }]);
    expect(c.taskPoints).toBe(70);
    expect(c.lines[0]!.excused).toEqual(['delay']);
  });
  it('a period with nothing planned has no task score', () => expect(computeSheet([], scoring).taskPoints).toBeNull());
  it('periods are months or quarters of the Vietnamese civil calendar', () => {
    expect(periodOf('2026-11-30T18:00:00Z', 'month')).toBe('2026-12');
    expect(periodOf('2026-05-02T00:00:00Z', 'quarter')).toBe('2026-Q2');
    expect(periodBounds('2026-Q4')).toEqual({ from: '2026-10-01', until: '2027-01-01', year: 2026 });
    expect(periodBounds('2026-13')).toBeNull();
  });
});

const at = (now: string, actor: string, actingAs: string) => ({ now, actor, actingAs });
const after = '2026-12-02T08:00:00Z';
const draft: ScoreSheetCommand = {
  type: 'DraftScoreSheet',
  data: { staffId: 'an', period: '2026-11', unitId: 'xa-a', positionId: 'p-mc', taskGroup: 'mot-cua', items: [item('a1'), item('a2', { delays: 1 })], scoring },
  ...at(after, 'head', 'manager'),
};
const spec = deciderSpec(scoreSheetDecider);
const run = (events: ScoreSheetEvent[], ...commands: ScoreSheetCommand[]): ScoreSheetEvent[] => {
  const all = [...events];
  for (const c of commands) {
    let state = scoreSheetDecider.initialState();
    for (const e of all) state = scoreSheetDecider.evolve(state, e);
    all.push(...scoreSheetDecider.decide(c, state));
  }
  return all;
};
const sheet = { staffId: 'an', period: '2026-11' };
const confirm = (adjustments = [{ points: 2, reason: 'Hỗ trợ đồng nghiệp tiếp dân', rule: 'quy chế xã art. 5' }]): ScoreSheetCommand => ({
  type: 'ConfirmScoreSheet', data: { ...sheet, adjustments, objectiveCauses: [] }, ...at(after, 'head', 'manager'),
});
const publish: ScoreSheetCommand = { type: 'PublishScoreSheet', data: sheet, ...at(after, 'head', 'manager') };

describe('score sheet: confirmation and revision rules', () => {
  const drafted = run([], draft);
  it('names its stream scoresheet-<staff>-<period>', () => expect(scoreSheetStream('an', '2026-11')).toBe('scoresheet-an-2026-11'));
  it('a re-draft of an unchanged record records nothing', () => spec.given(drafted).when(draft).then([]));
  it('a re-draft compares the record, not the key order the stored event came back in (jsonb reorders keys)', () => {
    const reordered = drafted.map((e) => JSON.parse(JSON.stringify(e, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v))) as ScoreSheetEvent);
    spec.given(reordered).when(draft).then([]);
  });
  it('the manager confirms with adjustments (reason and rule each) added to the computed points', () => {
    spec.given(drafted).when(confirm()).thenEvents((e) => {
      expect(e[0]!.type).toBe('ScoreSheetConfirmed');
      const d = e[0]!.data as { taskPoints: number; computation: { taskPoints: number } };
      expect(d.taskPoints).toBeCloseTo(d.computation.taskPoints + 2, 2);
    });
  });
  it('an adjustment without a reason or a rule is refused', () => {
    spec.given(drafted).when(confirm([{ points: 2, reason: '', rule: '' }])).thenThrows('scoresheet.invalid', ['adjustments[0].reason', 'adjustments[0].rule']);
  });
  it('confirming twice is a conflict; nobody confirms their own sheet', () => {
    spec.given(run(drafted, confirm())).when(confirm()).thenThrows('scoresheet.already_confirmed');
    spec.given(drafted).when({ ...confirm(), actor: 'an' }).thenThrows('scoresheet.self_confirmation');
  });
  it('a period is confirmed only once it is over', () => {
    spec.given(drafted).when({ ...confirm(), now: '2026-11-25T08:00:00Z' }).thenThrows('scoresheet.period_not_over');
  });
  it('after confirmation the draft cannot be recomputed nor self-assessed; after publication nothing is edited', () => {
    const confirmed = run(drafted, confirm());
    spec.given(confirmed).when(draft).thenThrows('scoresheet.already_confirmed');
    const published = run(confirmed, publish);
    spec.given(published).when(draft).thenThrows('scoresheet.published');
    spec.given(published).when({ type: 'SelfAssessScoreSheet', data: { ...sheet, comment: 'x', selfPoints: 70 }, ...at(after, 'an', 'self') }).thenThrows('scoresheet.published');
    spec.given(published).when(publish).thenThrows('scoresheet.already_published');
  });
  it('the person contests within the window; a revision records the correction and answers the contest', () => {
    const published = run(drafted, confirm(), publish);
    const contest: ScoreSheetCommand = { type: 'ContestScoreSheet', data: { ...sheet, grounds: 'Hồ sơ a2 trễ do phần mềm một cửa lỗi' }, ...at('2026-12-05T08:00:00Z', 'an', 'self') };
    spec.given(published).when({ ...contest, now: '2026-12-20T08:00:00Z' }).thenThrows('scoresheet.contest_window_closed');
    const contested = run(published, contest);
    spec.given(contested).when(contest).thenThrows('scoresheet.contest_pending');
    spec
      .given(contested)
      .when({ type: 'ReviseScoreSheet', data: { ...sheet, reason: 'Lỗi phần mềm được xác nhận', adjustments: [], objectiveCauses: [{ assignmentId: 'a2', kind: 'delay', reason: 'lỗi phần mềm' }] }, ...at(after, 'head', 'manager') })
      .thenEvents((e) => {
        expect(e[0]).toMatchObject({ type: 'ScoreSheetRevised', data: { answersContest: true, taskPoints: 70 } });
      });
  });
  it('a revision of a published sheet opens a new contest window from the revision (the person may contest what was changed after the first window closed)', () => {
    const published = run(drafted, confirm(), publish);
    const lowered: ScoreSheetCommand = {
      type: 'ReviseScoreSheet', data: { ...sheet, reason: 'Rà soát lại', adjustments: [{ points: -20, reason: 'Hồ sơ sai sót phát hiện sau', rule: 'quy chế xã art. 9' }], objectiveCauses: [] },
      ...at('2026-12-30T08:00:00Z', 'head', 'manager'),
    };
    const revised = run(published, lowered);
    expect(revised.at(-1)).toMatchObject({ type: 'ScoreSheetRevised', data: { contestUntil: '2027-01-09T08:00:00.000Z' } });
    const contest: ScoreSheetCommand = { type: 'ContestScoreSheet', data: { ...sheet, grounds: 'Không được giải trình trước khi trừ điểm' }, ...at('2027-01-05T08:00:00Z', 'an', 'self') };
    spec.given(revised).when(contest).thenEvents((e) => expect(e[0]!.type).toBe('ScoreSheetContested'));
    spec.given(revised).when({ ...contest, now: '2027-01-10T08:00:00Z' }).thenThrows('scoresheet.contest_window_closed');
    // A confirmed sheet not yet published has no window: publication opens it.
    const unpublished = run(drafted, confirm(), { ...lowered, now: after });
    expect((unpublished.at(-1)!.data as { contestUntil?: string | null }).contestUntil ?? null).toBeNull();
  });
  it('a cause confirmed before the draft (an inspection finding) excuses the delay in the draft and stays at confirmation', () => {
    const withCause: ScoreSheetCommand = { ...draft, data: { ...draft.data, objectiveCauses: [{ assignmentId: 'a2', kind: 'delay', reason: 'inspection finding inspection-t1/f1' }] } } as ScoreSheetCommand;
    const [drafted2] = run([], withCause);
    expect((drafted2!.data as { computation: { taskPoints: number } }).computation.taskPoints).toBe(70);
    spec.given([drafted2!]).when(confirm([])).thenEvents((e) => expect((e[0]!.data as { taskPoints: number }).taskPoints).toBe(70));
    // A new finding changes the draft (not an unchanged re-draft).
    spec.given(drafted).when(withCause).thenEvents((e) => expect(e).toHaveLength(1));
  });
  it('a draft is not revised (it is confirmed), and an objective cause must name an item of the sheet', () => {
    spec.given(drafted).when({ type: 'ReviseScoreSheet', data: { ...sheet, reason: 'x', adjustments: [], objectiveCauses: [] }, ...at(after, 'head', 'manager') }).thenThrows('scoresheet.not_confirmed');
    spec.given(drafted).when({ type: 'ConfirmScoreSheet', data: { ...sheet, adjustments: [], objectiveCauses: [{ assignmentId: 'zz', kind: 'delay', reason: 'x' }] }, ...at(after, 'head', 'manager') }).thenThrows('scoresheet.invalid', ['objectiveCauses[0].assignmentId']);
  });
});
