import { ACCESS_RULES, deny, requireCapacity, type AccessPolicy, type Actor } from '../shared/access.js';
import { ruleError } from '../shared/errors.js';
import type { CaseCommand } from './case.commands.js';
import type { CaseFile, CaseState } from './case.decide.js';
import { CASE_RULES as RULES } from './case.errors.js';

/**
 * WHO MAY ACT ON A DISCIPLINARY CASE, and as what. This file is the whole answer; the
 * routes only name the roles that may call them at all.
 *
 * - `case_officer`: hr (or an importer) whose unit scope holds the subject's unit at
 *   opening: the personnel body that runs the procedure for the competent person
 *   (interpretation: the decree gives the procedure to the managing body's personnel
 *   advisory body, whose representative is the council's secretary).
 * - `council_member`: a `council` token that sits on this case's council.
 * - `subject`: the person the case is about (only to appeal).
 *
 * | command | capacities |
 * | --- | --- |
 * | OpenCase, IssueSummons, RecordSelfReviewMeeting, ConveneCouncil, ReplaceCouncilMember, ExtendProcessingPeriod, SuspendCase, ResumeCase, ExemptCase, IssueDecision, DismissCase, ResolveAppeal | case_officer |
 * | RecordStatement, AttachEvidence, AttachDocument, RecordCouncilVote | case_officer, council_member |
 * | FileAppeal | subject |
 *
 * Someone who may not see the case gets `case.not_found`, as for an id never opened.
 */
export type CaseCapacity = 'case_officer' | 'council_member' | 'subject';

const OFFICER = ['case_officer'] as const;
const OFFICER_OR_COUNCIL = ['case_officer', 'council_member'] as const;

const CAPACITIES = {
  OpenCase: OFFICER,
  IssueSummons: OFFICER,
  RecordSelfReviewMeeting: OFFICER,
  ConveneCouncil: OFFICER,
  ReplaceCouncilMember: OFFICER,
  ExtendProcessingPeriod: OFFICER,
  SuspendCase: OFFICER,
  ResumeCase: OFFICER,
  ExemptCase: OFFICER,
  IssueDecision: OFFICER,
  DismissCase: OFFICER,
  ResolveAppeal: OFFICER,
  RecordStatement: OFFICER_OR_COUNCIL,
  AttachEvidence: OFFICER_OR_COUNCIL,
  AttachDocument: OFFICER_OR_COUNCIL,
  RecordCouncilVote: OFFICER_OR_COUNCIL,
  FileAppeal: ['subject'],
} as const satisfies Record<CaseCommand['type'], readonly CaseCapacity[]>;

/** Everyone seated on the case's council. */
export function councilSeats(file: CaseFile): readonly string[] {
  return file.council ? file.council.seats.map((s) => s.personId) : [];
}

/** May the caller know that this case exists? The subject, its council, hr, inspectors and importers whose scope holds the subject's unit. */
export function seesCase(who: Actor, file: CaseFile): boolean {
  if (who.sub === file.subjectId) return true;
  if (who.is('council') && councilSeats(file).includes(who.sub)) return true;
  return who.is('hr', 'inspector', 'importer') && who.inScope(file.subjectUnitId);
}

const notFound = () => deny(RULES.notFound, 'No such case in your scope');

function isOfficer(who: Actor, file: CaseFile): boolean {
  return who.is('hr', 'importer') && who.inScope(file.subjectUnitId);
}

function officerOnly(who: Actor, s: CaseState) {
  if (s.status === 'none' || !seesCase(who, s.file)) return notFound();
  if (isOfficer(who, s.file)) return 'case_officer';
  return deny(RULES.notCaseOfficer, 'Only hr whose scope holds the subject\'s unit runs the procedure');
}

function officerOrCouncil(who: Actor, s: CaseState) {
  if (s.status === 'none' || !seesCase(who, s.file)) return notFound();
  if (who.is('council') && councilSeats(s.file).includes(who.sub)) return 'council_member';
  if (isOfficer(who, s.file)) return 'case_officer';
  return deny(RULES.notCaseOfficer, 'Only hr in scope or a member of this case\'s council may do this');
}

/** Who may issue each case command, and as what (asked on the state the command is decided on). */
export const caseAccess = {
  OpenCase: (who, _s, c) =>
    who.is('hr', 'importer') && who.inScope(c.data.subjectUnitId ?? null)
      ? 'case_officer'
      : deny(ACCESS_RULES.outsideUnitScope, "The subject's unit is outside your unit scope"),
  IssueSummons: officerOnly,
  RecordSelfReviewMeeting: officerOnly,
  ConveneCouncil: officerOnly,
  ReplaceCouncilMember: officerOnly,
  ExtendProcessingPeriod: officerOnly,
  SuspendCase: officerOnly,
  ResumeCase: officerOnly,
  ExemptCase: officerOnly,
  IssueDecision: officerOnly,
  DismissCase: officerOnly,
  ResolveAppeal: officerOnly,
  RecordStatement: officerOrCouncil,
  AttachEvidence: officerOrCouncil,
  AttachDocument: officerOrCouncil,
  RecordCouncilVote: officerOrCouncil,
  FileAppeal: (who, s) => {
    if (s.status === 'none' || !seesCase(who, s.file)) return notFound();
    return who.sub === s.file.subjectId ? 'subject' : deny(RULES.appealOnlyBySubjectAccess, 'Only the disciplined person can appeal the decision');
  },
} satisfies AccessPolicy<CaseState, CaseCommand>;

/**
 * Decider side: the command's capacity fits it; a `council_member` sits on the
 * council; a `subject` is the subject. An appeal that names no capacity acts as the
 * subject; every other command needs one (the CLI and importers name it).
 */
export function caseCapacity(command: CaseCommand, state: CaseState): CaseCapacity {
  const allowed: readonly CaseCapacity[] = CAPACITIES[command.type];
  const capacity = requireCapacity(command, allowed, command.type === 'FileAppeal' ? 'subject' : undefined);
  if (state.status === 'none') return capacity;
  if (capacity === 'council_member' && !councilSeats(state.file).includes(command.actor)) {
    throw ruleError(RULES.notCaseOfficer, 'Only a member of this case\'s council may act as council_member');
  }
  if (capacity === 'subject' && command.actor !== state.file.subjectId) {
    throw ruleError(RULES.appealOnlyBySubjectAccess, 'Only the disciplined person can appeal the decision');
  }
  return capacity;
}
