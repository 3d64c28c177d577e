import { actor } from '../shared/access.js';
import { fold } from '../shared/decider.js';
import { cycleAccess } from './cycle.access.js';
import { evaluationAccess } from './evaluation.access.js';
import { deciderSpec } from '../shared/given-when-then.js';
import type { CloseCycle, CycleCommand, OpenCycle } from './cycle.commands.js';
import type { EvaluationCommand } from './evaluation.commands.js';
import { cycleDecider, cycleStream } from './cycle.decide.js';
import type { CycleClosed, CycleOpened } from './cycle.events.js';
import type {
  AppealClassification,
  DecideClassification,
  ProposeClassification,
  ReviseClassification,
  ScoreGeneralCriteria,
  SubmitSelfAssessment,
} from './evaluation.commands.js';
import { evaluationDecider, evaluationStream } from './evaluation.decide.js';
import type { ClassificationAppealed, ClassificationDecided, ClassificationProposed } from './evaluation.events.js';

const now = '2027-01-10T08:00:00Z';
const open: OpenCycle = {
  type: 'OpenCycle',
  data: { cycleId: 'c-2026', year: 2026, scopeUnitId: 'u-1', policies: [{ category: 'civil_servant', policyId: 'vn-decree-335-2025', policyVersion: 1, chosenBy: 'selected' }] },
  now,
  actor: 'hr-1',
  actingAs: 'hr',
};
const opened: CycleOpened = {
  type: 'CycleOpened',
  data: { ...open.data, openedBy: 'hr-1', openedAt: now },
};
const close: CloseCycle = { type: 'CloseCycle', data: { cycleId: 'c-2026' }, now, actor: 'hr-1', actingAs: 'hr' };
const closed: CycleClosed = { type: 'CycleClosed', data: { cycleId: 'c-2026', closedBy: 'hr-1', closedAt: now } };

describe('evaluation cycle', () => {
  const spec = deciderSpec(cycleDecider);
  it('names its stream cycle-<id>', () => expect(cycleStream('c-2026')).toBe('cycle-c-2026'));
  it('opens with the policy fixed per category', () => spec.given([]).when(open).then([opened]));
  it('refuses to open twice', () => { spec.given([opened]).when(open).thenThrows('evaluation.cycle_already_opened'); });
  it('refuses a cycle no policy covers', () => {
    spec.given([]).when({ ...open, data: { ...open.data, policies: [] } }).thenThrows('evaluation.invalid', ['policies']);
  });
  it('refuses a category chosen twice and a bad year', () => {
    spec
      .given([])
      .when({ ...open, data: { ...open.data, year: 1990, policies: [...open.data.policies, ...open.data.policies] } })
      .thenThrows('evaluation.invalid', ['year', 'policies[1].category']);
  });
  it('closes once', () => {
    spec.given([opened]).when(close).then([closed]);
    spec.given([opened, closed]).when(close).thenThrows('evaluation.cycle_closed');
  });
  it('cannot close a cycle never opened', () => { spec.given([]).when(close).thenThrows('evaluation.cycle_not_found'); });
});

describe('staff evaluation', () => {
  const spec = deciderSpec(evaluationDecider);
  const inCycle = { cycleId: 'c-2026', staffId: 's-1', cycleClosed: false };
  const propose: ProposeClassification = {
    type: 'ProposeClassification',
    data: { ...inCycle, unitId: 'u-1', runId: 'run-1', level: 'good', score: 82.5, policyId: 'vn-decree-335-2025', policyVersion: 1, indicators: { months: 12 }, trace: [{ rule: 'x' }], fingerprint: 'f1' },
    now,
    actor: 'hr-1',
    actingAs: 'hr',
  };
  const proposed: ClassificationProposed = {
    type: 'ClassificationProposed',
    data: {
      cycleId: 'c-2026', staffId: 's-1', unitId: 'u-1', runId: 'run-1', level: 'good', score: 82.5, policyId: 'vn-decree-335-2025', policyVersion: 1,
      indicators: { months: 12 }, trace: [{ rule: 'x' }], fingerprint: 'f1', proposedAt: now,
    },
  };
  const decide: DecideClassification = { type: 'DecideClassification', data: { ...inCycle, level: null, decisionNo: 'QD-1/2027', basis: 'As proposed' }, now, actor: 'hr-1', actingAs: 'hr' };
  const decided: ClassificationDecided = {
    type: 'ClassificationDecided',
    data: { cycleId: 'c-2026', staffId: 's-1', level: 'good', proposedLevel: 'good', decidedBy: 'hr-1', decisionNo: 'QD-1/2027', basis: 'As proposed', decidedAt: now },
  };
  const appeal: AppealClassification = { type: 'AppealClassification', data: { ...inCycle, grounds: 'Two reviews were wrong' }, now, actor: 's-1' };
  const appealed: ClassificationAppealed = {
    type: 'ClassificationAppealed',
    data: { cycleId: 'c-2026', staffId: 's-1', by: 's-1', grounds: 'Two reviews were wrong', appealedAt: now },
  };
  const revise: ReviseClassification = { type: 'ReviseClassification', data: { ...inCycle, level: 'excellent', decisionNo: 'QD-9/2027', reason: 'Reviews corrected' }, now, actor: 'hr-2', actingAs: 'hr' };

  it('names its stream evaluation-<cycle>-<staff>', () => expect(evaluationStream('c-2026', 's-1')).toBe('evaluation-c-2026-s-1'));

  describe('when the cycle is closed', () => {
    it('accepts no change of any kind', () => {
      const closedCycle = { ...inCycle, cycleClosed: true };
      spec.given([proposed]).when({ ...decide, data: { ...decide.data, ...closedCycle } }).thenThrows('evaluation.cycle_closed');
      spec.given([]).when({ ...propose, data: { ...propose.data, ...closedCycle } }).thenThrows('evaluation.cycle_closed');
      spec.given([proposed, decided]).when({ ...appeal, data: { ...appeal.data, ...closedCycle } }).thenThrows('evaluation.cycle_closed');
    });
  });

  describe('self-assessment', () => {
    const submit: SubmitSelfAssessment = { type: 'SubmitSelfAssessment', data: { ...inCycle, text: 'I did my part', selfLevel: 'excellent' }, now, actor: 's-1' };
    it('is written by the staff member', () =>
      spec.given([]).when(submit).then([{ type: 'SelfAssessmentSubmitted', data: { cycleId: 'c-2026', staffId: 's-1', text: 'I did my part', selfLevel: 'excellent', submittedAt: now } }]));
    it('is refused from anyone else', () => { spec.given([]).when({ ...submit, actor: 'head-1' }).thenThrows('evaluation.self_assessment_not_by_subject'); });
  });

  describe('general criteria (0..30)', () => {
    const score = (s: number, actor = 'head-1'): ScoreGeneralCriteria => ({ type: 'ScoreGeneralCriteria', data: { ...inCycle, score: s, maxScore: 30, note: null }, now, actor, actingAs: 'assessor' });
    it.each([0, 30, 27.5])('accepts %p', (s) =>
      spec.given([]).when(score(s)).then([{ type: 'GeneralCriteriaScored', data: { cycleId: 'c-2026', staffId: 's-1', score: s, assessor: 'head-1', note: null, scoredAt: now } }]));
    it.each([-0.5, 30.01, Number.NaN])('refuses %p', (s) => { spec.given([]).when(score(s)).thenThrows('evaluation.invalid', ['score']); });
    it('is never scored by the staff member', () => { spec.given([]).when(score(30, 's-1')).thenThrows('evaluation.self_scoring'); });
  });

  describe('proposal', () => {
    it('records level, score, indicators and trace', () => spec.given([]).when(propose).then([proposed]));
    it('appends nothing when a re-run finds the same inputs (idempotent run)', () => spec.given([proposed]).when(propose).then([]));
    it('appends a new proposal when the inputs changed', () =>
      spec.given([proposed]).when({ ...propose, data: { ...propose.data, fingerprint: 'f2', level: 'completed' } }).thenEvents((events) => {
        expect(events).toHaveLength(1);
        expect(events[0]).toMatchObject({ type: 'ClassificationProposed', data: { level: 'completed', fingerprint: 'f2' } });
      }));
    it('is refused after the decision', () => { spec.given([proposed, decided]).when({ ...propose, data: { ...propose.data, fingerprint: 'f2' } }).thenThrows('evaluation.already_decided'); });
  });

  describe('decision', () => {
    it('needs a proposal first', () => { spec.given([]).when(decide).thenThrows('evaluation.no_proposal'); });
    it('takes the proposed level when none is given', () => spec.given([proposed]).when(decide).then([decided]));
    it('may differ from the proposal, with a basis', () =>
      spec.given([proposed]).when({ ...decide, data: { ...decide.data, level: 'completed', basis: 'Complaint upheld' } }).thenEvents((events) =>
        expect(events[0]).toMatchObject({ data: { level: 'completed', proposedLevel: 'good', basis: 'Complaint upheld' } })));
    it('needs a decision number and a basis', () => {
      spec.given([proposed]).when({ ...decide, data: { ...decide.data, decisionNo: ' ', basis: '' } }).thenThrows('evaluation.invalid', ['decisionNo', 'basis']);
    });
    it('is taken once', () => { spec.given([proposed, decided]).when(decide).thenThrows('evaluation.already_decided'); });
    it('is never taken by the staff member', () => { spec.given([proposed]).when({ ...decide, actor: 's-1' }).thenThrows('evaluation.self_decision'); });
  });

  describe('appeal and revision', () => {
    it('appeals only by the staff member', () => { spec.given([proposed, decided]).when({ ...appeal, actor: 'head-1' }).thenThrows('evaluation.appeal_not_by_subject'); });
    it('appeals only a decision', () => { spec.given([proposed]).when(appeal).thenThrows('evaluation.not_decided'); });
    it('records the appeal', () => spec.given([proposed, decided]).when(appeal).then([appealed]));
    it('allows one pending appeal at a time', () => { spec.given([proposed, decided, appealed]).when(appeal).thenThrows('evaluation.appeal_pending'); });
    it('revises only a pending appeal', () => { spec.given([proposed, decided]).when(revise).thenThrows('evaluation.no_pending_appeal'); });
    it('records the revised level with the previous one', () =>
      spec.given([proposed, decided, appealed]).when(revise).then([
        {
          type: 'ClassificationRevised',
          data: { cycleId: 'c-2026', staffId: 's-1', previousLevel: 'good', level: 'excellent', outcome: 'modified', revisedBy: 'hr-2', decisionNo: 'QD-9/2027', reason: 'Reviews corrected', revisedAt: now },
        },
      ]));
    it('says upheld when the level stays', () =>
      spec.given([proposed, decided, appealed]).when({ ...revise, data: { ...revise.data, level: 'good' } }).thenEvents((e) => expect(e[0]).toMatchObject({ data: { outcome: 'upheld' } })));
  });
});

describe('who may act on an evaluation (evaluation.access.ts and cycle.access.ts, checked again by the deciders)', () => {
  const inCycle = { cycleId: 'c-2026', staffId: 's-1', cycleClosed: false };
  const score = { type: 'ScoreGeneralCriteria', data: { ...inCycle, score: 20, maxScore: 30, note: null }, now, actor: 'head-1' } as const;

  it('refuses scoring and deciding without the capacity, with no HTTP involved', () => {
    deciderSpec(evaluationDecider).given([]).when(score as EvaluationCommand).thenThrows('capacity_refused');
    deciderSpec(evaluationDecider).given([]).when({ ...score, actingAs: 'self' } as EvaluationCommand).thenThrows('capacity_refused');
    deciderSpec(cycleDecider).given([]).when({ ...open, actingAs: undefined } as CycleCommand).thenThrows('capacity_refused');
  });

  it('lets a unit head score a person of their unit and hides the person from a head elsewhere', () => {
    const units = new Map([['s-1', 'u-1']]);
    const head = actor('head-1', ['unit_head'], { all: false, units: new Set(['u-1']) }).knowing(units);
    const elsewhere = actor('head-2', ['unit_head'], { all: false, units: new Set(['u-2']) }).knowing(units);
    expect(evaluationAccess.people({ status: 'none' } as never, score as EvaluationCommand)).toEqual(['s-1']);
    expect(evaluationAccess.ScoreGeneralCriteria(head, { status: 'none' } as never, score)).toBe('assessor');
    expect(evaluationAccess.ScoreGeneralCriteria(elsewhere, { status: 'none' } as never, score)).toMatchObject({ denied: { code: 'staff.not_found', kind: 'not_found' } });
  });

  it('opens a cycle only for a unit in scope and hides a cycle elsewhere', () => {
    const hrHere = actor('hr-1', ['hr'], { all: false, units: new Set(['u-1']) });
    const hrElsewhere = actor('hr-2', ['hr'], { all: false, units: new Set(['u-2']) });
    expect(cycleAccess.OpenCycle(hrHere, { status: 'none' }, open)).toBe('hr');
    expect(cycleAccess.OpenCycle(hrElsewhere, { status: 'none' }, open)).toMatchObject({ denied: { code: 'outside_unit_scope' } });
    const state = fold(cycleDecider, [opened]);
    expect(cycleAccess.CloseCycle(hrElsewhere, state)).toMatchObject({ denied: { code: 'evaluation.cycle_not_found', kind: 'not_found' } });
  });
});
