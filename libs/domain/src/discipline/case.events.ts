import type { DomainEvent } from '../shared/decider.js';
import type { Instant, LocalDate } from '../shared/ids.js';
import type { DisciplinaryForm, DisciplineSubjectCategory } from './discipline-forms.policy.js';
import type { ViolationSeverity } from './discipline-time-limits.policy.js';

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
  }
>;

export type CouncilConvened = DomainEvent<
  'CouncilConvened',
  {
    readonly chair: string;
    readonly secretary: string;
    readonly members: readonly string[];
    readonly convenedBy: string;
    readonly convenedAt: Instant;
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
  | AppealResolved;
