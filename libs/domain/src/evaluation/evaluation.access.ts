import { deny, requireCapacity, type AccessPolicy, type Actor } from '../shared/access.js';
import type { EvaluationCommand } from './evaluation.commands.js';
import type { EvaluationState } from './evaluation.decide.js';
import { EVALUATION_RULES as RULES } from './evaluation.errors.js';

/**
 * WHO MAY ACT ON A PERSON'S EVALUATION, and as what.
 *
 * | command | capacities |
 * | --- | --- |
 * | SubmitSelfAssessment, AppealClassification | `self`: the person evaluated |
 * | ScoreGeneralCriteria | `assessor`: hr or a unit head with the person's current unit in scope |
 * | ProposeClassification, DecideClassification, ReviseClassification | `hr`: hr with the person's unit in scope |
 *
 * A person outside the caller's scope answers `staff.not_found`, as for an id
 * nobody registered. The cycle itself is checked by cycle.access.ts's `seesCycle`.
 */
export type EvaluationCapacity = 'self' | 'assessor' | 'hr';

const hiddenStaff = () => deny(RULES.hiddenStaff, 'No such staff member in your scope');

function staffInScope(who: Actor, staffId: string): boolean {
  return who.inScope(who.unitOf(staffId));
}

function self(who: Actor, _s: EvaluationState, c: EvaluationCommand) {
  return c.data.staffId === who.sub ? 'self' : deny(RULES.notSelf, 'Only the person evaluated does this');
}

function hrOf(who: Actor, _s: EvaluationState, c: EvaluationCommand) {
  return who.is('hr') && staffInScope(who, c.data.staffId) ? 'hr' : hiddenStaff();
}

/** Who may issue each evaluation command, and as what. */
export const evaluationAccess = {
  /** The person evaluated, whose current unit the rules need. */
  people: (_s, c) => [c.data.staffId],
  SubmitSelfAssessment: self,
  AppealClassification: self,
  ScoreGeneralCriteria: (who, _s, c) => (who.is('hr', 'unit_head') && staffInScope(who, c.data.staffId) ? 'assessor' : hiddenStaff()),
  ProposeClassification: hrOf,
  DecideClassification: hrOf,
  ReviseClassification: hrOf,
} satisfies AccessPolicy<EvaluationState, EvaluationCommand>;

const CAPACITIES = {
  SubmitSelfAssessment: ['self'],
  AppealClassification: ['self'],
  ScoreGeneralCriteria: ['assessor'],
  ProposeClassification: ['hr'],
  DecideClassification: ['hr'],
  ReviseClassification: ['hr'],
} as const satisfies Record<EvaluationCommand['type'], readonly EvaluationCapacity[]>;

/** Decider side: the capacity fits (`self` is the default of self-service commands). */
export function evaluationCapacity(command: EvaluationCommand): EvaluationCapacity {
  const allowed: readonly EvaluationCapacity[] = CAPACITIES[command.type];
  // `self` is checked against the person by the decider's own rules (self_assessment_not_by_subject, appeal_not_by_subject).
  return requireCapacity(command, allowed, allowed.includes('self') ? 'self' : undefined);
}
