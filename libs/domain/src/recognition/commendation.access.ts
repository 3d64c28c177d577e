import { deny, requireCapacity, unitRef, type AccessPolicy, type Actor } from '../shared/access.js';
import type { CommendationCommand } from './commendation.commands.js';
import type { CommendationState } from './commendation.decide.js';
import type { CommendationRecipient } from './commendation.events.js';
import { COMMENDATION_RULES as RULES } from './commendation.errors.js';

/**
 * WHO MAY GRANT OR REVOKE A COMMENDATION: hr or importer whose unit scope holds the
 * recipient's unit (a person's current unit in the staff directory, or the unit
 * itself). A commendation outside the scope answers `commendation.not_found`, as for
 * an id never used, naming nobody.
 */
export type CommendationCapacity = 'hr';

function recipientUnit(who: Actor, r: CommendationRecipient): string | null {
  return who.unitOf(r.kind === 'unit' ? unitRef(r.id) : r.id);
}

/** Who may issue each commendation command, and as what. */
export const commendationAccess = {
  /** Whom the rules ask the directory about: the recipient (a person's unit, or whether the unit exists). */
  people: (s, c) => {
    const r = c.type === 'GrantCommendation' ? c.data.recipient : s.status === 'none' ? undefined : s.grant.recipient;
    return r === undefined ? [] : [r.kind === 'unit' ? unitRef(r.id) : r.id];
  },
  GrantCommendation: (who, _s, c) => {
    const unit = recipientUnit(who, c.data.recipient);
    if (unit === null) return deny(RULES.unknownRecipient, `No registered ${c.data.recipient.kind} with that id`);
    return who.is('hr', 'importer') && who.inScope(unit) ? 'hr' : deny(RULES.outsideUnitScope, "The recipient's unit is outside your unit scope");
  },
  RevokeCommendation: (who, s) => {
    if (s.status === 'none') return deny(RULES.hidden, 'No such commendation in your scope');
    const unit = recipientUnit(who, s.grant.recipient);
    return who.is('hr', 'importer') && unit !== null && who.inScope(unit) ? 'hr' : deny(RULES.hidden, 'No such commendation in your scope');
  },
} satisfies AccessPolicy<CommendationState, CommendationCommand>;

/** Decider side: commendations are granted and revoked only in the hr capacity (the reaction to a discipline decision included). */
export function commendationCapacity(command: CommendationCommand): CommendationCapacity {
  return requireCapacity(command, ['hr'] as const);
}

/**
 * The reaction to a disciplinary decision (revoking the commendations of the covered
 * period) acts on the decision's authority, whoever recorded it: the decision itself
 * is the legal basis, so it revokes in the hr capacity without the caller's scope.
 */
export const commendationRevocationByDecision = {
  GrantCommendation: () => deny(RULES.outsideUnitScope, 'A disciplinary decision does not grant commendations'),
  RevokeCommendation: (_who, s) => (s.status === 'none' ? deny(RULES.hidden, 'No such commendation') : 'hr'),
} satisfies AccessPolicy<CommendationState, CommendationCommand>;
