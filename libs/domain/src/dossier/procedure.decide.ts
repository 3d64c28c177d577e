import { deny, requireCapacity, type AccessPolicy } from '../shared/access.js';
import { isBlank, isLocalDate } from '../shared/checks.js';
import { assertNever, type Decider, type DomainCommand } from '../shared/decider.js';
import { ruleError, type FieldError } from '../shared/errors.js';
import type { LocalDate } from '../shared/ids.js';
import { withTimeBounds } from '../shared/time-bounds.js';
import { DOSSIER_RULES as RULES } from './dossier.errors.js';
import { STAGE_KINDS, type ProcedureEvent, type ProcedureStage, type ProcedureVersionPublished } from './procedure.events.js';

/** Stream of one procedure of the catalogue. */
export function procedureStream(procedureCode: string): string {
  return `procedure-${procedureCode}`;
}

export type ProcedureVersion = ProcedureVersionPublished['data'];

export interface ProcedureState {
  readonly versions: readonly ProcedureVersion[];
}

export type PublishProcedureVersion = DomainCommand<'PublishProcedureVersion', Omit<ProcedureVersion, 'publishedBy' | 'publishedAt'>>;
export type ProcedureCommand = PublishProcedureVersion;

/** The version in force on a date (the latest `effectiveFrom` on or before it), or null. */
export function versionInForce(versions: readonly ProcedureVersion[], on: LocalDate): ProcedureVersion | null {
  let found: ProcedureVersion | null = null;
  for (const v of versions) if (v.effectiveFrom <= on && (!found || v.effectiveFrom > found.effectiveFrom)) found = v;
  return found;
}

/**
 * The stage rules of a procedure: reception first, return last, processing or approval
 * between, each with at least one unit and a positive share, and the shares adding up to
 * the statutory time (interpretation of Decree 61/2018 art. 18, Decree 118/2025: each
 * agency of an inter-agency procedure has its part of the time).
 */
export function stageErrors(statutoryDays: number, stages: readonly ProcedureStage[]): FieldError[] {
  const errors: FieldError[] = [];
  if (!(statutoryDays > 0)) errors.push({ field: 'statutoryDays', message: 'must be positive' });
  if (stages.length < 3) errors.push({ field: 'stages', message: 'needs reception, at least one processing stage and return' });
  const keys = new Set<string>();
  stages.forEach((s, i) => {
    if (isBlank(s.key) || keys.has(s.key)) errors.push({ field: `stages[${i}].key`, message: 'must be present and unique' });
    keys.add(s.key);
    if (!STAGE_KINDS.includes(s.kind)) errors.push({ field: `stages[${i}].kind`, message: 'unknown kind' });
    const expected = i === 0 ? 'reception' : i === stages.length - 1 ? 'return' : null;
    if (expected && s.kind !== expected) errors.push({ field: `stages[${i}].kind`, message: `must be ${expected}` });
    if (!expected && (s.kind === 'reception' || s.kind === 'return')) errors.push({ field: `stages[${i}].kind`, message: 'reception and return only first and last' });
    if (!Array.isArray(s.unitIds) || s.unitIds.length === 0) errors.push({ field: `stages[${i}].unitIds`, message: 'at least one unit' });
    if (!(s.shareDays > 0) || Math.round(s.shareDays * 2) !== s.shareDays * 2) errors.push({ field: `stages[${i}].shareDays`, message: 'positive, in half days' });
  });
  const total = stages.reduce((n, s) => n + (Number(s.shareDays) || 0), 0);
  if (stages.length >= 3 && Math.abs(total - statutoryDays) > 1e-9) {
    errors.push({ field: 'stages', message: `shares add up to ${total}, not the statutory ${statutoryDays} working days` });
  }
  return errors;
}

function decideProcedure(command: ProcedureCommand, state: ProcedureState): readonly ProcedureEvent[] {
  switch (command.type) {
    case 'PublishProcedureVersion': {
      requireCapacity(command, ['catalogue_keeper']);
      const d = command.data;
      const errors: FieldError[] = [];
      if (isBlank(d.procedureCode)) errors.push({ field: 'procedureCode', message: 'required' });
      if (isBlank(d.name)) errors.push({ field: 'name', message: 'required' });
      if (isBlank(d.legalBasis)) errors.push({ field: 'legalBasis', message: 'required' });
      if (!isLocalDate(d.effectiveFrom)) errors.push({ field: 'effectiveFrom', message: 'a date YYYY-MM-DD' });
      if (errors.length) throw ruleError(RULES.invalid, 'The procedure version is incomplete', errors);
      const stageProblems = stageErrors(d.statutoryDays, d.stages);
      if (stageProblems.length) throw ruleError(RULES.procedureStages, 'The stages do not make a procedure', stageProblems);
      const last = state.versions.reduce<LocalDate | null>((m, v) => (m === null || v.effectiveFrom > m ? v.effectiveFrom : m), null);
      if (last !== null && d.effectiveFrom <= last) {
        throw ruleError(RULES.versionNotLater, `A new version takes effect after the last one (${last})`, [{ field: 'effectiveFrom', message: `after ${last}` }]);
      }
      return [{ type: 'ProcedureVersionPublished', data: { ...d, stages: d.stages.map((s) => ({ ...s, unitIds: [...s.unitIds] })), publishedBy: command.actor, publishedAt: command.now } }];
    }
    default:
      return assertNever(command.type, 'procedure command');
  }
}

function evolveProcedure(state: ProcedureState, event: ProcedureEvent): ProcedureState {
  switch (event.type) {
    case 'ProcedureVersionPublished':
      return { versions: [...state.versions, event.data] };
    default:
      return assertNever(event.type, 'procedure event');
  }
}

export const procedureDecider: Decider<ProcedureState, ProcedureCommand, ProcedureEvent> = withTimeBounds({
  initialState: () => ({ versions: [] }),
  evolve: evolveProcedure,
  decide: decideProcedure,
});

/** Who keeps the province's catalogue: hr or importer scoped to every unit (the province's office), or admin. */
export const procedureAccess = {
  PublishProcedureVersion: (who) =>
    who.is('hr', 'importer') && who.inScope(null) ? 'catalogue_keeper' : deny(RULES.notCatalogueKeeper, 'Only the province office (hr scoped to every unit) keeps the catalogue'),
} satisfies AccessPolicy<ProcedureState, ProcedureCommand>;
