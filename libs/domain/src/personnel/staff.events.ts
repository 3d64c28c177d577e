import type { DomainEvent } from '../shared/decider.js';
import type { LocalDate } from '../shared/ids.js';

/**
 * Events of the `staff-<id>` stream. Plain readonly JSON: optional facts are `null`,
 * never absent, so the canonical form that the hash chain covers is stable.
 * Who recorded the fact lives in the event metadata (actor).
 */

/** Legal category of a person; it decides which decrees apply (discipline forms, classification). */
export type StaffCategory = 'cadre' | 'civil_servant' | 'public_employee' | 'worker';
/** Every staff category, for validation and selects. */
export const STAFF_CATEGORIES: readonly StaffCategory[] = ['cadre', 'civil_servant', 'public_employee', 'worker'];

/** A leadership post: head or deputy head of a unit. */
export type LeadershipRole = 'head' | 'deputy';
/** Every leadership role. */
export const LEADERSHIP_ROLES: readonly LeadershipRole[] = ['head', 'deputy'];

/** Why a leadership post ended; `transferred` and `left` are written by the decider itself. */
export type LeadershipEndReason = 'term_ended' | 'relieved' | 'resigned' | 'disciplinary' | 'transferred' | 'left' | 'other';
/** Every leadership end reason. */
export const LEADERSHIP_END_REASONS: readonly LeadershipEndReason[] = [
  'term_ended',
  'relieved',
  'resigned',
  'disciplinary',
  'transferred',
  'left',
  'other',
];

/** Kind of absence; maternity matters to classification (worked under 6 months, maternity excepted). */
export type LeaveKind = 'maternity' | 'sick' | 'study' | 'unpaid' | 'other';
/** Every leave kind. */
export const LEAVE_KINDS: readonly LeaveKind[] = ['maternity', 'sick', 'study', 'unpaid', 'other'];

/** Why a person left the administration. */
export type DepartureReason = 'retired' | 'resigned' | 'dismissed' | 'transferred_out' | 'contract_ended' | 'deceased' | 'other';
/** Every departure reason. */
export const DEPARTURE_REASONS: readonly DepartureReason[] = [
  'retired',
  'resigned',
  'dismissed',
  'transferred_out',
  'contract_ended',
  'deceased',
  'other',
];

/** A person joined the administration in a unit. */
export type StaffRegistered = DomainEvent<
  'StaffRegistered',
  {
    readonly staffId: string;
    /** The HR personnel code, unique in the administration (uniqueness is checked by the read side). */
    readonly personnelCode: string;
    readonly fullName: string;
    readonly category: StaffCategory;
    readonly unitId: string;
    readonly jobPosition: string;
    readonly joinedOn: LocalDate;
  }
>;

/** The person moved to another unit; `jobPosition` is the one held after the move. */
export type StaffTransferred = DomainEvent<
  'StaffTransferred',
  {
    readonly staffId: string;
    readonly fromUnitId: string;
    readonly toUnitId: string;
    readonly jobPosition: string;
    readonly effectiveOn: LocalDate;
    readonly decisionRef: string | null;
    /** Why: an individual `transfer`, or a `restructure` (unit merge). Absent on events recorded before it existed: `transfer`. */
    readonly reason?: StaffTransferReason;
  }
>;

/** Why a person moved: an individual decision, or the merger of their unit. */
export type StaffTransferReason = 'transfer' | 'restructure';
export const STAFF_TRANSFER_REASONS: readonly StaffTransferReason[] = ['transfer', 'restructure'];

/** The person took a leadership post; the head is answerable for avoidance in the unit. */
export type LeadershipAppointed = DomainEvent<
  'LeadershipAppointed',
  {
    readonly staffId: string;
    readonly role: LeadershipRole;
    readonly unitId: string;
    readonly effectiveOn: LocalDate;
    readonly decisionRef: string | null;
  }
>;

export type LeadershipEnded = DomainEvent<
  'LeadershipEnded',
  {
    readonly staffId: string;
    readonly role: LeadershipRole;
    readonly unitId: string;
    readonly effectiveOn: LocalDate;
    readonly reason: LeadershipEndReason;
  }
>;

/** An absence, both days inclusive. */
export type LeaveRecorded = DomainEvent<
  'LeaveRecorded',
  {
    readonly staffId: string;
    readonly kind: LeaveKind;
    readonly from: LocalDate;
    readonly to: LocalDate;
    readonly note: string | null;
  }
>;

/** The person left the administration; the stream accepts nothing after this. */
export type StaffLeft = DomainEvent<
  'StaffLeft',
  {
    readonly staffId: string;
    readonly leftOn: LocalDate;
    readonly reason: DepartureReason;
  }
>;

/** Every event of a staff stream. */
export type StaffEvent =
  | StaffRegistered
  | StaffTransferred
  | LeadershipAppointed
  | LeadershipEnded
  | LeaveRecorded
  | StaffLeft;
