import type { DomainEvent } from '../shared/decider.js';
import type { Instant, LocalDate } from '../shared/ids.js';
import type { DisciplinaryForm, DisciplineSubjectCategory } from './discipline-forms.policy.js';
import type { ViolationSeverity } from './discipline-time-limits.policy.js';
import type {
  ConsequenceKind,
  CouncilRole,
  ExemptionGround,
  SelfReviewConvenerRole,
  SubjectLevel,
  SuspensionGround,
} from './discipline-procedure.policy.js';

/**
 * A document by reference: the ledger keeps its number, date, issuer and the SHA-256
 * digest of the file, never the file, so a council can check the paper it holds.
 */
export interface DocumentRef {
  readonly number: string;
  readonly date: LocalDate;
  readonly issuer: string;
  /** Lower-case hex SHA-256 of the file. */
  readonly digest: string;
}

export type DocumentKind =
  | 'self_criticism'
  | 'self_review_minutes'
  | 'council_minutes'
  | 'summons'
  | 'medical_certificate'
  | 'birth_certificate'
  | 'detention_order'
  | 'written_request'
  | 'authority_decision'
  | 'other';

/** A secret-ballot tally: votes per option; blank ballots make the sum smaller than the number present. */
export type BallotTally = readonly { readonly option: CouncilVoteOption; readonly votes: number }[];

/** A council seat as convened: the person and the role the decree gives the seat. */
export interface CouncilSeatHolder {
  readonly personId: string;
  readonly role: CouncilRole;
}

/** A reference to a recorded event: the stream and the revision of the event in it. */
export interface EvidenceRef {
  readonly streamId: string;
  readonly revision: number;
}

export interface Allegation {
  readonly id: string;
  readonly description: string;
  readonly violationDate: LocalDate;
  readonly severity: ViolationSeverity;
  readonly evidence: readonly EvidenceRef[];
  /**
   * Last day of a continuing violation; the limitation period runs from it (issue 13
   * item 11). Absent for a one-day violation.
   */
  readonly violationEndDate?: LocalDate;
}

/** What a council member may vote for: a form, or no discipline at all. */
export type CouncilVoteOption = DisciplinaryForm | 'no_discipline';

export type CaseDismissalReason = 'protected_innovation' | 'insufficient_evidence' | 'time_barred' | 'other';
export type AppealOutcome = 'upheld' | 'modified' | 'annulled';
export type StatementRole = 'subject' | 'witness' | 'complainant' | 'council_member' | 'other';

export type CaseOpened = DomainEvent<
  'CaseOpened',
  {
    readonly caseId: string;
    readonly subjectId: string;
    readonly subjectCategory: DisciplineSubjectCategory;
    readonly subjectIsLeader: boolean;
    readonly allegations: readonly Allegation[];
    readonly openedBy: string;
    readonly openedAt: Instant;
    /** Fixed at opening from the time-limit policy, so a later policy change does not move it. */
    readonly processingDeadline: LocalDate;
    /** When the violation was detected; the processing period runs from it (absent on cases opened before it was recorded: the opening date). */
    readonly detectedOn?: LocalDate;
    /** Administrative level of the subject, for the council's composition (absent: central_or_provincial). */
    readonly subjectLevel?: SubjectLevel;
    /** The subject's unit when the case was opened: whose hr acts on the case (absent on older cases). */
    readonly subjectUnitId?: string;
  }
>;

export type CouncilConvened = DomainEvent<
  'CouncilConvened',
  {
    readonly chair: string;
    readonly secretary: string;
    /** Everyone but the chair and the secretary. */
    readonly members: readonly string[];
    readonly convenedBy: string;
    readonly convenedAt: Instant;
    /** Every seat with its role (absent on councils convened before roles were recorded). */
    readonly seats?: readonly CouncilSeatHolder[];
    /** Id of the composition the council was checked against. */
    readonly composition?: string;
  }
>;

/** A summons to the self-review meeting or to the council reached the subject; attempts are numbered per meeting. */
export type SummonsIssued = DomainEvent<
  'SummonsIssued',
  {
    readonly summonsId: string;
    readonly purpose: 'self_review' | 'council';
    readonly personId: string;
    /** 1 for the first summons to this meeting, 2 for the second. */
    readonly attempt: number;
    readonly meetingOn: LocalDate;
    readonly deliveredOn: LocalDate;
    readonly document?: DocumentRef;
    readonly issuedBy: string;
    readonly issuedAt: Instant;
  }
>;

/** The self-review meeting (họp kiểm điểm) of the subject's unit: convener, attendance, self-criticism, minutes and the form its vote proposes. */
export type SelfReviewMeetingHeld = DomainEvent<
  'SelfReviewMeetingHeld',
  {
    readonly heldOn: LocalDate;
    readonly convenedBy: string;
    readonly convenerRole: SelfReviewConvenerRole;
    readonly attendees: readonly string[];
    readonly subjectPresent: boolean;
    /** Why the meeting went ahead without the subject. */
    readonly absence?: 'written_request' | 'second_summons';
    /** The subject's self-criticism, with the form the subject proposes for themself. */
    readonly selfCriticism?: { readonly summary: string; readonly proposedForm?: CouncilVoteOption; readonly document?: DocumentRef };
    readonly minutes: DocumentRef;
    /** Present members' secret ballot on the proposed form. */
    readonly tally: BallotTally;
    /** The form carried by the meeting's vote. */
    readonly proposedForm: CouncilVoteOption;
    readonly recordedBy: string;
    readonly recordedAt: Instant;
  }
>;

/** A council member was replaced before the vote; the replacement takes the same seat and role. */
export type CouncilMemberReplaced = DomainEvent<
  'CouncilMemberReplaced',
  {
    readonly replaced: string;
    readonly replacement: string;
    readonly role: CouncilRole;
    readonly reason: 'conflict_of_interest' | 'unavailable' | 'transferred' | 'other';
    readonly note?: string;
    readonly replacedBy: string;
    readonly replacedAt: Instant;
  }
>;

/** A document kept by reference (number, date, issuer, SHA-256 digest of the file). */
export type DocumentAttached = DomainEvent<
  'DocumentAttached',
  {
    readonly kind: DocumentKind;
    readonly document: DocumentRef;
    readonly note?: string;
    readonly attachedBy: string;
    readonly attachedAt: Instant;
  }
>;

/** The case is not yet considered (chưa xem xét xử lý kỷ luật) on a ground of the decree; every procedural step waits. */
export type CaseSuspended = DomainEvent<
  'CaseSuspended',
  {
    readonly ground: SuspensionGround;
    readonly from: LocalDate;
    /** Expected end of the ground (end of maternity leave, the child's first birthday), when known. */
    readonly expectedUntil?: LocalDate;
    readonly document: DocumentRef;
    readonly suspendedBy: string;
    readonly suspendedAt: Instant;
  }
>;

/** The ground ended (or the subject or an authority asked to proceed); the processing deadline moved by the days suspended. */
export type CaseResumed = DomainEvent<
  'CaseResumed',
  {
    readonly on: LocalDate;
    readonly reason: 'ground_ended' | 'subject_requested' | 'authority_decided';
    readonly document?: DocumentRef;
    /** The processing deadline after adding the days the case was suspended. */
    readonly processingDeadline: LocalDate;
    readonly daysSuspended: number;
    readonly resumedBy: string;
    readonly resumedAt: Instant;
  }
>;

/** The subject is exempt from disciplinary responsibility on a ground of Decree 112/2020 art. 4; the case is closed. */
export type CaseExempted = DomainEvent<
  'CaseExempted',
  {
    readonly ground: ExemptionGround;
    readonly document: DocumentRef;
    readonly note?: string;
    readonly exemptedBy: string;
    readonly exemptedAt: Instant;
  }
>;

/** A legal consequence of a decision, as a fact with its period. */
export interface DisciplineConsequence {
  readonly kind: ConsequenceKind;
  readonly from: LocalDate;
  /** Last day, inclusive. */
  readonly until: LocalDate;
  readonly source: string;
}

/** The legal consequences of the decision in force, as facts with end dates; replaces earlier ones of the case. */
export type ConsequencesRecorded = DomainEvent<
  'ConsequencesRecorded',
  {
    readonly subjectId: string;
    readonly decisionNo: string;
    readonly form: DisciplinaryForm | null;
    /** Replaces every consequence recorded before on this case (an appeal can lighten or annul). */
    readonly consequences: readonly DisciplineConsequence[];
    readonly recordedAt: Instant;
  }
>;

export type StatementRecorded = DomainEvent<
  'StatementRecorded',
  {
    readonly personId: string;
    readonly role: StatementRole;
    readonly summary: string;
    readonly documentRef?: string;
    readonly recordedBy: string;
    readonly recordedAt: Instant;
  }
>;

export type EvidenceAttached = DomainEvent<
  'EvidenceAttached',
  {
    readonly allegationId: string;
    readonly evidence: EvidenceRef;
    readonly note?: string;
    readonly attachedBy: string;
    readonly attachedAt: Instant;
  }
>;

export type ProcessingPeriodExtended = DomainEvent<
  'ProcessingPeriodExtended',
  {
    readonly newDeadline: LocalDate;
    readonly reason: string;
    readonly extendedBy: string;
    readonly extendedAt: Instant;
  }
>;

export type CouncilVoted = DomainEvent<
  'CouncilVoted',
  {
    /** Council members present; the quorum is checked against them. */
    readonly present: readonly string[];
    /** Secret-ballot tally per proposed option; blank ballots make the sum smaller than `present`. */
    readonly tally: readonly { readonly option: CouncilVoteOption; readonly votes: number }[];
    readonly votedAt: Instant;
    /** The option carried by more than half of those present (absent on votes recorded before it was kept). */
    readonly recommendation?: CouncilVoteOption;
    readonly minutes?: DocumentRef;
  }
>;

export type DecisionIssued = DomainEvent<
  'DecisionIssued',
  {
    readonly form: DisciplinaryForm;
    readonly decisionNo: string;
    readonly effectiveFrom: LocalDate;
    /** The violation concerned public duties: classification treats it differently. */
    readonly relatedToDuties: boolean;
    /** The allegations the decision finds proven. */
    readonly allegationIds: readonly string[];
    readonly decidedBy: string;
    readonly issuedAt: Instant;
    /** Id of the forms regime the form was checked against, for audit after rules change. */
    readonly formsRegime: string;
    /** The council's recommendation the decision follows (absent on decisions recorded before it was kept). */
    readonly recommendedForm?: CouncilVoteOption;
    /** The lawful basis recorded when the form is heavier than recommended. */
    readonly heavierBasis?: { readonly kind: 'repeat_violation_during_discipline'; readonly priorDecisionNo: string };
    /** Whether the subject held a leadership post when the violation happened (from the staff history). */
    readonly subjectWasLeader?: boolean;
    readonly document?: DocumentRef;
  }
>;

export type CaseDismissed = DomainEvent<
  'CaseDismissed',
  {
    readonly reason: CaseDismissalReason;
    readonly note: string;
    /** The approved proposal that protects the work, for `protected_innovation`. */
    readonly innovationProposalId?: string;
    readonly dismissedBy: string;
    readonly dismissedAt: Instant;
  }
>;

export type AppealFiled = DomainEvent<
  'AppealFiled',
  { readonly by: string; readonly grounds: string; readonly filedAt: Instant }
>;

export type AppealResolved = DomainEvent<
  'AppealResolved',
  {
    readonly outcome: AppealOutcome;
    /** The replacing form when the outcome is `modified`. */
    readonly newForm?: DisciplinaryForm;
    readonly decisionNo: string;
    readonly note?: string;
    readonly resolvedBy: string;
    readonly resolvedAt: Instant;
  }
>;

/** Every event of a `case-<id>` stream. */
export type CaseEvent =
  | CaseOpened
  | CouncilConvened
  | StatementRecorded
  | EvidenceAttached
  | ProcessingPeriodExtended
  | CouncilVoted
  | DecisionIssued
  | CaseDismissed
  | AppealFiled
  | AppealResolved
  | SummonsIssued
  | SelfReviewMeetingHeld
  | CouncilMemberReplaced
  | DocumentAttached
  | CaseSuspended
  | CaseResumed
  | CaseExempted
  | ConsequencesRecorded;
