import type { DomainEvent } from '../shared/decider.js';
import type { Instant, LocalDate } from '../shared/ids.js';
import type { AssignmentKind } from '../work/assignment.events.js';

/**
 * A standard product of a job position (sản phẩm/công việc): what one unit of work is,
 * what it is worth in converted units (hệ số quy đổi: standard hours or points per
 * product), what quality it must meet and how long it should take.
 */
export interface CatalogueProduct {
  readonly code: string;
  readonly name: string;
  /** Unit of measure: "hồ sơ", "báo cáo", "văn bản"... */
  readonly unitOfMeasure: string;
  /** Converted units per product (Decree 335/2025 art. 14 "đã quy đổi"). */
  readonly coefficient: number;
  readonly qualityCriterion: string;
  /** Standard processing time in working days. */
  readonly standardDays: number;
  /**
   * The assignment kind (dossier, document, task) this product is the default for: an
   * assignment of that kind issued without a product names it, quantity 1. At most one
   * product per kind in a version; null (or absent in a request) for none.
   */
  readonly defaultFor?: AssignmentKind | null;
}

/** Who owns a catalogue: a job position, or a unit whose local products overlay every position in its subtree. */
export type CatalogueOwnerKind = 'position' | 'unit';

/**
 * A version of a catalogue, in force from `effectiveFrom` until the next version's
 * date. Versions are only appended: a past period is always scored with the version
 * that was in force then.
 */
export type CatalogueVersionPublished = DomainEvent<
  'CatalogueVersionPublished',
  {
    readonly catalogueId: string;
    readonly ownerKind: CatalogueOwnerKind;
    readonly ownerId: string;
    /** The position's unit, or the overlay's unit (scope checks). */
    readonly unitId: string;
    readonly version: number;
    readonly effectiveFrom: LocalDate;
    readonly products: readonly CatalogueProduct[];
    /** The decision or norm document the catalogue comes from. */
    readonly basis: string;
    readonly publishedBy: string;
    readonly publishedAt: Instant;
  }
>;

export type CatalogueEvent = CatalogueVersionPublished;
