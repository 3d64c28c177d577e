import { isBlank } from '../shared/checks.js';
import { assertNever, type Decider } from '../shared/decider.js';
import { ruleError, type FieldError } from '../shared/errors.js';
import type { LocalDate } from '../shared/ids.js';
import { isRepresentableDate, withTimeBounds } from '../shared/time-bounds.js';
import { catalogueCapacity } from './catalogue.access.js';
import type { CatalogueCommand } from './catalogue.commands.js';
import type { CatalogueEvent, CatalogueOwnerKind, CatalogueProduct } from './catalogue.events.js';
import { POSITIONS_RULES as RULES } from './positions.errors.js';
import { ASSIGNMENT_KINDS } from '../work/assignment.events.js';

/**
 * Bounds that make a number absurd rather than a norm: no standard product is worth
 * more than 1,000 converted units or takes more than a year. Interpretation (ledger
 * guard against typing errors), not law.
 */
export const MAX_COEFFICIENT = 1000;
export const MAX_STANDARD_DAYS = 365;
export const MAX_PRODUCTS = 500;

/** The catalogue id of an owner: the position id, or `unit.<unitId>` for a unit's overlay. */
export function catalogueId(kind: CatalogueOwnerKind, ownerId: string): string {
  return kind === 'position' ? ownerId : `unit.${ownerId}`;
}

/** Stream of one catalogue: `catalogue-<positionId>` or `catalogue-unit.<unitId>`. */
export function catalogueStream(kind: CatalogueOwnerKind, ownerId: string): string {
  return `catalogue-${catalogueId(kind, ownerId)}`;
}

export interface CatalogueVersion {
  readonly version: number;
  readonly effectiveFrom: LocalDate;
  readonly products: readonly CatalogueProduct[];
  readonly basis: string;
}

export type CatalogueState =
  | { readonly status: 'none' }
  | { readonly status: 'published'; readonly ownerKind: CatalogueOwnerKind; readonly ownerId: string; readonly unitId: string; readonly versions: readonly CatalogueVersion[] };

export function initialCatalogueState(): CatalogueState {
  return { status: 'none' };
}

export function evolveCatalogue(state: CatalogueState, event: CatalogueEvent): CatalogueState {
  switch (event.type) {
    case 'CatalogueVersionPublished': {
      const d = event.data;
      const v: CatalogueVersion = { version: d.version, effectiveFrom: d.effectiveFrom, products: d.products, basis: d.basis };
      return state.status === 'none'
        ? { status: 'published', ownerKind: d.ownerKind, ownerId: d.ownerId, unitId: d.unitId, versions: [v] }
        : { ...state, versions: [...state.versions, v] };
    }
    default:
      return state;
  }
}

export function decideCatalogue(command: CatalogueCommand, state: CatalogueState): CatalogueEvent[] {
  catalogueCapacity(command); // who may act: catalogue.access.ts
  switch (command.type) {
    case 'PublishCatalogueVersion': {
      const d = command.data;
      validate(d);
      if (d.unitKnown === false) throw ruleError(RULES.unknownUnit, `No unit ${d.unitId} in the record`, [{ field: 'unitId', message: 'is not a unit of the record' }]);
      const last = state.status === 'none' ? undefined : state.versions.at(-1);
      if (last && d.effectiveFrom <= last.effectiveFrom) {
        throw ruleError(RULES.catalogueVersionNotLater, `A new version must take effect after ${last.effectiveFrom} (version ${last.version}); the past keeps the catalogue in force then`, [
          { field: 'effectiveFrom', message: `must be after ${last.effectiveFrom}` },
        ]);
      }
      return [
        {
          type: 'CatalogueVersionPublished',
          data: {
            catalogueId: catalogueId(d.ownerKind, d.ownerId), ownerKind: d.ownerKind, ownerId: d.ownerId, unitId: d.unitId,
            version: (last?.version ?? 0) + 1, effectiveFrom: d.effectiveFrom,
            products: d.products.map((p) => ({
              ...p, code: p.code.trim(), name: p.name.trim(), unitOfMeasure: p.unitOfMeasure.trim(), qualityCriterion: p.qualityCriterion.trim(), defaultFor: p.defaultFor ?? null,
            })),
            basis: d.basis.trim(), publishedBy: command.actor, publishedAt: command.now,
          },
        },
      ];
    }
    default:
      return assertNever(command.type as never, 'catalogue command');
  }
}

function validate(d: CatalogueCommand['data']): void {
  const errors: FieldError[] = [];
  const err = (field: string, message: string) => errors.push({ field, message });
  if (d.ownerKind !== 'position' && d.ownerKind !== 'unit') err('ownerKind', 'position or unit');
  if (isBlank(d.ownerId)) err('ownerId', 'is required');
  if (!isRepresentableDate(d.effectiveFrom)) err('effectiveFrom', 'must be a date YYYY-MM-DD');
  if (isBlank(d.basis)) err('basis', 'is required (the decision or norm the catalogue comes from)');
  if (d.products.length === 0 || d.products.length > MAX_PRODUCTS) err('products', `1..${MAX_PRODUCTS} products`);
  const codes = new Set<string>();
  const defaults = new Set<string>();
  d.products.forEach((p, i) => {
    if (p.defaultFor !== undefined && p.defaultFor !== null) {
      if (!ASSIGNMENT_KINDS.includes(p.defaultFor)) err(`products[${i}].defaultFor`, `one of ${ASSIGNMENT_KINDS.join(', ')}`);
      else if (defaults.has(p.defaultFor)) err(`products[${i}].defaultFor`, `another product is already the default for ${p.defaultFor}`);
      defaults.add(p.defaultFor);
    }
    const at = `products[${i}]`;
    if (isBlank(p.code)) err(`${at}.code`, 'is required');
    else if (codes.has(p.code.trim())) err(`${at}.code`, 'appears twice');
    codes.add(p.code?.trim());
    if (isBlank(p.name)) err(`${at}.name`, 'is required');
    if (isBlank(p.unitOfMeasure)) err(`${at}.unitOfMeasure`, 'is required');
    if (isBlank(p.qualityCriterion)) err(`${at}.qualityCriterion`, 'is required');
    if (!(Number.isFinite(p.coefficient) && p.coefficient > 0 && p.coefficient <= MAX_COEFFICIENT)) err(`${at}.coefficient`, `must be > 0 and <= ${MAX_COEFFICIENT}`);
    if (!(Number.isFinite(p.standardDays) && p.standardDays > 0 && p.standardDays <= MAX_STANDARD_DAYS)) err(`${at}.standardDays`, `must be > 0 and <= ${MAX_STANDARD_DAYS}`);
  });
  if (errors.length) throw ruleError(RULES.catalogueInvalid, 'The catalogue version is not valid', errors);
}

/** The catalogue aggregate. */
export const catalogueDecider: Decider<CatalogueState, CatalogueCommand, CatalogueEvent> = withTimeBounds({
  initialState: initialCatalogueState,
  evolve: evolveCatalogue,
  decide: decideCatalogue,
});

/** The product a version names as the default for an assignment kind, if any. */
export function defaultProductFor(products: Iterable<ProductInForce>, kind: string): ProductInForce | undefined {
  for (const p of products) if (p.defaultFor === kind) return p;
  return undefined;
}

/** The version in force on `date` (the latest taking effect on or before it), if any. */
export function catalogueVersionInForce(versions: readonly CatalogueVersion[], date: LocalDate): CatalogueVersion | undefined {
  let found: CatalogueVersion | undefined;
  for (const v of versions) if (v.effectiveFrom <= date && (!found || v.effectiveFrom >= found.effectiveFrom)) found = v;
  return found;
}

/** A product as it is in force for a position on a date, with where it comes from. */
export interface ProductInForce extends CatalogueProduct {
  readonly catalogueId: string;
  readonly version: number;
  readonly origin: 'position' | 'overlay';
}

/**
 * The products in force for a position on a date: the position's own catalogue,
 * overlaid by the local products of its units from the root down (a unit nearer the
 * position wins on the same code; the position's own entry wins over every overlay,
 * as the classification overlays let a narrower scope decide).
 */
export function catalogueInForce(
  position: { readonly catalogueId: string; readonly versions: readonly CatalogueVersion[] } | undefined,
  overlaysRootFirst: ReadonlyArray<{ readonly catalogueId: string; readonly versions: readonly CatalogueVersion[] }>,
  date: LocalDate,
): Map<string, ProductInForce> {
  const out = new Map<string, ProductInForce>();
  for (const o of overlaysRootFirst) {
    const v = catalogueVersionInForce(o.versions, date);
    for (const p of v?.products ?? []) out.set(p.code, { ...p, catalogueId: o.catalogueId, version: v!.version, origin: 'overlay' });
  }
  const own = position ? catalogueVersionInForce(position.versions, date) : undefined;
  for (const p of own?.products ?? []) out.set(p.code, { ...p, catalogueId: position!.catalogueId, version: own!.version, origin: 'position' });
  return out;
}
