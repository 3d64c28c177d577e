import type { DomainEvent } from '../shared/decider.js';
import type { Instant, LocalDate } from '../shared/ids.js';

/** A reference to a recorded event: the stream and the revision in it. */
export interface EventRef {
  readonly streamId: string;
  readonly revision: number;
}

/** Scheduled (announced in the annual plan) or surprise (đột xuất: announced when it starts). */
export type InspectionKind = 'scheduled' | 'surprise';

/** What a finding establishes (issue 15 item 2). */
export type FindingKind =
  | 'avoidance_confirmed'
  | 'objective_cause'
  | 'degradation_concluded'
  | 'corruption_or_waste_handled'
  | 'violation_to_discipline';

/** Forms of avoidance a finding can confirm (the provincial directives' wording). */
export type AvoidanceBehaviour = 'pushing_work' | 'delaying' | 'consulting_within_authority' | 'consulting_unrelated_party' | 'other';

/** The facts of one finding: about a person, a unit or a piece of work, with the events that show it. */
export interface FindingFacts {
  readonly kind: FindingKind;
  /** The person the finding is about (every kind but corruption_or_waste_handled). */
  readonly staffId?: string;
  /** The unit handled for corruption or waste (corruption_or_waste_handled). */
  readonly unitId?: string;
  /** The work whose delay or quality failure had an objective cause (objective_cause). */
  readonly assignmentId?: string;
  /** Which failure the objective cause excuses (objective_cause). */
  readonly failure?: 'delay' | 'quality';
  /** The leaders in direct charge of the unit at the time (corruption_or_waste_handled). */
  readonly leadersInDirectCharge?: readonly string[];
  /** What was avoided and how (avoidance_confirmed). */
  readonly behaviours?: readonly AvoidanceBehaviour[];
  /** The competent body that concluded (degradation_concluded), e.g. a Party inspection committee. */
  readonly competentBody?: string;
  readonly description: string;
  readonly evidence: readonly EventRef[];
}

export type InspectionPlanned = DomainEvent<
  'InspectionPlanned',
  {
    readonly inspectionId: string;
    readonly kind: InspectionKind;
    /** Number of the decision ordering the inspection. */
    readonly decisionNo: string;
    readonly scopeUnitIds: readonly string[];
    /** Inspectors on the team (the lead included). */
    readonly team: readonly string[];
    readonly leadInspector: string;
    readonly subject: string;
    /** Planned start date (a scheduled inspection is visible to the inspected units from the plan). */
    readonly plannedStart: LocalDate;
    readonly plannedBy: string;
    readonly plannedAt: Instant;
  }
>;

export type InspectionStarted = DomainEvent<
  'InspectionStarted',
  {
    /** When the inspected units were told; for a surprise inspection it may be the start itself. */
    readonly announcedAt: Instant;
    readonly startedBy: string;
    readonly startedAt: Instant;
  }
>;

export type InspectionVisitRecorded = DomainEvent<
  'InspectionVisitRecorded',
  { readonly visitId: string; readonly unitId: string; readonly visitedAt: Instant; readonly notes: string; readonly recordedBy: string }
>;

/** Presence of one person at one visit (working hours and discipline of the public service). */
export type PresenceStatus = 'present' | 'absent_excused' | 'absent_unexcused' | 'late_arrival' | 'left_early';

export type PresenceChecked = DomainEvent<
  'PresenceChecked',
  {
    readonly visitId: string;
    readonly checks: readonly { readonly staffId: string; readonly status: PresenceStatus; readonly note?: string }[];
    readonly checkedBy: string;
    readonly checkedAt: Instant;
  }
>;

export type InspectionConcluded = DomainEvent<
  'InspectionConcluded',
  {
    readonly conclusionNo: string;
    readonly concludedOn: LocalDate;
    readonly signer: string;
    readonly summary: string;
    readonly concludedBy: string;
    readonly concludedAt: Instant;
  }
>;

export type FindingRecorded = DomainEvent<
  'FindingRecorded',
  {
    readonly inspectionId: string;
    readonly findingId: string;
    readonly kind: FindingKind;
    readonly staffId?: string;
    readonly unitId?: string;
    readonly assignmentId?: string;
    readonly failure?: 'delay' | 'quality';
    readonly leadersInDirectCharge?: readonly string[];
    readonly behaviours?: readonly AvoidanceBehaviour[];
    readonly competentBody?: string;
    readonly description: string;
    readonly evidence: readonly EventRef[];
    /** The conclusion the finding is attached to. */
    readonly conclusionNo: string;
    readonly concludedOn: LocalDate;
    readonly recordedBy: string;
    readonly recordedAt: Instant;
  }
>;

export type FindingContested = DomainEvent<
  'FindingContested',
  { readonly findingId: string; readonly grounds: string; readonly contestedBy: string; readonly contestedAt: Instant }
>;

/**
 * The inspection's answer to a contest, or its own correction. It repeats who and what
 * the finding is about (kind ... leadersInDirectCharge), so every projection can undo its
 * effect from this event alone.
 */
export type FindingRevised = DomainEvent<
  'FindingRevised',
  {
    readonly findingId: string;
    readonly outcome: 'upheld' | 'amended' | 'withdrawn';
    readonly reason: string;
    readonly kind: FindingKind;
    readonly staffId?: string;
    readonly unitId?: string;
    readonly assignmentId?: string;
    readonly failure?: 'delay' | 'quality';
    readonly leadersInDirectCharge?: readonly string[];
    /** New wording (amended). */
    readonly description?: string;
    /** Evidence added (amended). */
    readonly addedEvidence?: readonly EventRef[];
    readonly revisedBy: string;
    readonly revisedAt: Instant;
  }
>;

/** Every event of an `inspection-<id>` stream. */
export type InspectionEvent =
  | InspectionPlanned
  | InspectionStarted
  | InspectionVisitRecorded
  | PresenceChecked
  | InspectionConcluded
  | FindingRecorded
  | FindingContested
  | FindingRevised;

/** Event types of the inspection stream (projections filter on them). */
export const INSPECTION_EVENT_TYPES: ReadonlySet<InspectionEvent['type']> = new Set([
  'InspectionPlanned', 'InspectionStarted', 'InspectionVisitRecorded', 'PresenceChecked', 'InspectionConcluded',
  'FindingRecorded', 'FindingContested', 'FindingRevised',
]);
