import type { DomainEvent } from '../shared/decider.js';
import type { Instant, LocalDate } from '../shared/ids.js';

/** A named competency of the capacity framework (khung năng lực) and the level the position requires (1..5). */
export interface Competency {
  readonly name: string;
  readonly level: number;
}

/** A job position (vị trí việc làm) of a unit (`position-<id>`). */
export type PositionEstablished = DomainEvent<
  'PositionEstablished',
  {
    readonly positionId: string;
    readonly unitId: string;
    readonly code: string;
    readonly title: string;
    /** leadership | professional | support (nhóm vị trí lãnh đạo, chuyên môn, hỗ trợ). */
    readonly category: PositionCategory;
    readonly competencies: readonly Competency[];
    /** The group of similar tasks the quota is applied within (Decree 335/2025 art. 20(5)). */
    readonly taskGroup: string;
    readonly effectiveFrom: LocalDate;
    readonly effectiveTo: LocalDate | null;
    readonly establishedBy: string;
    readonly establishedAt: Instant;
  }
>;

/** A person is appointed to the position from a date; `main` marks their main position (one at a time). */
export type StaffAppointedToPosition = DomainEvent<
  'StaffAppointedToPosition',
  { readonly positionId: string; readonly staffId: string; readonly main: boolean; readonly from: LocalDate; readonly appointedBy: string; readonly appointedAt: Instant }
>;

/** The appointment ends on `to` (the last day held). */
export type StaffAppointmentEnded = DomainEvent<
  'StaffAppointmentEnded',
  { readonly positionId: string; readonly staffId: string; readonly to: LocalDate; readonly reason: string; readonly endedBy: string; readonly endedAt: Instant }
>;

export type PositionCategory = 'leadership' | 'professional' | 'support';
export const POSITION_CATEGORIES: readonly PositionCategory[] = ['leadership', 'professional', 'support'];

/** Every event of a `position-<id>` stream. */
export type PositionEvent = PositionEstablished | StaffAppointedToPosition | StaffAppointmentEnded;
