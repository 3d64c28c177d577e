import { ClassificationInputError } from './errors.js';
import type { Policy, StaffCategory } from './policy.types.js';

/**
 * The policy that governs `category` in assessment `year`: among those whose scope
 * covers both, the one that took effect last (so an open-ended policy such as Decree
 * 90/2020 for public employees gives way as soon as a newer one covers them).
 * Returns undefined when none covers them.
 *
 * @throws ClassificationInputError when two policies take effect in the same year for
 *   the same category: the configuration is ambiguous and no choice would be defensible.
 */
export function selectPolicy(
  policies: readonly Policy[],
  query: { readonly year: number; readonly category: StaffCategory },
): Policy | undefined {
  let best: Policy | undefined;
  let bestFrom = -Infinity;
  let tie: Policy | undefined;
  for (const policy of policies) {
    for (const s of policy.scope) {
      if (s.category !== query.category || query.year < s.fromYear) continue;
      if (s.toYear !== undefined && query.year > s.toYear) continue;
      if (s.fromYear > bestFrom) {
        best = policy;
        bestFrom = s.fromYear;
        tie = undefined;
      } else if (s.fromYear === bestFrom && policy !== best) {
        tie = policy;
      }
    }
  }
  if (best && tie) {
    throw new ClassificationInputError(
      'classification.ambiguous_policy',
      `Policies ${best.id} and ${tie.id} both take effect in ${bestFrom} for ${query.category}`,
      [{ field: 'policies', message: 'ambiguous' }],
    );
  }
  return best;
}
