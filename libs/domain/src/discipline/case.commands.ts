import type { DomainCommand } from '../shared/decider.js';
import type { LocalDate } from '../shared/ids.js';
import type { DisciplinaryForm, DisciplineSubjectCategory } from './discipline-forms.policy.js';
import type {
  Allegation,
  AppealOutcome,
  CaseDismissalReason,
  CouncilVoteOption,
  EvidenceRef,
  StatementRole,
} from './case.events.js';

export type OpenCase = DomainCommand<
  'OpenCase',
  {
    readonly caseId: string;
    readonly subjectId: string;
    readonly subjectCategory: DisciplineSubjectCategory;
    readonly subjectIsLeader: boolean;
    readonly allegations: readonly Allegation[];
    readonly openedBy: string;
    /** Resolved by the handler against the event store: evidence references that do not exist. */
    readonly missingEvidence: readonly EvidenceRef[];
  }
>;

export type ConveneCouncil = DomainCommand<
  'ConveneCouncil',
  {
    readonly chair: string;
    readonly secretary: string;
    readonly members: readonly string[];
    readonly convenedBy: string;
  }
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
    readonly tally: readonly { readonly option: CouncilVoteOption; readonly votes: number }[];
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
  | ResolveAppeal;
