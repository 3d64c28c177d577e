import type { RecordedEvent } from '#event-store';
import type { Principal } from '../auth/principal.js';

/**
 * Who sees which events on the feed (personal data follows the caller's scope):
 * - `integration`, `admin`, and `hr`/`inspector` with the `*` unit scope: every event;
 * - `hr`/`inspector` with unit subtrees: only events whose data carries a `unitId`
 *   inside those subtrees (an event without a unit, e.g. AssignmentAccepted, is not
 *   shown: it cannot be placed in a scope without a read-model lookup);
 * - anyone else is refused at the route (roles).
 */
export type FeedExposure = { readonly kind: 'all' } | { readonly kind: 'units'; readonly inScope: (unitId: string) => Promise<boolean> };

export function feedExposure(principal: Principal, canSeeUnit: (unitId: string) => Promise<boolean>): FeedExposure {
  const has = (r: string): boolean => principal.roles.some((x) => x === r);
  if (has('admin') || has('integration') || principal.units.includes('*')) return { kind: 'all' };
  // Memoised per connection, bounded: scope lookups are one query per new unit.
  const cache = new Map<string, boolean>();
  return {
    kind: 'units',
    inScope: async (unitId) => {
      const known = cache.get(unitId);
      if (known !== undefined) return known;
      const visible = await canSeeUnit(unitId);
      if (cache.size > 10_000) cache.clear();
      cache.set(unitId, visible);
      return visible;
    },
  };
}

export async function isVisible(exposure: FeedExposure, event: RecordedEvent): Promise<boolean> {
  if (exposure.kind === 'all') return true;
  const unitId = event.data['unitId'];
  return typeof unitId === 'string' && (await exposure.inScope(unitId));
}

/** Filters of `?types=` (prefixes of the event type or of the CloudEvent type) and `?categories=`. */
export interface FeedFilter {
  readonly typePrefixes: readonly string[];
  readonly categories: readonly string[];
}

export function parseList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
