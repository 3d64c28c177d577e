import type { Rule } from '../shared/errors.js';

const SOURCE = 'ledger invariant (no legal source): a unit record is final once recorded';
const ACCESS = 'ledger rule (no legal source): who may act, see the aggregate access file';
/**
 * Stable codes of the unit aggregate. Clients and tests match on these, never on
 * messages, so a code is never renamed once released.
 */
export const UNIT_RULES = {
  /** a field is missing or malformed; `errors[]` names each one. */
  invalid: { code: 'unit.invalid', kind: 'validation', source: SOURCE },
  /** the unit stream already holds an establishment. */
  alreadyExists: { code: 'unit.already_exists', kind: 'conflict', source: SOURCE },
  /** nothing was established under this id. */
  notFound: { code: 'unit.not_found', kind: 'not_found', source: SOURCE },
  /** a merged unit is history; it cannot be renamed or merged again. */
  merged: { code: 'unit.merged', kind: 'rule_violation', source: SOURCE },
  /** a rename that keeps the same name records nothing. */
  nameUnchanged: { code: 'unit.name_unchanged', kind: 'rule_violation', source: SOURCE },
  /** a unit cannot report to itself. */
  parentSelf: { code: 'unit.parent_self', kind: 'rule_violation', source: SOURCE },
  /** a unit cannot be merged into itself. */
  mergeIntoSelf: { code: 'unit.merge_into_self', kind: 'rule_violation', source: SOURCE },
  /** a change dated before the unit existed. */
  dateBeforeEstablished: { code: 'unit.date_before_established', kind: 'rule_violation', source: SOURCE },
  /** the receiving unit does not exist or was itself merged away. */
  mergeTargetNotActive: { code: 'unit.merge_target_not_active', kind: 'rule_violation', source: SOURCE },
  /** the unit has open work and nobody was named to receive it. */
  mergeNoReceiver: { code: 'unit.merge_no_receiver', kind: 'rule_violation', source: SOURCE },
  outsideUnitScope: { code: 'outside_unit_scope', kind: 'forbidden', source: ACCESS },
} as const satisfies Record<string, Rule>;

/** The codes alone, by rule name. */
export const UnitErrorCode = Object.fromEntries(Object.entries(UNIT_RULES).map(([k, r]) => [k, r.code])) as {
  readonly [K in keyof typeof UNIT_RULES]: (typeof UNIT_RULES)[K]['code'];
};

/** One of the unit error codes. */
export type UnitErrorCode = (typeof UNIT_RULES)[keyof typeof UNIT_RULES]['code'];
