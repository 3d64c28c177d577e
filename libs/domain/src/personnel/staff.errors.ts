import type { Rule } from '../shared/errors.js';

const SOURCE = 'interpretation: personnel record keeping under the Law on Cadres and Civil Servants 2025 (not verified article by article)';
const ACCESS = 'ledger rule (no legal source): who may act, see the aggregate access file';
/**
 * Stable codes of the staff aggregate. Clients and tests match on these, never on
 * messages, so a code is never renamed once released.
 */
export const STAFF_RULES = {
  /** a field is missing or malformed; `errors[]` names each one. */
  invalid: { code: 'staff.invalid', kind: 'validation', source: SOURCE },
  /** the staff stream already holds a registration. */
  alreadyRegistered: { code: 'staff.already_registered', kind: 'conflict', source: SOURCE },
  /** nobody was registered under this id. */
  notFound: { code: 'staff.not_found', kind: 'not_found', source: SOURCE },
  /** the person left; their record is closed. */
  left: { code: 'staff.left', kind: 'rule_violation', source: SOURCE },
  /** a change dated before the person joined. */
  dateBeforeJoining: { code: 'staff.date_before_joining', kind: 'rule_violation', source: SOURCE },
  /** a transfer to the unit the person is already in. */
  transferSameUnit: { code: 'staff.transfer_same_unit', kind: 'rule_violation', source: SOURCE },
  /** workers on labour contracts do not hold leadership posts. */
  leadershipNotEligible: { code: 'staff.leadership_not_eligible', kind: 'rule_violation', source: SOURCE },
  /** the person already holds a leadership post in that unit (end it first to change role). */
  alreadyLeading: { code: 'staff.already_leading', kind: 'rule_violation', source: SOURCE },
  /** the person does not hold that post in that unit. */
  notLeading: { code: 'staff.not_leading', kind: 'rule_violation', source: SOURCE },
  /** a post would end before it started. */
  leadershipEndBeforeStart: { code: 'staff.leadership_end_before_start', kind: 'rule_violation', source: SOURCE },
  /** the leave overlaps a leave already recorded. */
  leaveOverlaps: { code: 'staff.leave_overlaps', kind: 'rule_violation', source: SOURCE },
  outsideUnitScope: { code: 'outside_unit_scope', kind: 'forbidden', source: ACCESS },
} as const satisfies Record<string, Rule>;

/** The codes alone, by rule name. */
export const StaffErrorCode = Object.fromEntries(Object.entries(STAFF_RULES).map(([k, r]) => [k, r.code])) as {
  readonly [K in keyof typeof STAFF_RULES]: (typeof STAFF_RULES)[K]['code'];
};

/** One of the staff error codes. */
export type StaffErrorCode = (typeof STAFF_RULES)[keyof typeof STAFF_RULES]['code'];
