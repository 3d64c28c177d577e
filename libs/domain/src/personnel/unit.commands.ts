import type { DomainCommand } from '../shared/decider.js';
import type { LocalDate } from '../shared/ids.js';

/** Creates the unit; `unitId` is chosen by the caller, which makes a retry idempotent. */
export type EstablishUnit = DomainCommand<
  'EstablishUnit',
  {
    readonly unitId: string;
    readonly name: string;
    readonly parentUnitId?: string | null;
    readonly establishedOn: LocalDate;
  }
>;

export type RenameUnit = DomainCommand<
  'RenameUnit',
  {
    readonly unitId: string;
    readonly name: string;
    readonly effectiveOn: LocalDate;
  }
>;

/** Merges the unit into `intoUnitId`; run it through `planUnitMerge` so the open work moves too. */
export type MergeUnit = DomainCommand<
  'MergeUnit',
  {
    readonly unitId: string;
    readonly intoUnitId: string;
    readonly mergedOn: LocalDate;
    readonly decisionRef: string;
  }
>;

/** Every command the unit decider accepts. */
export type UnitCommand = EstablishUnit | RenameUnit | MergeUnit;
