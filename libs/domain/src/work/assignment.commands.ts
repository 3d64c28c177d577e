import type { UnitStanding } from '../personnel/unit-standing.js';
import type { AssignmentProductInput } from '../positions/assignment-product.js';
import type { DomainCommand } from '../shared/decider.js';
import type { Instant } from '../shared/ids.js';
import type { AssignmentKind, CompletionQuality, HandoffReason } from './assignment.events.js';

/**
 * Gives work to a person. The "6 clear" fields are optional in the type on purpose:
 * the decider, not the type system, reports every missing one in a single error.
 */
export type IssueAssignment = DomainCommand<
  'IssueAssignment',
  {
    readonly assignmentId: string;
    readonly kind: AssignmentKind;
    readonly unitId?: string | null;
    readonly assignee?: string | null;
    readonly title?: string | null;
    readonly description?: string | null;
    readonly deliverable?: string | null;
    readonly successCriteria?: string | null;
    readonly assignedBy?: string | null;
    readonly authorityBasis?: string | null;
    readonly dueAt?: Instant | null;
    /** Defaults to the assignee. */
    readonly responsible?: string | null;
    /** Standing of `unitId` from the unit's stream (`none` without a unit): a merged unit takes no new work. */
    readonly unit: UnitStanding;
    /** What the work produces (catalogue product or ad-hoc coefficient), issue 14; omitted: counted as one item. */
    readonly product?: AssignmentProductInput | null;
  }
>;

/** The holder (the actor) takes the work on. */
export type AcceptAssignment = DomainCommand<'AcceptAssignment', { readonly assignmentId: string }>;

/** The holder (the actor) refuses the work, saying why. */
export type DeclineAssignment = DomainCommand<'DeclineAssignment', { readonly assignmentId: string; readonly reason: string }>;

/** Moves the work to another person; the actor is recorded as `by`. */
export type HandOffAssignment = DomainCommand<
  'HandOffAssignment',
  {
    readonly assignmentId: string;
    readonly to: string;
    readonly reason: HandoffReason;
    readonly justification: string;
    /**
     * Responsible person after the handoff. When omitted, responsibility follows the
     * work if the holder was the responsible person, and stays put otherwise.
     */
    readonly responsible?: string | null;
    /** Unit the work belongs to from now on, when that changes (a restructure). */
    readonly toUnitId?: string | null;
  }
>;

export type ReportProgress = DomainCommand<
  'ReportProgress',
  {
    readonly assignmentId: string;
    readonly note: string;
    readonly percentComplete?: number | null;
  }
>;

/** Moves the due date later; `approvedBy` must be someone other than the holder. */
export type ExtendDeadline = DomainCommand<
  'ExtendDeadline',
  {
    readonly assignmentId: string;
    readonly newDueAt: Instant;
    readonly approvedBy?: string | null;
    readonly reason: string;
  }
>;

/** The holder (the actor) delivers; completion time and lateness come from `now`. */
export type CompleteAssignment = DomainCommand<
  'CompleteAssignment',
  { readonly assignmentId: string; readonly deliverableRef: string }
>;

export type ReviewCompletion = DomainCommand<
  'ReviewCompletion',
  {
    readonly assignmentId: string;
    readonly quality: CompletionQuality;
    readonly comment?: string | null;
  }
>;

export type CancelAssignment = DomainCommand<'CancelAssignment', { readonly assignmentId: string; readonly reason: string }>;

/** Dossiers only: asks the applicant to supplement the dossier. */
export type ReturnDossierToApplicant = DomainCommand<
  'ReturnDossierToApplicant',
  { readonly assignmentId: string; readonly reason: string }
>;

/** Dossiers only, once late: apologises to the applicant and sets the new date. */
export type IssueApology = DomainCommand<'IssueApology', { readonly assignmentId: string; readonly newDueAt: Instant }>;

/** Every command the assignment decider accepts. */
export type AssignmentCommand =
  | IssueAssignment
  | AcceptAssignment
  | DeclineAssignment
  | HandOffAssignment
  | ReportProgress
  | ExtendDeadline
  | CompleteAssignment
  | ReviewCompletion
  | CancelAssignment
  | ReturnDossierToApplicant
  | IssueApology;
