import type { DomainCommand } from '../shared/decider.js';
import type { LocalDate } from '../shared/ids.js';
import type { CatalogueOwnerKind, CatalogueProduct } from './catalogue.events.js';

/** `unitId` is the position's unit (read by the caller from the position stream) or the overlay's unit. */
export type PublishCatalogueVersion = DomainCommand<
  'PublishCatalogueVersion',
  {
    readonly ownerKind: CatalogueOwnerKind;
    readonly ownerId: string;
    readonly unitId: string;
    /** Whether the unit is in the record (read by the caller); false refuses. Undefined: not checked. */
    readonly unitKnown?: boolean;
    readonly effectiveFrom: LocalDate;
    readonly products: readonly CatalogueProduct[];
    readonly basis: string;
  }
>;

export type CatalogueCommand = PublishCatalogueVersion;
