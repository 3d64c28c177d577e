import { deny, requireCapacity, type AccessPolicy, type Actor } from '../shared/access.js';
import { ruleError } from '../shared/errors.js';
import type { ConsultationCommand } from './consultation.commands.js';
import type { ConsultationState } from './consultation.decide.js';
import { CONSULTATION_RULES as RULES } from './consultation.errors.js';

/**
 * WHO MAY ACT ON A CONSULTATION, and as what.
 *
 * | command | capacities |
 * | --- | --- |
 * | RequestConsultation | `requester` (for the caller's own unit), `requester_unit_head` (a unit head or importer for a unit in scope) |
 * | AnswerConsultation | `consulted_person`, `consulted_unit` (a member of the consulted unit), `consulted_unit_head` (in scope) |
 * | FlagConsultation | `requester` (on their own request), `overseer` (inspector, unit head or importer with either unit in scope) |
 * | WithdrawConsultation | `requester`, `requester_unit_head` (in scope of the requester unit) |
 *
 * A `staff` token's `units` claim is ignored: staff act only as themselves and for
 * their own unit (issue 12 item 10). Someone who may not see the consultation gets
 * `consultation.not_found`, as for an id never used.
 */
export type ConsultationCapacity = 'requester' | 'requester_unit_head' | 'consulted_person' | 'consulted_unit' | 'consulted_unit_head' | 'overseer';

type Existing = Exclude<ConsultationState, { status: 'none' }>;

/** May the caller know this consultation exists? (the register's rule) */
export function seesConsultation(who: Actor, s: Existing): boolean {
  const r = s.request;
  const answeredBy = s.status === 'answered' ? s.answer.answeredBy : undefined;
  if ([r.requestedBy, r.consultedPersonId, answeredBy].includes(who.sub)) return true;
  if (who.is('hr', 'unit_head', 'inspector', 'importer') && (who.inScope(r.requesterUnitId) || (r.consultedUnitId !== undefined && who.inScope(r.consultedUnitId)))) {
    return true;
  }
  return r.consultedUnitId !== undefined && who.unitId === r.consultedUnitId;
}

function visible(who: Actor, s: ConsultationState): s is Existing {
  return s.status !== 'none' && seesConsultation(who, s);
}

const hidden = () => deny(RULES.hidden, 'No such consultation in your scope');

/** Who may issue each consultation command, and as what. */
export const consultationAccess = {
  RequestConsultation: (who, _s, c) => {
    if (c.data.requestedBy !== who.sub) return deny(RULES.wrongSide, 'A consultation is requested in the caller\'s own name');
    if (who.unitId === c.data.requesterUnitId) return 'requester';
    if (who.is('unit_head', 'importer') && who.inScope(c.data.requesterUnitId)) return 'requester_unit_head';
    return deny(RULES.requesterUnitOutside, 'The requester unit is neither your own unit nor one in your unit scope');
  },
  AnswerConsultation: (who, s) => {
    if (!visible(who, s)) return hidden();
    const r = s.request;
    if (r.consultedPersonId === who.sub) return 'consulted_person';
    if (r.consultedUnitId !== undefined && who.unitId === r.consultedUnitId) return 'consulted_unit';
    if (r.consultedUnitId !== undefined && who.is('unit_head', 'importer') && who.inScope(r.consultedUnitId)) return 'consulted_unit_head';
    return deny(RULES.wrongSide, 'Only the consulted person or unit may answer this consultation');
  },
  FlagConsultation: (who, s) => {
    if (!visible(who, s)) return hidden();
    const r = s.request;
    if (r.requestedBy === who.sub) return 'requester';
    if (who.is('inspector', 'unit_head', 'importer') && (who.inScope(r.requesterUnitId) || (r.consultedUnitId !== undefined && who.inScope(r.consultedUnitId)))) {
      return 'overseer';
    }
    return deny(RULES.wrongSide, 'You may not flag this consultation');
  },
  WithdrawConsultation: (who, s) => {
    if (!visible(who, s)) return hidden();
    if (s.request.requestedBy === who.sub) return 'requester';
    if (who.is('unit_head', 'importer') && who.inScope(s.request.requesterUnitId)) return 'requester_unit_head';
    return deny(RULES.wrongSide, 'Only the requester side may withdraw this consultation');
  },
} satisfies AccessPolicy<ConsultationState, ConsultationCommand>;

const CAPACITIES = {
  RequestConsultation: ['requester', 'requester_unit_head'],
  AnswerConsultation: ['consulted_person', 'consulted_unit', 'consulted_unit_head'],
  FlagConsultation: ['requester', 'overseer'],
  WithdrawConsultation: ['requester', 'requester_unit_head'],
} as const satisfies Record<ConsultationCommand['type'], readonly ConsultationCapacity[]>;

/**
 * Decider side: the capacity fits the command, and the capacities the state can
 * verify are verified (the requester is the one who asked, the consulted person is
 * the one asked). A command naming no capacity acts as the requester or the
 * consulted person, whichever the command accepts.
 */
export function consultationCapacity(command: ConsultationCommand, state: ConsultationState): ConsultationCapacity {
  const allowed: readonly ConsultationCapacity[] = CAPACITIES[command.type];
  const capacity = requireCapacity(command, allowed, allowed.includes('requester') ? 'requester' : 'consulted_person');
  const request = command.type === 'RequestConsultation' ? command.data : state.status === 'none' ? undefined : state.request;
  if (request && capacity === 'requester' && request.requestedBy !== command.actor) {
    throw ruleError(RULES.wrongSide, 'Only the requester may do this as the requester');
  }
  if (request && capacity === 'consulted_person' && request.consultedPersonId !== command.actor) {
    throw ruleError(RULES.wrongSide, 'Only the consulted person may answer as the consulted person');
  }
  return capacity;
}
