import type { DomainCommand } from '../shared/decider.js';
import type { LocalDate } from '../shared/ids.js';
import type { Competency, PositionCategory } from './position.events.js';

export type EstablishPosition = DomainCommand<
  'EstablishPosition',
  {
    readonly positionId: string;
    readonly unitId: string;
    /** Whether the unit is in the record (read by the caller); false refuses. Undefined: not checked. */
    readonly unitKnown?: boolean;
    readonly code: string;
    readonly title: string;
    readonly category: PositionCategory;
    readonly competencies: readonly Competency[];
    readonly taskGroup: string;
    readonly effectiveFrom: LocalDate;
    readonly effectiveTo: LocalDate | null;
  }
>;

/**
 * `mainPositionElsewhere`: the person's main position in force on `from` in another
 * position stream, read by the caller from the appointments read model (the position
 * aggregate does not load other streams); null when none.
 */
export type AppointStaff = DomainCommand<
  'AppointStaff',
  {
    readonly positionId: string;
    readonly staffId: string;
    readonly main: boolean;
    readonly from: LocalDate;
    readonly mainPositionElsewhere: string | null;
    /** The person's unit (read by the caller); hr must have it in scope too. Undefined: not checked (an unknown person is refused before). */
    readonly staffUnitId?: string | null;
  }
>;

export type EndAppointment = DomainCommand<'EndAppointment', { readonly positionId: string; readonly staffId: string; readonly to: LocalDate; readonly reason: string }>;

export type PositionCommand = EstablishPosition | AppointStaff | EndAppointment;
