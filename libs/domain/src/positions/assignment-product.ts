import { isBlank } from '../shared/checks.js';
import { ruleError, type FieldError } from '../shared/errors.js';
import type { Instant } from '../shared/ids.js';
import type { AssignmentProductNamed } from '../work/assignment.events.js';
import { MAX_COEFFICIENT } from './catalogue.decide.js';
import { POSITIONS_RULES as RULES } from './positions.errors.js';

/**
 * The largest quantity of one product on one assignment. Above it the number is a
 * typing error, not work (interpretation: a month of the busiest one-stop desk is a few
 * hundred dossiers; an assignment is one piece of that).
 */
export const MAX_PRODUCT_QUANTITY = 10_000;

/**
 * What an assignment produces, as the issuer names it: a product of the assignee's
 * catalogue (the code; the route resolves it in the catalogue in force) or ad-hoc
 * work with a coefficient the issuer sets and must justify.
 */
export interface AssignmentProductInput {
  readonly productCode: string | null;
  readonly quantity: number;
  /** Ad-hoc work only: converted units per product, set by the issuer. */
  readonly coefficient: number | null;
  /** Why this coefficient (required with an ad-hoc coefficient). */
  readonly reason: string | null;
  /** The assignee's main position on the issue date (read by the caller), null when none. */
  readonly positionId: string | null;
  /** The product as the catalogue in force has it (read by the caller); null when the code is in none. */
  readonly catalogued: { readonly catalogueId: string; readonly version: number; readonly name: string; readonly unitOfMeasure: string; readonly coefficient: number } | null;
}

/** Checks the product of an issue request and answers the event to record with it (or none). Throws before anything is written. */
export function productNamed(assignmentId: string, p: AssignmentProductInput | null | undefined, actor: string, now: Instant): AssignmentProductNamed[] {
  if (!p) return [];
  const errors: FieldError[] = [];
  if (!(typeof p.quantity === 'number' && Number.isFinite(p.quantity) && p.quantity > 0 && p.quantity <= MAX_PRODUCT_QUANTITY)) {
    throw ruleError(RULES.badQuantity, `The quantity must be a positive number up to ${MAX_PRODUCT_QUANTITY}`, [{ field: 'product.quantity', message: `must be > 0 and <= ${MAX_PRODUCT_QUANTITY}` }]);
  }
  if (p.productCode === null || isBlank(p.productCode)) {
    if (p.coefficient === null || !(Number.isFinite(p.coefficient) && p.coefficient > 0 && p.coefficient <= MAX_COEFFICIENT)) {
      errors.push({ field: 'product.coefficient', message: `ad-hoc work needs a coefficient > 0 and <= ${MAX_COEFFICIENT}` });
    }
    if (errors.length) throw ruleError(RULES.catalogueInvalid, 'Ad-hoc work needs a coefficient', errors);
    if (isBlank(p.reason)) {
      throw ruleError(RULES.coefficientWithoutReason, 'A coefficient set by the issuer is recorded with its reason', [{ field: 'product.reason', message: 'is required with an ad-hoc coefficient' }]);
    }
    return [
      {
        type: 'AssignmentProductNamed',
        data: {
          assignmentId, positionId: p.positionId, productCode: null, productName: null, unitOfMeasure: null, quantity: p.quantity, coefficient: p.coefficient!,
          catalogueId: null, catalogueVersion: null, adHocReason: p.reason!.trim(), namedBy: actor, namedAt: now,
        },
      },
    ];
  }
  if (p.coefficient !== null) {
    throw ruleError(RULES.catalogueInvalid, 'A catalogue product carries the catalogue\'s coefficient; set one only for ad-hoc work', [{ field: 'product.coefficient', message: 'only for ad-hoc work (no productCode)' }]);
  }
  if (p.positionId === null) {
    throw ruleError(RULES.noPosition, 'The assignee holds no main job position on this date, so no catalogue applies', [{ field: 'product.productCode', message: 'no catalogue for the assignee' }]);
  }
  if (!p.catalogued) {
    throw ruleError(RULES.unknownProduct, `No product ${p.productCode} in the catalogue in force for the assignee's position`, [{ field: 'product.productCode', message: 'is not in the catalogue in force' }]);
  }
  const c = p.catalogued;
  return [
    {
      type: 'AssignmentProductNamed',
      data: {
        assignmentId, positionId: p.positionId, productCode: p.productCode.trim(), productName: c.name, unitOfMeasure: c.unitOfMeasure, quantity: p.quantity,
        coefficient: c.coefficient, catalogueId: c.catalogueId, catalogueVersion: c.version, adHocReason: null, namedBy: actor, namedAt: now,
      },
    },
  ];
}
