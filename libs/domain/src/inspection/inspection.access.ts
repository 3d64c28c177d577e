import { deny, requireCapacity, type AccessPolicy, type Actor } from '../shared/access.js';
import type { InspectionCommand } from './inspection.commands.js';
import type { InspectionState } from './inspection.decide.js';
import { INSPECTION_RULES as RULES } from './inspection.errors.js';

/**
 * WHO MAY ACT ON AN INSPECTION, and as what.
 *
 * | command | capacities |
 * | --- | --- |
 * | PlanInspection | `inspector`: an inspector with every scope unit in their unit scope, on the team |
 * | StartInspection, RecordInspectionVisit, RecordPresenceCheck, ConcludeInspection, RecordFinding, ReviseFinding | `inspector`: on the team, every scope unit in their unit scope |
 * | ContestFinding | `subject`: the person the finding is about; `unit_head`: a head (or hr) with an inspected unit in scope |
 *
 * Anyone else gets `inspection.not_found` while the inspection is not visible to them
 * (a surprise inspection before it starts is not visible to the inspected units).
 */
export type InspectionCapacity = 'inspector' | 'subject' | 'unit_head';

/** What a reader may see of an inspection (issue 15 items 1 and 6). */
export type InspectionVisibility = 'none' | 'plan' | 'progress' | 'results' | 'full';

/** The part of an inspection the visibility rule reads. */
export interface InspectionVisibilityFacts {
  readonly kind: 'scheduled' | 'surprise';
  readonly scopeUnitIds: readonly string[];
  readonly team: readonly string[];
  readonly startedAt: string | null;
  readonly concluded: boolean;
}

/** An inspector of the team with every scope unit in scope: records and sees everything. */
export function isTeamInspector(who: Actor, p: Pick<InspectionVisibilityFacts, 'scopeUnitIds' | 'team'>): boolean {
  return who.is('inspector') && p.team.includes(who.sub) && p.scopeUnitIds.every((u) => who.inScope(u));
}

/**
 * What a caller sees: the team and inspectors over the whole scope see everything; hr,
 * unit heads and council with an inspected unit in scope (or leading one) see a
 * scheduled plan, a surprise one only from its start, progress from the start and the
 * conclusion and findings only once concluded. Interpretation of the directives: the
 * surprise is the point of a surprise inspection; results reach the unit with the
 * conclusion document.
 */
export function inspectionVisibility(who: Actor, f: InspectionVisibilityFacts): InspectionVisibility {
  if (isTeamInspector(who, f) || (who.is('inspector') && f.scopeUnitIds.every((u) => who.inScope(u)))) return 'full';
  const concerned = f.scopeUnitIds.some((u) => who.leads(u) || (who.is('hr', 'unit_head', 'council', 'inspector') && who.inScope(u)));
  if (!concerned) return 'none';
  if (f.concluded) return 'results';
  if (f.startedAt !== null) return 'progress';
  return f.kind === 'scheduled' ? 'plan' : 'none';
}

type Existing = Exclude<InspectionState, { status: 'none' }>;

/**
 * Whether a caller may check the hash chain of an inspection stream (or get an inclusion
 * proof of one of its events): exactly those who may see its results, i.e. the team and
 * inspectors over the whole scope always, and once concluded hr, unit heads, council and
 * leaders with an inspected unit in scope. Before that, nobody else learns from the audit
 * routes that the stream exists (a surprise inspection before its start above all).
 * Interpretation: verifying a record is reading it; the plan carries no unit, so the
 * audit routes' usual placement by unit cannot apply (issue 15 review).
 */
export function mayVerifyInspection(who: Actor, s: InspectionState): boolean {
  if (s.status === 'none') return false;
  const v = inspectionVisibility(who, facts(s));
  return v === 'results' || v === 'full';
}



function facts(s: Existing): InspectionVisibilityFacts {
  return { kind: s.plan.kind, scopeUnitIds: s.plan.scopeUnitIds, team: s.plan.team, startedAt: s.startedAt, concluded: s.status === 'concluded' };
}

const hidden = () => deny(RULES.hidden, 'No such inspection visible to you');

function teamStep(who: Actor, s: InspectionState) {
  if (s.status === 'none') return hidden();
  if (isTeamInspector(who, s.plan)) return 'inspector';
  return inspectionVisibility(who, facts(s)) === 'none' ? hidden() : deny(RULES.notOnTeam, 'Only the inspection team records in an inspection');
}

/** Who may issue each inspection command, and as what. */
export const inspectionAccess = {
  PlanInspection: (who, _s, c) => {
    if (!who.is('inspector')) return deny(RULES.notOnTeam, 'Only inspectors plan inspections');
    if (!c.data.team.includes(who.sub)) return deny(RULES.notOnTeam, 'The inspector planning it is on the team');
    return c.data.scopeUnitIds.every((u) => who.inScope(u)) ? 'inspector' : deny(RULES.outsideUnitScope, 'A scope unit is outside your unit scope');
  },
  StartInspection: teamStep,
  RecordInspectionVisit: teamStep,
  RecordPresenceCheck: teamStep,
  ConcludeInspection: teamStep,
  RecordFinding: teamStep,
  ReviseFinding: teamStep,
  ContestFinding: (who, s, c) => {
    if (s.status === 'none') return hidden();
    const v = inspectionVisibility(who, facts(s));
    const finding = s.findings[c.data.findingId];
    if (finding && finding.facts.staffId === who.sub && s.status === 'concluded') return 'subject';
    if (v === 'none') return hidden();
    if (v === 'results' && (who.is('unit_head', 'hr') || s.plan.scopeUnitIds.some((u) => who.leads(u)))) return 'unit_head';
    return deny(RULES.notContestant, 'Only the person a finding is about, or a head of the inspected unit, contests it');
  },
} satisfies AccessPolicy<InspectionState, InspectionCommand>;

/** Decider side: the capacity each command accepts. */
export function inspectionCapacity(command: InspectionCommand): InspectionCapacity {
  if (command.type === 'ContestFinding') return requireCapacity(command, ['subject', 'unit_head'] as const);
  return requireCapacity(command, ['inspector'] as const);
}
