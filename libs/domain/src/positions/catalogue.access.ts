import { deny, requireCapacity, type AccessPolicy } from '../shared/access.js';
import type { CatalogueCommand } from './catalogue.commands.js';
import type { CatalogueState } from './catalogue.decide.js';
import { POSITIONS_RULES as RULES } from './positions.errors.js';

/**
 * WHO MAY PUBLISH A CATALOGUE VERSION: hr with the owner's unit in scope (a province's
 * hr for a provincial overlay, a department's hr for its positions).
 */
export const catalogueAccess = {
  PublishCatalogueVersion: (who, _s, c) => (who.is('hr') && who.inScope(c.data.unitId) ? 'hr' : deny(RULES.outsideUnitScope, 'The unit is outside your unit scope')),
} satisfies AccessPolicy<CatalogueState, CatalogueCommand>;

export function catalogueCapacity(command: CatalogueCommand): 'hr' {
  return requireCapacity(command, ['hr'] as const);
}
