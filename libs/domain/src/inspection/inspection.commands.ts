import type { DomainCommand } from '../shared/decider.js';
import type { LocalDate } from '../shared/ids.js';
import type { EventRef, FindingFacts, InspectionKind, PresenceStatus } from './inspection.events.js';

export type PlanInspection = DomainCommand<
  'PlanInspection',
  {
    readonly inspectionId: string;
    readonly kind: InspectionKind;
    readonly decisionNo: string;
    readonly scopeUnitIds: readonly string[];
    readonly team: readonly string[];
    readonly leadInspector: string;
    readonly subject: string;
    readonly plannedStart: LocalDate;
  }
>;

export type StartInspection = DomainCommand<'StartInspection', { readonly announcedAt?: string }>;

export type RecordInspectionVisit = DomainCommand<
  'RecordInspectionVisit',
  { readonly visitId: string; readonly unitId: string; readonly notes: string; readonly unitLine: readonly string[] }
>;

export type RecordPresenceCheck = DomainCommand<
  'RecordPresenceCheck',
  {
    readonly visitId: string;
    readonly checks: readonly { readonly staffId: string; readonly status: PresenceStatus; readonly note?: string }[];
    /** Resolved by the route from the directory: each checked person's unit and its ancestors (empty when unknown). */
    readonly unitLines: Readonly<Record<string, readonly string[]>>;
  }
>;

export type ConcludeInspection = DomainCommand<
  'ConcludeInspection',
  { readonly conclusionNo: string; readonly concludedOn: LocalDate; readonly signer: string; readonly summary: string }
>;

/** Facts about the record the decider cannot look up itself (no I/O): resolved by the route. */
export interface FindingChecks {
  /** Evidence references naming no recorded event. */
  readonly missingEvidence: readonly EventRef[];
  /** Unit lines (unit + ancestors) of the evidence whose unit is known (assignments, consultations, staff records, units, disciplinary cases). */
  readonly evidenceUnitLines: readonly { readonly ref: EventRef; readonly unitLine: readonly string[] }[];
  /** The subject's unit and its ancestors: the person's (or the unit's own) line; empty when unknown. */
  readonly subjectUnitLine: readonly string[];
  /** For objective_cause: the failure is on the record for that person (a delay charged to them, a final review below). */
  readonly failureOnRecord?: boolean;
  /** For objective_cause: the assignment's unit line (empty when the assignment is unknown). */
  readonly assignmentUnitLine?: readonly string[];
}

export type RecordFinding = DomainCommand<'RecordFinding', FindingFacts & { readonly findingId: string; readonly checks: FindingChecks }>;

export type ContestFinding = DomainCommand<'ContestFinding', { readonly findingId: string; readonly grounds: string }>;

export type ReviseFinding = DomainCommand<
  'ReviseFinding',
  {
    readonly findingId: string;
    readonly outcome: 'upheld' | 'amended' | 'withdrawn';
    readonly reason: string;
    readonly description?: string;
    readonly addedEvidence?: readonly EventRef[];
    readonly missingEvidence?: readonly EventRef[];
    /** Unit lines of the added evidence whose unit is known (as `FindingChecks.evidenceUnitLines`). */
    readonly addedEvidenceUnitLines?: readonly { readonly ref: EventRef; readonly unitLine: readonly string[] }[];
  }
>;

/** Every command the inspection decider accepts. */
export type InspectionCommand =
  | PlanInspection
  | StartInspection
  | RecordInspectionVisit
  | RecordPresenceCheck
  | ConcludeInspection
  | RecordFinding
  | ContestFinding
  | ReviseFinding;
