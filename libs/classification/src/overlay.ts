import { PolicyDefinitionError } from './errors.js';
import type { Ladder, Policy, PolicyOverlay, RatedLevel } from './policy.types.js';

/**
 * A policy with a jurisdiction's stricter local rules added: the overlay's conditions
 * are appended to the matching levels of one ladder, so a level now needs both the
 * national and the local conditions. Overlays only add conditions, so they can make a
 * level harder to reach, never easier. The result is a new policy with id
 * `<policy id>+<overlay id>` (recorded with every classification) and the same version.
 *
 * @throws PolicyDefinitionError when the overlay does not extend this policy or names
 *   a ladder or level the policy does not have.
 */
export function applyOverlay(policy: Policy, overlay: PolicyOverlay): Policy {
  const problems: string[] = [];
  const baseId = policy.id.split('+')[0] as string;
  if (!overlay.extends.includes(policy.id) && !overlay.extends.includes(baseId)) {
    problems.push(`overlay ${overlay.id} does not extend ${policy.id}`);
  }
  if (policy.overlays.includes(overlay.id)) problems.push(`overlay ${overlay.id} is already applied`);
  if (overlay.id.includes('+') || overlay.id.includes('/')) problems.push(`overlay id ${overlay.id} must not contain + or /`);
  const ladderId = overlay.ladderId ?? policy.ladders[0]?.id;
  const target = policy.ladders.find((l) => l.id === ladderId);
  if (!target) problems.push(`policy ${policy.id} has no ladder ${String(ladderId)}`);
  const extra = Object.entries(overlay.conditions) as [RatedLevel, Ladder['levels'][number]['conditions']][];
  for (const [level] of extra) {
    if (target && !target.levels.some((l) => l.level === level)) problems.push(`ladder ${target.id} has no level ${level}`);
  }
  if (problems.length > 0 || !target) throw new PolicyDefinitionError(policy.id, problems);

  const ladders = policy.ladders.map((ladder): Ladder => {
    if (ladder !== target) return ladder;
    return {
      ...ladder,
      levels: ladder.levels.map((l) => {
        const more = overlay.conditions[l.level];
        if (!more || more.length === 0) return l;
        // Prefixing with the overlay id keeps rule names unique and shows where a rule came from.
        return { ...l, conditions: [...l.conditions, ...more.map((c) => ({ ...c, id: `${overlay.id}/${c.id}` }))] };
      }),
    };
  });
  return {
    ...policy,
    id: `${policy.id}+${overlay.id}`,
    title: `${policy.title} + ${overlay.title}`,
    ladders,
    overlays: [...policy.overlays, overlay.id],
  };
}
