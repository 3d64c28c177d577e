import type { Rule } from '../shared/errors.js';

const LEDGER = 'ledger rule (no legal source)';
const ACCESS = 'ledger rule (no legal source): who may act on an inspection, inspection.access.ts';
const DIRECTIVES =
  'interpretation: the provincial directives behind issue 15 ask for inspections of working hours and performance of duties, "including surprise inspections", by the public-service inspection team';

/** Every rule of the inspection decider, each next to its source. */
export const INSPECTION_RULES = {
  alreadyPlanned: { code: 'inspection.already_planned', kind: 'conflict', source: LEDGER },
  invalidPlan: { code: 'inspection.invalid_plan', kind: 'validation', source: DIRECTIVES },
  notFound: { code: 'inspection.not_found', kind: 'not_found', source: ACCESS },
  notStarted: { code: 'inspection.not_started', kind: 'rule_violation', source: `${LEDGER}: visits and checks happen after the start` },
  alreadyStarted: { code: 'inspection.already_started', kind: 'conflict', source: LEDGER },
  concluded: { code: 'inspection.concluded', kind: 'rule_violation', source: `${LEDGER}: after the conclusion only findings are attached to it` },
  notConcluded: {
    code: 'inspection.not_concluded',
    kind: 'rule_violation',
    source: `${LEDGER}: a finding is attached to the conclusion document (issue 15 item 2)`,
  },
  invalidVisit: { code: 'inspection.invalid_visit', kind: 'validation', source: LEDGER },
  unknownVisit: { code: 'inspection.unknown_visit', kind: 'validation', source: LEDGER },
  invalidConclusion: { code: 'inspection.invalid_conclusion', kind: 'validation', source: LEDGER },
  outsideInspectionScope: {
    code: 'inspection.outside_scope',
    kind: 'rule_violation',
    source: `${LEDGER}: an inspection finds facts only within the units its decision names (issue 15 item 6)`,
  },
  invalidFinding: { code: 'inspection.invalid_finding', kind: 'validation', source: LEDGER },
  findingExists: { code: 'inspection.finding_exists', kind: 'conflict', source: LEDGER },
  evidenceNotFound: {
    code: 'inspection.evidence_not_found',
    kind: 'validation',
    source: `${LEDGER}: evidence is a reference to a recorded event (issue 15 item 6)`,
  },
  failureNotOnRecord: {
    code: 'inspection.failure_not_on_record',
    kind: 'rule_violation',
    source: `${LEDGER}: an objective cause excuses a delay or a failed review that the record charges to the person`,
  },
  unknownFinding: { code: 'inspection.unknown_finding', kind: 'not_found', source: LEDGER },
  findingWithdrawn: { code: 'inspection.finding_withdrawn', kind: 'rule_violation', source: LEDGER },
  notDisciplinary: {
    code: 'inspection.finding_not_disciplinary',
    kind: 'rule_violation',
    source: `${LEDGER}: a case is opened from a finding of avoidance or of a violation to discipline, in force (issue 15 item 2)`,
  },
  invalidContest: { code: 'inspection.invalid_contest', kind: 'validation', source: LEDGER },
  invalidRevision: { code: 'inspection.invalid_revision', kind: 'validation', source: LEDGER },
  /** Access: not visible to the caller (a surprise inspection before its start included). */
  hidden: { code: 'inspection.not_found', kind: 'not_found', source: ACCESS },
  notOnTeam: { code: 'inspection.not_on_team', kind: 'forbidden', source: `${ACCESS}: only inspectors of the team, with the scope units in their unit scope, record` },
  outsideUnitScope: { code: 'outside_unit_scope', kind: 'forbidden', source: ACCESS },
  notContestant: {
    code: 'inspection.not_contestant',
    kind: 'forbidden',
    source: `${ACCESS}: the person a finding is about, or a head of the inspected unit, contests it`,
  },
} as const satisfies Record<string, Rule>;
