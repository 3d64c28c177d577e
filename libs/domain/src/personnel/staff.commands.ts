import type { DomainCommand } from '../shared/decider.js';
import type { LocalDate } from '../shared/ids.js';
import type { UnitStanding } from './unit-standing.js';
import type { DepartureReason, LeadershipEndReason, LeadershipRole, LeaveKind, StaffCategory, StaffTransferReason } from './staff.events.js';

/** Registers a person; `staffId` is chosen by the caller, which makes a retry idempotent. */
export type RegisterStaff = DomainCommand<
  'RegisterStaff',
  {
    readonly staffId: string;
    readonly personnelCode: string;
    readonly fullName: string;
    readonly category: StaffCategory;
    readonly unitId: string;
    readonly jobPosition: string;
    readonly joinedOn: LocalDate;
    /** Standing of `unitId` from the unit's stream: a merged unit takes no new staff. */
    readonly unit: UnitStanding;
  }
>;

/** Moves a person to another unit; leadership posts in the old unit end with it. */
export type TransferStaff = DomainCommand<
  'TransferStaff',
  {
    readonly staffId: string;
    readonly toUnitId: string;
    /** Position after the move; keeps the current one when omitted. */
    readonly jobPosition?: string | null;
    readonly effectiveOn: LocalDate;
    readonly decisionRef?: string | null;
    /** Standing of `toUnitId` from the unit's stream: a merged unit takes no new staff. */
    readonly toUnit: UnitStanding;
    /** `restructure` when a unit merge moves its people; default `transfer`. */
    readonly reason?: StaffTransferReason;
  }
>;

export type AppointLeadership = DomainCommand<
  'AppointLeadership',
  {
    readonly staffId: string;
    readonly role: LeadershipRole;
    readonly unitId: string;
    readonly effectiveOn: LocalDate;
    readonly decisionRef?: string | null;
  }
>;

export type EndLeadership = DomainCommand<
  'EndLeadership',
  {
    readonly staffId: string;
    readonly role: LeadershipRole;
    readonly unitId: string;
    readonly effectiveOn: LocalDate;
    readonly reason: LeadershipEndReason;
  }
>;

export type RecordLeave = DomainCommand<
  'RecordLeave',
  {
    readonly staffId: string;
    readonly kind: LeaveKind;
    readonly from: LocalDate;
    readonly to: LocalDate;
    readonly note?: string | null;
  }
>;

/** Records that the person left; open leadership posts end with reason `left`. */
export type RecordDeparture = DomainCommand<
  'RecordDeparture',
  {
    readonly staffId: string;
    readonly leftOn: LocalDate;
    readonly reason: DepartureReason;
  }
>;

/** Every command the staff decider accepts. */
export type StaffCommand = RegisterStaff | TransferStaff | AppointLeadership | EndLeadership | RecordLeave | RecordDeparture;
