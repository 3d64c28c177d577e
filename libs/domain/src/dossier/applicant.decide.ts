import { deny, requireCapacity, type AccessPolicy } from '../shared/access.js';
import { isBlank } from '../shared/checks.js';
import { assertNever, type Decider, type DomainCommand } from '../shared/decider.js';
import { ruleError } from '../shared/errors.js';
import { withTimeBounds } from '../shared/time-bounds.js';
import type { ApplicantEvent } from './applicant.events.js';
import { DOSSIER_RULES as RULES } from './dossier.errors.js';

/** Stream of the erasures of one applicant reference. */
export function applicantStream(applicantRef: string): string {
  return `applicant-${applicantRef}`;
}

export interface ApplicantState {
  readonly erasures: number;
}

/**
 * `centreUnitIds`: the one-stop centres that received the applicant's dossiers (looked up by
 * the route in the record); none means the reference is unknown and nothing is recorded.
 */
export type EraseApplicantData = DomainCommand<
  'EraseApplicantData',
  { readonly applicantRef: string; readonly entries: number; readonly centreUnitIds: readonly string[] }
>;
export type ApplicantCommand = EraseApplicantData;

function decideApplicant(command: ApplicantCommand, _state: ApplicantState): readonly ApplicantEvent[] {
  switch (command.type) {
    case 'EraseApplicantData':
      requireCapacity(command, ['data_controller']);
      if (isBlank(command.data.applicantRef)) throw ruleError(RULES.invalid, 'Name the applicant reference', [{ field: 'ref', message: 'required' }]);
      if (command.data.centreUnitIds.length === 0) throw ruleError(RULES.applicantNotFound, 'No dossier carries this applicant reference');
      return [{ type: 'ApplicantDataErased', data: { applicantRef: command.data.applicantRef, entries: Math.max(0, Math.trunc(command.data.entries)), erasedBy: command.actor, erasedAt: command.now } }];
    default:
      return assertNever(command.type, 'applicant command');
  }
}

export const applicantDecider: Decider<ApplicantState, ApplicantCommand, ApplicantEvent> = withTimeBounds({
  initialState: () => ({ erasures: 0 }),
  evolve: (state, event) => (event.type === 'ApplicantDataErased' ? { erasures: state.erasures + 1 } : state),
  decide: decideApplicant,
});

/**
 * Who erases an applicant's data held apart: hr (the data controller's office) whose unit
 * scope covers every one-stop centre that received a dossier of the applicant (DESIGN.md
 * names no data-protection role; interpretation: the office answering for the centre's
 * records answers for erasing them). An unknown reference, or one whose dossiers are all
 * outside the caller's scope, is `dossier.applicant_not_found` (404): nothing is recorded.
 */
export const applicantAccess = {
  EraseApplicantData: (who, _s, c) => {
    const centres = c.data.centreUnitIds;
    if (centres.length === 0 || !centres.some((u) => who.inScope(u))) return deny(RULES.applicantNotFound, 'No dossier of this applicant in your scope');
    if (!who.is('hr')) return deny(RULES.notDataController, 'Only hr erases an applicant\'s data');
    if (!centres.every((u) => who.inScope(u))) return deny(RULES.notDataController, 'The applicant has dossiers at a centre outside your unit scope');
    return 'data_controller';
  },
} satisfies AccessPolicy<ApplicantState, ApplicantCommand>;
