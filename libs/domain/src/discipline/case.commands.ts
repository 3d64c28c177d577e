import type { DomainCommand } from '../shared/decider.js';
import type { LocalDate } from '../shared/ids.js';
import type { DisciplinaryForm, DisciplineSubjectCategory } from './discipline-forms.policy.js';
import type {
  Allegation,
  AppealOutcome,
  BallotTally,
  CaseDismissalReason,
  CaseResumed,
  CouncilMemberReplaced,
  CouncilSeatHolder,
  CouncilVoteOption,
  DocumentKind,
  DocumentRef,
  EvidenceRef,
  StatementRole,
} from './case.events.js';
import type { ExemptionGround, SelfReviewConvenerRole, SubjectLevel, SuspensionGround } from './discipline-procedure.policy.js';

/**
 * A person's declared relation to the subject or the violation, resolved by the caller
 * (declarations, the staff directory). Any relation other than `none` excludes the
 * person from the council and from chairing the self-review meeting.
 */
export interface ConflictDeclaration {
  readonly personId: string;
  readonly relation: 'relative' | 'interested_in_violation';
}

export type OpenCase = DomainCommand<
  'OpenCase',
  {
    readonly caseId: string;
    readonly subjectId: string;
    readonly subjectCategory: DisciplineSubjectCategory;
    /** Whether the subject held a leadership post on the (latest) violation date, read from the staff history. */
    readonly subjectIsLeader: boolean;
    readonly allegations: readonly Allegation[];
    readonly openedBy: string;
    /** Resolved by the handler against the event store: evidence references that do not exist. */
    readonly missingEvidence: readonly EvidenceRef[];
    /** When the violation was detected; default: the opening date. */
    readonly detectedOn?: LocalDate;
    readonly subjectLevel?: SubjectLevel;
    /** The subject's unit in the directory, resolved by the caller; the access policy checks the caller manages it. */
    readonly subjectUnitId?: string;
  }
>;

export type ConveneCouncil = DomainCommand<
  'ConveneCouncil',
  {
    /** Every seat, chair and secretary included, with its role. */
    readonly seats: readonly CouncilSeatHolder[];
    readonly convenedBy: string;
    /** Relations declared for the persons proposed (resolved by the caller). */
    readonly conflicts?: readonly ConflictDeclaration[];
  }
>;

export type IssueSummons = DomainCommand<
  'IssueSummons',
  {
    readonly summonsId: string;
    readonly purpose: 'self_review' | 'council';
    readonly meetingOn: LocalDate;
    readonly deliveredOn: LocalDate;
    readonly document?: DocumentRef;
    readonly issuedBy: string;
  }
>;

export type RecordSelfReviewMeeting = DomainCommand<
  'RecordSelfReviewMeeting',
  {
    readonly heldOn: LocalDate;
    readonly convenedBy: string;
    readonly convenerRole: SelfReviewConvenerRole;
    readonly attendees: readonly string[];
    readonly subjectPresent: boolean;
    readonly absence?: 'written_request' | 'second_summons';
    readonly selfCriticism?: { readonly summary: string; readonly proposedForm?: CouncilVoteOption; readonly document?: DocumentRef };
    readonly minutes: DocumentRef;
    readonly tally: BallotTally;
    readonly conflicts?: readonly ConflictDeclaration[];
    readonly recordedBy: string;
  }
>;

export type ReplaceCouncilMember = DomainCommand<
  'ReplaceCouncilMember',
  {
    readonly replaced: string;
    readonly replacement: string;
    readonly reason: CouncilMemberReplaced['data']['reason'];
    readonly note?: string;
    readonly conflicts?: readonly ConflictDeclaration[];
    readonly replacedBy: string;
  }
>;

export type AttachDocument = DomainCommand<
  'AttachDocument',
  { readonly kind: DocumentKind; readonly document: DocumentRef; readonly note?: string; readonly attachedBy: string }
>;

export type SuspendCase = DomainCommand<
  'SuspendCase',
  {
    readonly ground: SuspensionGround;
    readonly from: LocalDate;
    readonly expectedUntil?: LocalDate;
    readonly document: DocumentRef;
    readonly suspendedBy: string;
  }
>;

export type ResumeCase = DomainCommand<
  'ResumeCase',
  {
    readonly on: LocalDate;
    readonly reason: CaseResumed['data']['reason'];
    readonly document?: DocumentRef;
    readonly resumedBy: string;
  }
>;

export type ExemptCase = DomainCommand<
  'ExemptCase',
  { readonly ground: ExemptionGround; readonly document: DocumentRef; readonly note?: string; readonly exemptedBy: string }
>;

export type RecordStatement = DomainCommand<
  'RecordStatement',
  {
    readonly personId: string;
    readonly role: StatementRole;
    readonly summary: string;
    readonly documentRef?: string;
    readonly recordedBy: string;
  }
>;

export type AttachEvidence = DomainCommand<
  'AttachEvidence',
  {
    readonly allegationId: string;
    readonly evidence: EvidenceRef;
    readonly note?: string;
    readonly attachedBy: string;
    /** Resolved by the handler: the reference, if it does not exist. */
    readonly missingEvidence: readonly EvidenceRef[];
  }
>;

export type ExtendProcessingPeriod = DomainCommand<
  'ExtendProcessingPeriod',
  { readonly newDeadline: LocalDate; readonly reason: string; readonly extendedBy: string }
>;

export type RecordCouncilVote = DomainCommand<
  'RecordCouncilVote',
  {
    readonly present: readonly string[];
    readonly tally: BallotTally;
    readonly minutes?: DocumentRef;
  }
>;

export type IssueDecision = DomainCommand<
  'IssueDecision',
  {
    readonly form: DisciplinaryForm;
    readonly decisionNo: string;
    readonly effectiveFrom: LocalDate;
    readonly relatedToDuties: boolean;
    readonly allegationIds: readonly string[];
    readonly decidedBy: string;
    /** Lawful basis for a form heavier than the council recommended. */
    readonly heavierBasis?: { readonly kind: 'repeat_violation_during_discipline'; readonly priorDecisionNo: string };
    readonly document?: DocumentRef;
  }
>;

/**
 * The facts of an innovation proposal a dismissal on `protected_innovation` rests on,
 * read by the handler from the `innovation-<id>` stream (recognition's
 * `innovationProtection` gives exactly this shape).
 */
export interface ProtectedInnovationCover {
  readonly proposalId: string;
  readonly relatedAssignmentIds: readonly string[];
  readonly approved: boolean;
  readonly evaluated: boolean;
  readonly personalGain: boolean;
}

export type DismissCase = DomainCommand<
  'DismissCase',
  {
    readonly reason: CaseDismissalReason;
    readonly note: string;
    readonly dismissedBy: string;
    readonly innovation?: ProtectedInnovationCover;
  }
>;

export type FileAppeal = DomainCommand<'FileAppeal', { readonly by: string; readonly grounds: string }>;

export type ResolveAppeal = DomainCommand<
  'ResolveAppeal',
  {
    readonly outcome: AppealOutcome;
    readonly newForm?: DisciplinaryForm;
    readonly decisionNo: string;
    readonly note?: string;
    readonly resolvedBy: string;
  }
>;

/** Every command the disciplinary-case decider accepts. */
export type CaseCommand =
  | OpenCase
  | ConveneCouncil
  | RecordStatement
  | AttachEvidence
  | ExtendProcessingPeriod
  | RecordCouncilVote
  | IssueDecision
  | DismissCase
  | FileAppeal
  | ResolveAppeal
  | IssueSummons
  | RecordSelfReviewMeeting
  | ReplaceCouncilMember
  | AttachDocument
  | SuspendCase
  | ResumeCase
  | ExemptCase;
