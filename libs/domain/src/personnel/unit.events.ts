import type { DomainEvent } from '../shared/decider.js';
import type { LocalDate } from '../shared/ids.js';

/**
 * Events of the `unit-<id>` stream. Plain readonly JSON: optional facts are `null`,
 * never absent, so the canonical form that the hash chain covers is stable.
 * Who did it lives in the event metadata (actor), not here.
 */

/** A unit of the administration came into existence (a department, office, commune...). */
export type UnitEstablished = DomainEvent<
  'UnitEstablished',
  {
    readonly unitId: string;
    readonly name: string;
    /** The unit it reports to; null for a top-level unit. */
    readonly parentUnitId: string | null;
    readonly establishedOn: LocalDate;
  }
>;

/** The unit got a new name; `previousName` keeps old documents readable without a replay. */
export type UnitRenamed = DomainEvent<
  'UnitRenamed',
  {
    readonly unitId: string;
    readonly name: string;
    readonly previousName: string;
    readonly effectiveOn: LocalDate;
  }
>;

/**
 * The unit was absorbed into another one (e.g. the 2-level local government reform).
 * Its open work is handed over in the same outcome, one `AssignmentHandedOff`
 * with reason `restructure` per assignment (see `planUnitMerge`).
 */
export type UnitMerged = DomainEvent<
  'UnitMerged',
  {
    readonly unitId: string;
    readonly intoUnitId: string;
    readonly mergedOn: LocalDate;
    /** Number or reference of the decision that ordered the merge. */
    readonly decisionRef: string;
  }
>;

/** Every event of a unit stream. */
export type UnitEvent = UnitEstablished | UnitRenamed | UnitMerged;
