import type { DomainEvent } from '../shared/decider.js';
import type { Instant } from '../shared/ids.js';

/**
 * Events of the `assignment-<id>` stream. Plain readonly JSON: optional facts are
 * `null`, never absent, so the canonical form that the hash chain covers is stable.
 * Each event names the people involved and its instant, so the trail ("who was
 * responsible at each step, and at time T") reads from event data alone.
 */

/** What kind of work: a task, an administrative-procedure dossier, an incoming document. */
export type AssignmentKind = 'task' | 'dossier' | 'document';
/** Every assignment kind. */
export const ASSIGNMENT_KINDS: readonly AssignmentKind[] = ['task', 'dossier', 'document'];

/**
 * Why work changed hands. `restructure` is written by a unit merge; `returned_to_sender`
 * goes back to whoever put the work in the holder's hands.
 */
export type HandoffReason = 'reassignment' | 'escalation' | 'outside_authority' | 'restructure' | 'leave' | 'returned_to_sender';
/** Every handoff reason. */
export const HANDOFF_REASONS: readonly HandoffReason[] = [
  'reassignment',
  'escalation',
  'outside_authority',
  'restructure',
  'leave',
  'returned_to_sender',
];

/** Outcome of the review of completed work; feeds the quality indicator of classification. */
export type CompletionQuality = 'exceeded' | 'met' | 'below';
/** Every completion quality. */
export const COMPLETION_QUALITIES: readonly CompletionQuality[] = ['exceeded', 'met', 'below'];

/** Work given to a person with the "6 clear": person, work, result, authority, deadline, responsibility. */
export type AssignmentIssued = DomainEvent<
  'AssignmentIssued',
  {
    readonly assignmentId: string;
    readonly kind: AssignmentKind;
    /** Unit the work belongs to, where known; null otherwise. */
    readonly unitId: string | null;
    /** Clear person. */
    readonly assignee: string;
    /** Clear work. */
    readonly title: string;
    readonly description: string;
    /** Clear result. */
    readonly deliverable: string;
    readonly successCriteria: string;
    /** Clear authority. */
    readonly assignedBy: string;
    readonly authorityBasis: string;
    /** Clear deadline. */
    readonly dueAt: Instant;
    /** Clear responsibility; the assignee unless another person was named. */
    readonly responsible: string;
    readonly issuedAt: Instant;
  }
>;

/** The holder took the work on. */
export type AssignmentAccepted = DomainEvent<
  'AssignmentAccepted',
  {
    readonly assignmentId: string;
    readonly acceptedBy: string;
    readonly acceptedAt: Instant;
  }
>;

/**
 * The holder refused the work; it goes back to whoever put it in their hands
 * (`returnedTo`), who must route it again or cancel it.
 */
export type AssignmentDeclined = DomainEvent<
  'AssignmentDeclined',
  {
    readonly assignmentId: string;
    readonly declinedBy: string;
    readonly reason: string;
    readonly returnedTo: string;
    /** Responsible person after the decline. */
    readonly responsible: string;
    readonly declinedAt: Instant;
  }
>;

/** The work moved from one holder to another. */
export type AssignmentHandedOff = DomainEvent<
  'AssignmentHandedOff',
  {
    readonly assignmentId: string;
    readonly from: string;
    readonly to: string;
    readonly reason: HandoffReason;
    readonly justification: string;
    /** Who made the handoff: the holder, a head, or HR for a restructure. */
    readonly by: string;
    /** Responsible person after the handoff. */
    readonly responsible: string;
    /** Unit the work belongs to from now on; null when unchanged. */
    readonly toUnitId: string | null;
    /** True when `to` held this work before: the ping-pong avoidance signal (evidence, not a verdict). */
    readonly pingPong: boolean;
    readonly handedOffAt: Instant;
  }
>;

export type ProgressReported = DomainEvent<
  'ProgressReported',
  {
    readonly assignmentId: string;
    readonly reportedBy: string;
    /** 0..100, or null when the holder reports in words only. */
    readonly percentComplete: number | null;
    readonly note: string;
    readonly reportedAt: Instant;
  }
>;

/** The deadline moved later with the approval of someone other than the holder. */
export type DeadlineExtended = DomainEvent<
  'DeadlineExtended',
  {
    readonly assignmentId: string;
    readonly previousDueAt: Instant;
    readonly newDueAt: Instant;
    readonly approvedBy: string;
    readonly requestedBy: string;
    readonly reason: string;
    readonly extendedAt: Instant;
  }
>;

/** The holder delivered; `late` is measured against the due date in force at that moment. */
export type AssignmentCompleted = DomainEvent<
  'AssignmentCompleted',
  {
    readonly assignmentId: string;
    readonly deliverableRef: string;
    readonly completedBy: string;
    readonly completedAt: Instant;
    /** The due date `late` was measured against. */
    readonly dueAt: Instant;
    readonly late: boolean;
  }
>;

/** Someone other than the person who did the work judged the result; closes the assignment. */
export type CompletionReviewed = DomainEvent<
  'CompletionReviewed',
  {
    readonly assignmentId: string;
    readonly quality: CompletionQuality;
    readonly reviewedBy: string;
    readonly comment: string | null;
    readonly reviewedAt: Instant;
  }
>;

export type AssignmentCancelled = DomainEvent<
  'AssignmentCancelled',
  {
    readonly assignmentId: string;
    readonly reason: string;
    readonly cancelledBy: string;
    readonly cancelledAt: Instant;
  }
>;

/** The applicant was asked to supplement the dossier; repeated returns are an avoidance signal. */
export type DossierReturnedToApplicant = DomainEvent<
  'DossierReturnedToApplicant',
  {
    readonly assignmentId: string;
    readonly reason: string;
    readonly returnedBy: string;
    readonly returnedAt: Instant;
  }
>;

/** A late dossier came with an apology to the applicant and a new date, which becomes the due date. */
export type ApologyIssued = DomainEvent<
  'ApologyIssued',
  {
    readonly assignmentId: string;
    readonly previousDueAt: Instant;
    readonly newDueAt: Instant;
    readonly issuedBy: string;
    readonly issuedAt: Instant;
  }
>;

/**
 * The product and quantity an assignment delivers (issue 14), recorded with the issue in
 * the same decision: a catalogue product with the catalogue's coefficient at issue, or
 * ad-hoc work with the issuer's coefficient and reason.
 */
export type AssignmentProductNamed = DomainEvent<
  'AssignmentProductNamed',
  {
    readonly assignmentId: string;
    readonly positionId: string | null;
    readonly productCode: string | null;
    readonly productName: string | null;
    readonly unitOfMeasure: string | null;
    readonly quantity: number;
    /** The coefficient at issue: the catalogue's then (scoring re-reads the catalogue in force for the period) or the issuer's. */
    readonly coefficient: number;
    readonly catalogueId: string | null;
    readonly catalogueVersion: number | null;
    /** Ad-hoc work: why the issuer chose this coefficient; null for a catalogue product. */
    readonly adHocReason: string | null;
    readonly namedBy: string;
    readonly namedAt: Instant;
  }
>;

/** Every event of an assignment stream. */
export type AssignmentEvent =
  | AssignmentIssued
  | AssignmentAccepted
  | AssignmentDeclined
  | AssignmentHandedOff
  | ProgressReported
  | DeadlineExtended
  | AssignmentCompleted
  | CompletionReviewed
  | AssignmentCancelled
  | DossierReturnedToApplicant
  | ApologyIssued
  | AssignmentProductNamed;
