import { withTimeBounds } from '../shared/time-bounds.js';
import { isBlank } from '../shared/checks.js';
import { assertNever, type Decider } from '../shared/decider.js';
import { ruleError, type FieldError } from '../shared/errors.js';
import type { EvaluationCommand } from './evaluation.commands.js';
import { evaluationCapacity } from './evaluation.access.js';
import { EVALUATION_RULES } from './evaluation.errors.js';
import { EVALUATION_LEVELS, type EvaluationEvent, type EvaluationLevel } from './evaluation.events.js';

/** Stream of one staff member's evaluation in one cycle: `evaluation-<cycleId>-<staffId>`. */
export function evaluationStream(cycleId: string, staffId: string): string {
  return `evaluation-${cycleId}-${staffId}`;
}

export interface EvaluationState {
  readonly selfAssessed: boolean;
  readonly generalCriteriaScore: number | null;
  readonly proposal: { readonly level: EvaluationLevel; readonly fingerprint: string; readonly runId: string } | null;
  readonly decided: EvaluationLevel | null;
  readonly appealPending: boolean;
}

export function initialEvaluationState(): EvaluationState {
  return { selfAssessed: false, generalCriteriaScore: null, proposal: null, decided: null, appealPending: false };
}

/** Never throws: a recorded event is a fact. */
export function evolveEvaluation(state: EvaluationState, event: EvaluationEvent): EvaluationState {
  switch (event.type) {
    case 'SelfAssessmentSubmitted':
      return { ...state, selfAssessed: true };
    case 'GeneralCriteriaScored':
      return { ...state, generalCriteriaScore: event.data.score };
    case 'ClassificationProposed':
      return { ...state, proposal: { level: event.data.level, fingerprint: event.data.fingerprint, runId: event.data.runId } };
    case 'ClassificationDecided':
      return { ...state, decided: event.data.level };
    case 'ClassificationAppealed':
      return { ...state, appealPending: true };
    case 'ClassificationRevised':
      return { ...state, decided: event.data.level, appealPending: false };
    default:
      return state;
  }
}

export function decideEvaluation(command: EvaluationCommand, state: EvaluationState): EvaluationEvent[] {
  evaluationCapacity(command); // who may act: evaluation.access.ts
  const d = command.data;
  if (d.cycleClosed) throw ruleError(EVALUATION_RULES.cycleClosed, `Cycle ${d.cycleId} is closed; its evaluations accept no change`);
  const at = command.now;
  const base = { cycleId: d.cycleId, staffId: d.staffId };
  switch (command.type) {
    case 'SubmitSelfAssessment': {
      if (command.actor !== d.staffId) throw ruleError(EVALUATION_RULES.selfAssessmentNotBySubject, 'Only the staff member writes their self-assessment');
      if (state.decided) throw ruleError(EVALUATION_RULES.alreadyDecided, 'The classification was already decided');
      check([isBlank(command.data.text) && { field: 'text', message: 'is required' }, badLevel(command.data.selfLevel, true) && { field: 'selfLevel', message: 'is not a level' }]);
      return [{ type: 'SelfAssessmentSubmitted', data: { ...base, text: command.data.text, selfLevel: command.data.selfLevel, submittedAt: at } }];
    }
    case 'ScoreGeneralCriteria': {
      if (command.actor === d.staffId) throw ruleError(EVALUATION_RULES.selfScoring, 'Nobody scores their own general criteria');
      if (state.decided) throw ruleError(EVALUATION_RULES.alreadyDecided, 'The classification was already decided');
      const { score, maxScore } = command.data;
      check([
        (!Number.isFinite(score) || score < 0 || score > maxScore) && { field: 'score', message: `must be between 0 and ${maxScore}` },
      ]);
      return [{ type: 'GeneralCriteriaScored', data: { ...base, score, assessor: command.actor, note: command.data.note, scoredAt: at } }];
    }
    case 'ProposeClassification': {
      if (state.decided) throw ruleError(EVALUATION_RULES.alreadyDecided, 'The classification was already decided; changes go through an appeal');
      const c = command.data;
      check([
        badLevel(c.level, false) && { field: 'level', message: 'is not a level' },
        isBlank(c.policyId) && { field: 'policyId', message: 'is required' },
        isBlank(c.fingerprint) && { field: 'fingerprint', message: 'is required' },
      ]);
      // A re-run on unchanged inputs proposes nothing new: runs are idempotent.
      if (state.proposal?.fingerprint === c.fingerprint) return [];
      return [
        {
          type: 'ClassificationProposed',
          data: {
            ...base,
            unitId: c.unitId,
            runId: c.runId,
            level: c.level,
            score: c.score,
            policyId: c.policyId,
            policyVersion: c.policyVersion,
            indicators: c.indicators,
            trace: c.trace,
            fingerprint: c.fingerprint,
            proposedAt: at,
          },
        },
      ];
    }
    case 'DecideClassification': {
      if (command.actor === d.staffId) throw ruleError(EVALUATION_RULES.selfDecision, 'Nobody decides their own classification');
      if (!state.proposal) throw ruleError(EVALUATION_RULES.noProposal, 'No classification was proposed from the record yet: run the classification first');
      if (state.decided) throw ruleError(EVALUATION_RULES.alreadyDecided, 'The classification was already decided; changes go through an appeal');
      const c = command.data;
      check([
        badLevel(c.level, true) && { field: 'level', message: 'is not a level' },
        isBlank(c.decisionNo) && { field: 'decisionNo', message: 'is required' },
        isBlank(c.basis) && { field: 'basis', message: 'is required' },
      ]);
      return [
        {
          type: 'ClassificationDecided',
          data: { ...base, level: c.level ?? state.proposal.level, proposedLevel: state.proposal.level, decidedBy: command.actor, decisionNo: c.decisionNo, basis: c.basis, decidedAt: at },
        },
      ];
    }
    case 'AppealClassification': {
      if (command.actor !== d.staffId) throw ruleError(EVALUATION_RULES.appealNotBySubject, 'Only the staff member concerned may appeal');
      if (!state.decided) throw ruleError(EVALUATION_RULES.notDecided, 'There is no decision to appeal against yet');
      if (state.appealPending) throw ruleError(EVALUATION_RULES.appealPending, 'An appeal is already pending');
      check([isBlank(command.data.grounds) && { field: 'grounds', message: 'is required' }]);
      return [{ type: 'ClassificationAppealed', data: { ...base, by: command.actor, grounds: command.data.grounds, appealedAt: at } }];
    }
    case 'ReviseClassification': {
      if (command.actor === d.staffId) throw ruleError(EVALUATION_RULES.selfDecision, 'Nobody decides their own appeal');
      if (!state.appealPending || !state.decided) throw ruleError(EVALUATION_RULES.noPendingAppeal, 'A revision answers a pending appeal');
      const c = command.data;
      check([
        badLevel(c.level, false) && { field: 'level', message: 'is not a level' },
        isBlank(c.decisionNo) && { field: 'decisionNo', message: 'is required' },
        isBlank(c.reason) && { field: 'reason', message: 'is required' },
      ]);
      return [
        {
          type: 'ClassificationRevised',
          data: {
            ...base,
            previousLevel: state.decided,
            level: c.level,
            outcome: c.level === state.decided ? 'upheld' : 'modified',
            revisedBy: command.actor,
            decisionNo: c.decisionNo,
            reason: c.reason,
            revisedAt: at,
          },
        },
      ];
    }
    default:
      return assertNever(command, 'evaluation command');
  }
}

function badLevel(level: EvaluationLevel | null, nullable: boolean): boolean {
  return level === null ? !nullable : !EVALUATION_LEVELS.includes(level);
}

function check(candidates: readonly (FieldError | false)[]): void {
  const errors = candidates.filter((e): e is FieldError => e !== false);
  if (errors.length) throw ruleError(EVALUATION_RULES.invalid, 'The evaluation command is not valid', errors);
}

/** The per-staff evaluation aggregate. */
export const evaluationDecider: Decider<EvaluationState, EvaluationCommand, EvaluationEvent> = withTimeBounds({
  initialState: initialEvaluationState,
  evolve: evolveEvaluation,
  decide: decideEvaluation,
});
