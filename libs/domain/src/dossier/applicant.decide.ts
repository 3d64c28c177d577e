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

export type EraseApplicantData = DomainCommand<'EraseApplicantData', { readonly applicantRef: string; readonly entries: number }>;
export type ApplicantCommand = EraseApplicantData;

function decideApplicant(command: ApplicantCommand, _state: ApplicantState): readonly ApplicantEvent[] {
  switch (command.type) {
    case 'EraseApplicantData':
      requireCapacity(command, ['data_controller']);
      if (isBlank(command.data.applicantRef)) throw ruleError(RULES.invalid, 'Name the applicant reference', [{ field: 'ref', message: 'required' }]);
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

/** Who erases an applicant's data held apart: hr (the data controller's office). */
export const applicantAccess = {
  EraseApplicantData: (who) => (who.is('hr') ? 'data_controller' : deny(RULES.notDataController, 'Only hr erases an applicant\'s data')),
} satisfies AccessPolicy<ApplicantState, ApplicantCommand>;
