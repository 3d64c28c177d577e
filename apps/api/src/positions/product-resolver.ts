import { catalogueInForce, defaultProductFor, type AssignmentProductInput } from '#domain';
import type { PositionQueries } from '#read-models';
import type { AssignmentProductRequest } from './positions.dto.js';

/**
 * The facts an issue request's product needs, read for the decider (which checks them):
 * the assignee's main position on the issue date and the product as the catalogue in
 * force then has it (with the units' overlays). Without a product, the catalogue's
 * default for the assignment kind (a dossier defaults to the position's dossier
 * product), quantity 1; undefined when there is none.
 */
export async function resolveProduct(
  positions: PositionQueries,
  assignee: string | undefined,
  issuedOn: string,
  product: AssignmentProductRequest | undefined,
  kind: string,
): Promise<AssignmentProductInput | undefined> {
  if (!product) {
    const main = assignee ? await positions.mainPositionOf(assignee.trim(), issuedOn) : null;
    if (!main) return undefined;
    const { own, overlaysRootFirst } = await positions.cataloguesFor(main.positionId);
    const d = defaultProductFor(catalogueInForce(own ?? undefined, overlaysRootFirst, issuedOn).values(), kind);
    if (!d) return undefined;
    return {
      productCode: d.code, quantity: 1, coefficient: null, reason: null, positionId: main.positionId,
      catalogued: { catalogueId: d.catalogueId, version: d.version, name: d.name, unitOfMeasure: d.unitOfMeasure, coefficient: d.coefficient },
    };
  }
  const main = assignee ? await positions.mainPositionOf(assignee.trim(), issuedOn) : null;
  let catalogued: AssignmentProductInput['catalogued'] = null;
  if (main && product.productCode) {
    const { own, overlaysRootFirst } = await positions.cataloguesFor(main.positionId);
    const p = catalogueInForce(own ?? undefined, overlaysRootFirst, issuedOn).get(product.productCode.trim());
    if (p) catalogued = { catalogueId: p.catalogueId, version: p.version, name: p.name, unitOfMeasure: p.unitOfMeasure, coefficient: p.coefficient };
  }
  return {
    productCode: product.productCode ?? null,
    quantity: product.quantity,
    coefficient: product.coefficient ?? null,
    reason: product.reason ?? null,
    positionId: main?.positionId ?? null,
    catalogued,
  };
}
