import { deny, requireCapacity, type AccessPolicy, type Actor } from '../shared/access.js';
import { ruleError } from '../shared/errors.js';
import type { CaseCommand } from './case.commands.js';
import type { CaseState } from './case.decide.js';
import { CASE_RULES as RULES } from './case.errors.js';

/**
 * WHO MAY ACT ON A DISCIPLINARY CASE, and as what.
 *
 * | command | capacities |
 * | --- | --- |
 * | OpenCase | `hr`: hr or importer with the subject's current unit in scope |
 * | IssueSummons, RecordSelfReviewMeeting, ConveneCouncil, ReplaceCouncilMember, ExtendProcessingPeriod, SuspendCase, ResumeCase, ExemptCase, IssueDecision, DismissCase, ResolveAppeal | `hr` (the personnel body runs the procedure for the competent person; interpretation) |
 * | RecordStatement, AttachEvidence, AttachDocument, RecordCouncilVote | `hr`, or `council_member`: a member of this case's council |
 * | FileAppeal | `subject`: the disciplined person |
 *
 * A case is visible to its subject, to the members of its council and to hr,
 * inspectors and importers with the subject's unit in scope; anyone else gets
 * `case.not_found`, as for an id never used.
 */
export type CaseCapacity = 'hr' | 'council_member' | 'subject';

type Existing = Exclude<CaseState, { status: 'none' }>;

function councilOf(s: Existing): readonly string[] {
  const c = s.file.council;
  return c ? c.seats.map((seat) => seat.personId) : [];
}

function visible(who: Actor, s: CaseState): s is Existing {
  if (s.status === 'none') return false;
  if (who.sub === s.file.subjectId) return true;
  if (who.is('council') && councilOf(s).includes(who.sub)) return true;
  return who.is('hr', 'inspector', 'importer') && who.unitOf(s.file.subjectId) !== null && who.inScope(who.unitOf(s.file.subjectId));
}

const hidden = () => deny(RULES.hidden, 'No such case visible to you');

function hrStep(who: Actor, s: CaseState) {
  if (!visible(who, s)) return hidden();
  if (who.is('hr', 'importer') && who.inScope(who.unitOf(s.file.subjectId))) return 'hr';
  return deny(RULES.hrOnly, 'Only hr with the subject in scope takes this step');
}

function councilStep(who: Actor, s: CaseState) {
  if (!visible(who, s)) return hidden();
  if (who.is('council') && councilOf(s).includes(who.sub)) return 'council_member';
  return hrStep(who, s);
}

/** Who may issue each case command, and as what. */
export const caseAccess = {
  /** The subject, whose current unit the rules need. */
  people: (s, c) => [c.type === 'OpenCase' ? c.data.subjectId : s.status === 'none' ? [] : s.file.subjectId].flat(),
  OpenCase: (who, _s, c) => {
    const unit = who.unitOf(c.data.subjectId);
    if (unit === null) return deny(RULES.unknownSubject, 'The subject is not a registered staff member');
    return who.is('hr', 'importer') && who.inScope(unit) ? 'hr' : deny(RULES.outsideUnitScope, "The subject's unit is outside your unit scope");
  },
  IssueSummons: hrStep,
  RecordSelfReviewMeeting: hrStep,
  ConveneCouncil: hrStep,
  ReplaceCouncilMember: hrStep,
  SuspendCase: hrStep,
  ResumeCase: hrStep,
  ExemptCase: hrStep,
  AttachDocument: councilStep,
  ExtendProcessingPeriod: hrStep,
  IssueDecision: hrStep,
  DismissCase: hrStep,
  ResolveAppeal: hrStep,
  RecordStatement: councilStep,
  AttachEvidence: councilStep,
  RecordCouncilVote: councilStep,
  FileAppeal: (who, s) => {
    if (!visible(who, s)) return hidden();
    return s.file.subjectId === who.sub ? 'subject' : deny(RULES.notTheSubject, 'Only the disciplined person may appeal the decision');
  },
} satisfies AccessPolicy<CaseState, CaseCommand>;

const CAPACITIES = {
  OpenCase: ['hr'],
  IssueSummons: ['hr'],
  RecordSelfReviewMeeting: ['hr'],
  ConveneCouncil: ['hr'],
  ReplaceCouncilMember: ['hr'],
  SuspendCase: ['hr'],
  ResumeCase: ['hr'],
  ExemptCase: ['hr'],
  AttachDocument: ['hr', 'council_member'],
  ExtendProcessingPeriod: ['hr'],
  IssueDecision: ['hr'],
  DismissCase: ['hr'],
  ResolveAppeal: ['hr'],
  RecordStatement: ['hr', 'council_member'],
  AttachEvidence: ['hr', 'council_member'],
  RecordCouncilVote: ['hr', 'council_member'],
  FileAppeal: ['subject'],
} as const satisfies Record<CaseCommand['type'], readonly CaseCapacity[]>;

/**
 * Decider side: the capacity fits the command; a council member sits on this case's
 * council and the subject is this case's subject (an appeal names no capacity: it is
 * the subject's).
 */
export function caseCapacity(command: CaseCommand, state: CaseState): CaseCapacity {
  const allowed: readonly CaseCapacity[] = CAPACITIES[command.type];
  const capacity = requireCapacity(command, allowed, command.type === 'FileAppeal' ? 'subject' : undefined);
  if (state.status !== 'none' && capacity === 'council_member' && !councilOf(state).includes(command.actor)) {
    throw ruleError(RULES.hrOnly, 'Only a member of this case\'s council acts as a council member');
  }
  if (state.status !== 'none' && capacity === 'subject' && command.actor !== state.file.subjectId) {
    throw ruleError(RULES.notTheSubject, 'Only the disciplined person may appeal the decision');
  }
  return capacity;
}
