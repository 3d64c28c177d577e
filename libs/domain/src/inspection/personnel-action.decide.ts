import { deny, requireCapacity, type AccessPolicy, type Actor } from '../shared/access.js';
import { isBlank } from '../shared/checks.js';
import { assertNever, type Decider, type DomainCommand } from '../shared/decider.js';
import { ruleError, type FieldError, type Rule } from '../shared/errors.js';
import { withTimeBounds } from '../shared/time-bounds.js';
import type { EventRef } from './inspection.events.js';
import type { PersonnelActionBasis, PersonnelActionEvent, PersonnelActionKind, PersonnelActionProposed } from './personnel-action.events.js';

/** Stream of one proposed personnel action: `personnel-action-<id>`. */
export function personnelActionStream(id: string): string {
  return `personnel-action-${id}`;
}

const LEDGER = 'ledger rule (no legal source)';

/**
 * Dismissal (cho thôi việc) of a civil servant after being rated not completed, as data
 * by assessment year (issue 15 item 5: "dismissal where the law provides it, verify the
 * source"). Checking the source changed the rule:
 * - assessment years up to 2025: two consecutive years rated not completed, Law on Cadres
 *   and Civil Servants 22/2008/QH12 art. 58(3)(a) as amended by Law 52/2019/QH14.
 *   verified: http://khoatin.com.vn/linh-vuc-chi-tiet/cong-chuc-2-nam-lien-tiep-khong-hoan-thanh-cong-viec-co-bi-cho-thoi-viec-khong/
 *   and https://luatvietnam.vn/can-bo-cong-chuc/cong-chuc-bi-danh-gia-khong-hoan-thanh-nhiem-vu-566-24077-article.html
 * - assessment years from 2026: Law on Cadres and Civil Servants 2025 art. 27(1)(c): the
 *   competent body considers a lower job position or dismissal for a civil servant who
 *   does not complete the tasks or meet their requirements (evaluation chapter in force
 *   1 January 2026, art. 44(2); Law 22/2008 superseded, art. 44(3)). verified:
 *   https://fr.laodong.vn/cong-doan/quy-dinh-ve-truong-hop-cho-thoi-viec-doi-voi-cong-chuc-tu-112026-1597968.ldo
 *   The Government's detailing of art. 27 was not read: interpretation, one year rated
 *   not completed is a ground to propose (the decision weighs a lower position first).
 */
export const DISMISSAL_GROUNDS = [
  {
    id: 'law-22-2008-art-58-3-a',
    years: { to: 2025 },
    consecutiveNotCompleted: 2,
    source:
      'Law 22/2008/QH12 art. 58(3)(a) as amended by Law 52/2019/QH14: a civil servant rated not completed 2 consecutive years is dismissed (cho thôi việc); ' +
      'verified: http://khoatin.com.vn/linh-vuc-chi-tiet/cong-chuc-2-nam-lien-tiep-khong-hoan-thanh-cong-viec-co-bi-cho-thoi-viec-khong/',
  },
  {
    id: 'law-2025-art-27-1-c',
    years: { from: 2026 },
    consecutiveNotCompleted: 1,
    source:
      'Law on Cadres and Civil Servants 2025 art. 27(1)(c): a lower job position or dismissal for not completing the tasks (evaluation in force 2026-01-01, art. 44(2)); ' +
      'verified: https://fr.laodong.vn/cong-doan/quy-dinh-ve-truong-hop-cho-thoi-viec-doi-voi-cong-chuc-tu-112026-1597968.ldo ; ' +
      'interpretation: one year rated not completed is a ground to propose (the Government detailing not read)',
  },
] as const;

/** The legal ground a person's record gives for proposing dismissal (the years it rests on), or null. */
export function dismissalGround(levels: Readonly<Record<string, string>>): { readonly years: number[]; readonly source: string } | null {
  const notCompleted = Object.keys(levels).map(Number).filter((y) => levels[String(y)] === 'not_completed').sort((a, b) => b - a);
  for (const latest of notCompleted) {
    const g = DISMISSAL_GROUNDS.find((x) => ('from' in x.years ? latest >= x.years.from : latest <= x.years.to))!;
    const years = Array.from({ length: g.consecutiveNotCompleted }, (_, i) => latest - i);
    if (years.every((y) => levels[String(y)] === 'not_completed')) return { years: years.reverse(), source: g.source };
  }
  return null;
}


/** Not while the person is under disciplinary consideration: Law 22/2008 art. 59(3) (same verified page). */
export const NO_DISMISSAL_DURING_CASE_SOURCE =
  'Law 22/2008/QH12 art. 59(3): no dismissal (thôi việc) while under disciplinary consideration; verified: http://khoatin.com.vn/linh-vuc-chi-tiet/cong-chuc-2-nam-lien-tiep-khong-hoan-thanh-cong-viec-co-bi-cho-thoi-viec-khong/';

export const PERSONNEL_ACTION_RULES = {
  exists: { code: 'personnel_action.exists', kind: 'conflict', source: LEDGER },
  notFound: { code: 'personnel_action.not_found', kind: 'not_found', source: LEDGER },
  invalid: { code: 'personnel_action.invalid', kind: 'validation', source: LEDGER },
  noBasis: { code: 'personnel_action.no_basis', kind: 'rule_violation', source: `${LEDGER}: a proposal rests on recorded results or findings (issue 15 item 5)` },
  dismissalNotProvided: { code: 'personnel_action.dismissal_not_provided', kind: 'rule_violation', source: DISMISSAL_GROUNDS.map((g) => g.source).join(' | ') },
  dismissalDuringCase: { code: 'personnel_action.dismissal_during_case', kind: 'rule_violation', source: NO_DISMISSAL_DURING_CASE_SOURCE },
  alreadyDecided: { code: 'personnel_action.already_decided', kind: 'conflict', source: LEDGER },
  notApproved: { code: 'personnel_action.not_approved', kind: 'rule_violation', source: `${LEDGER}: only an approved action is carried out` },
  wrongOutcome: { code: 'personnel_action.wrong_outcome', kind: 'rule_violation', source: `${LEDGER}: the outcome is the personnel event of the person that carries the action out` },
  hidden: { code: 'personnel_action.not_found', kind: 'not_found', source: `${LEDGER}: personnel-action.decide.ts access` },
  outsideUnitScope: { code: 'outside_unit_scope', kind: 'forbidden', source: `${LEDGER}: hr acts within its unit scope` },
} as const satisfies Record<string, Rule>;
const RULES = PERSONNEL_ACTION_RULES;

/** Which recorded events carry out which action (issue 15 item 5). */
export const OUTCOME_TYPES: Readonly<Record<PersonnelActionKind, readonly string[]>> = {
  review: ['StaffTransferred', 'LeadershipEnded', 'StaffLeft', 'CaseOpened'],
  transfer: ['StaffTransferred'],
  replacement: ['LeadershipEnded'],
  dismissal: ['StaffLeft'],
  commendation: ['CommendationGranted'],
};

export type ProposePersonnelAction = DomainCommand<
  'ProposePersonnelAction',
  {
    readonly actionId: string;
    readonly staffId: string;
    readonly kind: PersonnelActionKind;
    readonly reason: string;
    readonly basis: PersonnelActionBasis;
    readonly legalGround?: string;
    /** Resolved by the route: the person's unit now (null: not registered staff). */
    readonly unitId: string | null;
    /**
     * Resolved by the route: the findings named in the basis that are on record and in force,
     * about this person, as `<inspectionId>/<findingId>` (finding ids are chosen per inspection).
     */
    readonly findingsOnRecord: readonly string[];
    /** Resolved by the route: the person's final (or proposed) levels by year, from the evaluation results. */
    readonly levelsByYear: Readonly<Record<string, string>>;
    /** Resolved by the route: the person has an open disciplinary case. */
    readonly hasOpenCase: boolean;
    /** Resolved by the route: basis events that name no recorded event. */
    readonly missingEvents?: readonly EventRef[];
    /** Resolved by the route: basis events about another person (a staff record, a commendation or case of someone else). */
    readonly eventsAboutOthers?: readonly (EventRef & { readonly staffId: string })[];
  }
>;
export type DecidePersonnelAction = DomainCommand<
  'DecidePersonnelAction',
  { readonly decision: 'approved' | 'rejected'; readonly decisionNo: string; readonly note: string }
>;
export type RecordPersonnelActionOutcome = DomainCommand<
  'RecordPersonnelActionOutcome',
  {
    readonly outcome: EventRef;
    readonly note: string;
    /** Resolved by the route: the type and the person of the referenced event (null: no such event). */
    readonly outcomeEvent: { readonly type: string; readonly staffId: string | null } | null;
  }
>;
export type PersonnelActionCommand = ProposePersonnelAction | DecidePersonnelAction | RecordPersonnelActionOutcome;

export type PersonnelActionState =
  | { readonly status: 'none' }
  | {
      readonly status: 'proposed' | 'approved' | 'rejected' | 'carried_out';
      readonly proposal: PersonnelActionProposed['data'];
    };

export function evolvePersonnelAction(state: PersonnelActionState, event: PersonnelActionEvent): PersonnelActionState {
  switch (event.type) {
    case 'PersonnelActionProposed':
      return state.status === 'none' ? { status: 'proposed', proposal: event.data } : state;
    case 'PersonnelActionDecided':
      return state.status === 'none' ? state : { ...state, status: event.data.decision };
    case 'PersonnelActionCarriedOut':
      return state.status === 'none' ? state : { ...state, status: 'carried_out' };
    default:
      return assertNever(event, 'personnel action event');
  }
}

export function decidePersonnelAction(command: PersonnelActionCommand, state: PersonnelActionState): readonly PersonnelActionEvent[] {
  requireCapacity(command, ['hr'] as const);
  switch (command.type) {
    case 'ProposePersonnelAction': {
      const d = command.data;
      if (state.status !== 'none') throw ruleError(RULES.exists, `Personnel action ${d.actionId} already exists`);
      const errors: FieldError[] = [];
      if (!['review', 'transfer', 'replacement', 'dismissal', 'commendation'].includes(d.kind)) errors.push({ field: 'kind', message: 'unknown kind' });
      if (isBlank(d.reason)) errors.push({ field: 'reason', message: 'is required' });
      if (d.unitId === null) errors.push({ field: 'staffId', message: 'is not a registered staff member' });
      const unknown = d.basis.findings.filter((f) => !d.findingsOnRecord.includes(`${f.inspectionId}/${f.findingId}`));
      unknown.forEach((f) => errors.push({ field: 'basis.findings', message: `finding ${f.findingId} is not on record, in force and about this person` }));
      d.basis.results.forEach((r, i) => {
        if (d.levelsByYear[String(r.year)] !== r.level) errors.push({ field: `basis.results[${i}]`, message: `the record has no ${r.level} result for ${r.year}` });
      });
      (d.missingEvents ?? []).forEach((e) => errors.push({ field: 'basis.events', message: `no event ${e.streamId} revision ${e.revision}` }));
      (d.eventsAboutOthers ?? []).forEach((e) => errors.push({ field: 'basis.events', message: `${e.streamId} revision ${e.revision} is about ${e.staffId}, not ${d.staffId}` }));
      if (errors.length) throw ruleError(RULES.invalid, 'Invalid personnel action', errors);
      if (d.kind === 'commendation' && !d.basis.results.some((r) => r.level === 'excellent') && d.basis.events.length === 0) {
        throw ruleError(RULES.noBasis, 'A commendation proposal rests on an excellent result or a recorded achievement (e.g. an innovation outcome)', [{ field: 'basis', message: 'no excellent result or event' }]);
      }
      if (d.basis.findings.length + d.basis.results.length + d.basis.events.length === 0) {
        throw ruleError(RULES.noBasis, 'A proposal names the results, findings or events it rests on', [{ field: 'basis', message: 'is empty' }]);
      }
      let legalGround = d.legalGround;
      if (d.kind === 'dismissal') {
        const ground = dismissalGround(d.levelsByYear);
        if (!ground) {
          throw ruleError(RULES.dismissalNotProvided, 'The record gives no legal ground for dismissal (up to 2025: two consecutive years not completed; from 2026: a year not completed)', [
            { field: 'kind', message: 'no legal ground on record' },
          ]);
        }
        if (d.hasOpenCase) throw ruleError(RULES.dismissalDuringCase, 'No dismissal while a disciplinary case is open', [{ field: 'staffId', message: 'has an open disciplinary case' }]);
        legalGround = `${ground.years.join(' and ')} rated not_completed; ${ground.source}`;
      }
      return [{
        type: 'PersonnelActionProposed',
        data: {
          actionId: d.actionId, staffId: d.staffId, unitId: d.unitId as string, kind: d.kind, reason: d.reason,
          basis: { findings: d.basis.findings.map((f) => ({ inspectionId: f.inspectionId, findingId: f.findingId })), results: d.basis.results.map((r) => ({ cycleId: r.cycleId, year: r.year, level: r.level })), events: d.basis.events.map((e) => ({ streamId: e.streamId, revision: e.revision })) },
          ...(legalGround !== undefined && { legalGround }),
          proposedBy: command.actor, proposedAt: command.now,
        },
      }];
    }
    case 'DecidePersonnelAction': {
      if (state.status === 'none') throw ruleError(RULES.notFound, 'No such personnel action');
      if (state.status !== 'proposed') throw ruleError(RULES.alreadyDecided, 'The action is already decided');
      const d = command.data;
      const errors: FieldError[] = [];
      if (d.decision !== 'approved' && d.decision !== 'rejected') errors.push({ field: 'decision', message: 'must be approved or rejected' });
      if (isBlank(d.decisionNo)) errors.push({ field: 'decisionNo', message: 'is required' });
      if (errors.length) throw ruleError(RULES.invalid, 'Invalid decision', errors);
      return [{ type: 'PersonnelActionDecided', data: { decision: d.decision, decisionNo: d.decisionNo, decidedBy: command.actor, note: d.note, decidedAt: command.now } }];
    }
    case 'RecordPersonnelActionOutcome': {
      if (state.status === 'none') throw ruleError(RULES.notFound, 'No such personnel action');
      if (state.status !== 'approved') throw ruleError(RULES.notApproved, 'Only an approved action is carried out');
      const d = command.data;
      const ev = d.outcomeEvent;
      const allowed = OUTCOME_TYPES[state.proposal.kind];
      if (!ev || !allowed.includes(ev.type) || ev.staffId !== state.proposal.staffId) {
        throw ruleError(RULES.wrongOutcome, `The outcome is a ${allowed.join(' or ')} event of ${state.proposal.staffId}`, [{ field: 'outcome', message: ev ? `a ${ev.type} of ${ev.staffId ?? 'nobody'}` : 'names no recorded event' }]);
      }
      return [{ type: 'PersonnelActionCarriedOut', data: { outcome: { streamId: d.outcome.streamId, revision: d.outcome.revision }, outcomeType: ev.type, note: d.note, recordedBy: command.actor, recordedAt: command.now } }];
    }
    default:
      return assertNever(command, 'personnel action command');
  }
}

export const personnelActionDecider: Decider<PersonnelActionState, PersonnelActionCommand, PersonnelActionEvent> = withTimeBounds({
  initialState: (): PersonnelActionState => ({ status: 'none' }),
  evolve: evolvePersonnelAction,
  decide: decidePersonnelAction,
});

function hrOver(who: Actor, unitId: string | null) {
  return who.is('hr', 'importer') && unitId !== null && who.inScope(unitId);
}

/**
 * WHO MAY ACT ON A PERSONNEL ACTION: hr (or importer) with the person's unit in scope,
 * in the `hr` capacity (the personnel body proposes and records for the competent
 * authority; interpretation). Others get `personnel_action.not_found`.
 */
export const personnelActionAccess = {
  people: (s, c) => (c.type === 'ProposePersonnelAction' ? [c.data.staffId] : s.status === 'none' ? [] : [s.proposal.staffId]),
  ProposePersonnelAction: (who, _s, c) => (hrOver(who, who.unitOf(c.data.staffId)) ? 'hr' : deny(RULES.outsideUnitScope, "The person's unit is outside your unit scope")),
  DecidePersonnelAction: (who, s) => (s.status !== 'none' && hrOver(who, s.proposal.unitId) ? 'hr' : deny(RULES.hidden, 'No such personnel action in your scope')),
  RecordPersonnelActionOutcome: (who, s) => (s.status !== 'none' && hrOver(who, s.proposal.unitId) ? 'hr' : deny(RULES.hidden, 'No such personnel action in your scope')),
} satisfies AccessPolicy<PersonnelActionState, PersonnelActionCommand>;
