import type { EntityManager } from 'typeorm';
import type { ConsultationEvent } from '#domain';
import type { CaseEvent } from '#domain';
import type { StaffEvent } from '#domain';
import type { CommendationEvent } from '#domain';
import type { AssignmentEvent, DossierEvent } from '#domain';
import { DOSSIER_EVENT_TYPES } from '#domain';
import type { RecordedEvent } from '#event-store';
import type { Projection } from '../projection.js';
import type { UnitEvent } from '#domain';
import {
  assignmentContributions,
  assignmentSignals,
  contributionDelta,
  COUNTER_COLUMNS,
  excuseDelays,
  monthOf,
  stepAssignmentTrack,
  stampRevealedDelay,
  stepConsultationTrack,
  stepDossierTrack,
  dossierSignals,
  type AssignmentTrack,
  type ConsultationTrack,
  type AvoidanceSignal,
  type Counts,
  type RoutingContext,
  type SignalFact,
  type YearMonth,
} from './indicators.model.js';

export type { AvoidanceSignal } from './indicators.model.js';

const ASSIGNMENT_TYPES = new Set([
  'AssignmentIssued', 'AssignmentAccepted', 'AssignmentDeclined', 'AssignmentHandedOff', 'ProgressReported', 'DeadlineExtended',
  'AssignmentCompleted', 'CompletionReviewed', 'AssignmentCancelled', 'DossierReturnedToApplicant', 'ApologyIssued',
]);
/** Dossier events feed the same work track (issue 19: per-stage attribution, see stepDossierTrack). */
const DOSSIER_TYPES: ReadonlySet<string> = new Set(DOSSIER_EVENT_TYPES);
const CONSULTATION_TYPES = new Set(['ConsultationRequested', 'ConsultationAnswered', 'ConsultationFlagged', 'ConsultationWithdrawn']);
const COMMENDATION_TYPES = new Set(['CommendationGranted', 'CommendationRevoked']);
const CASE_TYPES = new Set(['CaseOpened', 'DecisionIssued', 'AppealResolved']);
const UNIT_TYPES = new Set(['UnitEstablished']);
const FINDING_TYPES = new Set(['FindingRecorded', 'FindingRevised']);
const STAFF_TYPES = new Set(['StaffRegistered', 'StaffTransferred', 'LeadershipAppointed', 'LeadershipEnded', 'LeaveRecorded', 'StaffLeft']);

/**
 * Indicators per staff per month (`staff_indicators_v1`), fed from the raw events of
 * the work, consultation, recognition, discipline and personnel contexts, plus the
 * avoidance signals with the event behind each (`avoidance_signals_v1`) and the small
 * state tables the counts are derived from. Year and unit figures are SQL sums.
 */
export class IndicatorsProjection implements Projection {
  readonly name = 'staff_indicators_v1';
  /** Monthly and yearly figures: commands do not wait for them (see Projection.consistency). */
  readonly consistency = 'eventual' as const;
  readonly tables = [
    'staff_indicators_v1',
    'avoidance_signals_v1',
    'indicator_assignments_v1',
    'indicator_consultations_v1',
    'indicator_staff_v1',
    'indicator_discipline_v1',
    'indicator_commendations_v1',
    'indicator_units_v1',
  ];

  async apply(events: readonly RecordedEvent[], m: EntityManager): Promise<void> {
    for (const e of events) {
      if (ASSIGNMENT_TYPES.has(e.type) || DOSSIER_TYPES.has(e.type)) await this.assignment(e, m);
      else if (CONSULTATION_TYPES.has(e.type)) await this.consultation(e, m);
      else if (COMMENDATION_TYPES.has(e.type)) await this.commendation(e, m);
      else if (CASE_TYPES.has(e.type)) await this.disciplinaryCase(e, m);
      else if (STAFF_TYPES.has(e.type)) await this.staff(e, m);
      else if (UNIT_TYPES.has(e.type)) await this.unit(e, m);
      else if (FINDING_TYPES.has(e.type)) await this.objectiveCause(e, m);
    }
  }

  /**
   * An inspection finding of an objective cause for a delay excuses the delays of that
   * work charged to the person (a withdrawal restores them); the counts move through the
   * pure model (`excuseDelays`, `assignmentContributions`).
   */
  private async objectiveCause(e: RecordedEvent, m: EntityManager): Promise<void> {
    const d = e.data as { kind?: unknown; failure?: unknown; staffId?: unknown; assignmentId?: unknown; findingId?: unknown; outcome?: unknown };
    if (d.kind !== 'objective_cause' || d.failure !== 'delay' || typeof d.staffId !== 'string' || typeof d.assignmentId !== 'string') return;
    if (e.type === 'FindingRevised' && d.outcome !== 'withdrawn') return;
    const rows = (await m.query(
      `SELECT assignment_id AS "assignmentId", kind, holder, unit_id AS "unitId", due_at AS "dueAt", status, completed_at AS "completedAt",
              delays, missed_by AS "missedBy", quality, returns FROM indicator_assignments_v1 WHERE assignment_id = $1`,
      [d.assignmentId],
    )) as Array<Omit<AssignmentTrack, 'dueAt' | 'completedAt'> & { dueAt: Date | null; completedAt: Date | null }>;
    if (!rows[0]) return;
    const before: AssignmentTrack = { ...rows[0], dueAt: rows[0].dueAt?.toISOString() ?? null, completedAt: rows[0].completedAt?.toISOString() ?? null };
    const after = excuseDelays(before, d.staffId, `${e.streamId}/${String(d.findingId)}`, e.type === 'FindingRecorded');
    await m.query('UPDATE indicator_assignments_v1 SET delays = $2 WHERE assignment_id = $1', [after.assignmentId, JSON.stringify(after.delays)]);
    for (const c of contributionDelta(assignmentContributions(before), assignmentContributions(after))) await bump(m, c.staffId, c, c.counts);
  }

  private async assignment(e: RecordedEvent, m: EntityManager): Promise<void> {
    const event = { type: e.type, data: e.data } as AssignmentEvent;
    const assignmentId = (e.data as { assignmentId?: string }).assignmentId ?? e.streamId.replace(/^assignment-/, '');
    const rows = (await m.query(
      `SELECT assignment_id AS "assignmentId", kind, holder, unit_id AS "unitId", due_at AS "dueAt", status, completed_at AS "completedAt",
              delays, missed_by AS "missedBy", quality, returns FROM indicator_assignments_v1 WHERE assignment_id = $1`,
      [assignmentId],
    )) as Array<Omit<AssignmentTrack, 'dueAt' | 'completedAt'> & { dueAt: Date | null; completedAt: Date | null }>;
    const before: AssignmentTrack | undefined = rows[0]
      ? { ...rows[0], dueAt: rows[0].dueAt?.toISOString() ?? null, completedAt: rows[0].completedAt?.toISOString() ?? null }
      : undefined;
    const dossier = DOSSIER_TYPES.has(e.type) ? ({ type: e.type, data: e.data } as DossierEvent) : null;
    const { track: stepped, missed } = dossier ? stepDossierTrack(before, dossier, e.streamId) : stepAssignmentTrack(before, event);
    if (!stepped) return;
    // The delay this event revealed keeps the event's id: the watchlist matches an excused delay to its signal by it.
    const after = missed ? stampRevealedDelay(stepped, e.id) : stepped;
    await m.query(
      `INSERT INTO indicator_assignments_v1 (assignment_id, kind, holder, unit_id, due_at, status, completed_at, delays, missed_by, quality, returns, stream_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (assignment_id) DO UPDATE SET holder = EXCLUDED.holder, unit_id = EXCLUDED.unit_id, due_at = EXCLUDED.due_at,
         status = EXCLUDED.status, completed_at = EXCLUDED.completed_at, delays = EXCLUDED.delays, missed_by = EXCLUDED.missed_by,
         quality = EXCLUDED.quality, returns = EXCLUDED.returns`,
      [after.assignmentId, after.kind, after.holder, after.unitId, after.dueAt, after.status, after.completedAt, JSON.stringify(after.delays), after.missedBy, after.quality, after.returns, e.streamId],
    );
    for (const d of contributionDelta(assignmentContributions(before), assignmentContributions(after))) {
      await bump(m, d.staffId, d, d.counts);
    }
    if (dossier) {
      for (const s of dossierSignals(after, dossier, missed)) {
        await signal(m, e, s.signal, s.staffId, s.at, s.detail);
        if (s.signal === 'dossier_returned_repeat') await bump(m, s.staffId, monthOf(s.at), { dossiers_returned_repeat: 1 });
      }
      return;
    }
    const routing = event.type === 'AssignmentHandedOff' ? await this.routingContext(event.data, before?.unitId ?? null, m) : NO_ROUTING;
    const signals = assignmentSignals(before, after, event, missed, routing);
    for (const s of signals) {
      await signal(m, e, s.signal, s.staffId, s.at, s.detail);
      await this.count(s, m);
    }
    // Counters that are not signals.
    if (event.type === 'AssignmentHandedOff') {
      await bump(m, event.data.to, monthOf(event.data.handedOffAt), { handoffs_received: 1 }, { column: 'handoffs_received_by_reason', reason: event.data.reason });
    } else if (event.type === 'DossierReturnedToApplicant' && after.returns === 2) {
      // "Returned more than once": the dossier counts once, when it is returned the second time.
      await bump(m, event.data.returnedBy, monthOf(event.data.returnedAt), { dossiers_returned_repeat: 1 });
    }
  }

  /** The monthly counter a signal moves, if any. */
  private async count(s: SignalFact, m: EntityManager): Promise<void> {
    const at = monthOf(s.at);
    switch (s.signal) {
      case 'handoff_initiated':
        await bump(m, s.staffId, at, { handoffs_initiated: 1 }, { column: 'handoffs_initiated_by_reason', reason: String(s.detail.reason) });
        return;
      case 'ping_pong':
        await bump(m, s.staffId, at, { ping_pong: 1 });
        return;
      case 'decline':
        await bump(m, s.staffId, at, { declines: 1 });
        return;
      case 'extension':
        await bump(m, s.staffId, at, { extensions: 1 });
        return;
      default:
        return;
    }
  }

  /** Units the maker of a handoff led on its date, and the unit lines of the work and the receiver. */
  private async routingContext(d: { by: string; to: string; handedOffAt: string }, workUnitId: string | null, m: EntityManager): Promise<RoutingContext> {
    const day = d.handedOffAt.slice(0, 10);
    const rows = (await m.query(
      `SELECT staff_id AS "staffId", unit_id AS "unitId", posts FROM indicator_staff_v1 WHERE staff_id = ANY ($1)`,
      [[d.by, d.to]],
    )) as Array<{ staffId: string; unitId: string; posts: Array<{ unitId: string; from: string; to: string | null }> }>;
    const by = rows.find((r) => r.staffId === d.by);
    const to = rows.find((r) => r.staffId === d.to);
    const byLeads = (by?.posts ?? []).filter((p) => p.from <= day && (p.to === null || p.to >= day)).map((p) => p.unitId);
    if (byLeads.length === 0) return { byLeads, workUnitLine: [], toUnitLine: [] };
    return { byLeads, workUnitLine: await unitLine(m, workUnitId), toUnitLine: await unitLine(m, to?.unitId ?? null) };
  }

  private async unit(e: RecordedEvent, m: EntityManager): Promise<void> {
    const event = { type: e.type, data: e.data } as UnitEvent;
    if (event.type !== 'UnitEstablished') return;
    await m.query('INSERT INTO indicator_units_v1 (unit_id, parent_unit_id) VALUES ($1, $2) ON CONFLICT (unit_id) DO NOTHING', [
      event.data.unitId,
      event.data.parentUnitId,
    ]);
  }

  private async consultation(e: RecordedEvent, m: EntityManager): Promise<void> {
    const event = { type: e.type, data: e.data } as ConsultationEvent;
    const id = e.streamId.replace(/^consultation-/, '');
    const rows = (await m.query(
      `SELECT requested_by AS "requestedBy", requested_at AS "requestedAt", answered_by AS "answeredBy", answered_at AS "answeredAt",
              within_counted AS "within", unrelated_counted AS "unrelated", late_counted AS "late", no_position_counted AS "noPosition"
         FROM indicator_consultations_v1 WHERE consultation_id = $1`,
      [id],
    )) as Array<Omit<ConsultationTrack, 'requestedAt' | 'answeredAt'> & { requestedAt: Date; answeredAt: Date | null }>;
    const before: ConsultationTrack | undefined = rows[0]
      ? { ...rows[0], requestedAt: rows[0].requestedAt.toISOString(), answeredAt: rows[0].answeredAt?.toISOString() ?? null }
      : undefined;
    const { track: after, signals } = stepConsultationTrack(before, event, id);
    if (!after || after === before) return;
    const requesterUnitId = event.type === 'ConsultationRequested' ? event.data.requesterUnitId : null;
    await m.query(
      `INSERT INTO indicator_consultations_v1 (consultation_id, requested_by, requester_unit_id, requested_at, answered_by, answered_at,
         within_counted, unrelated_counted, late_counted, no_position_counted)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (consultation_id) DO UPDATE SET answered_by = EXCLUDED.answered_by, answered_at = EXCLUDED.answered_at,
         within_counted = EXCLUDED.within_counted, unrelated_counted = EXCLUDED.unrelated_counted, late_counted = EXCLUDED.late_counted,
         no_position_counted = EXCLUDED.no_position_counted`,
      [id, after.requestedBy, requesterUnitId, after.requestedAt, after.answeredBy, after.answeredAt, after.within, after.unrelated, after.late, after.noPosition],
    );
    for (const s of signals) {
      await signal(m, e, s.signal, s.staffId, s.at, s.detail);
      await bump(m, s.staffId, monthOf(s.countAt ?? s.at), { [CONSULTATION_COUNTERS[s.signal as keyof typeof CONSULTATION_COUNTERS]]: 1 });
    }
  }

  private async commendation(e: RecordedEvent, m: EntityManager): Promise<void> {
    const event = { type: e.type, data: e.data } as CommendationEvent;
    const id = e.streamId.replace(/^commendation-/, '');
    if (event.type === 'CommendationGranted') {
      if (event.data.recipient.kind !== 'person') return;
      const at = monthOf(event.data.grantedAt);
      const inserted = (await m.query(
        `INSERT INTO indicator_commendations_v1 (commendation_id, staff_id, year, month, revoked, form, decision_no)
         VALUES ($1, $2, $3, $4, false, $5, $6) ON CONFLICT (commendation_id) DO NOTHING RETURNING 1`,
        [id, event.data.recipient.id, at.year, at.month, event.data.form, event.data.decisionNo],
      )) as unknown[];
      if (inserted.length) await bump(m, event.data.recipient.id, at, { commendations: 1 });
      return;
    }
    // TypeORM's postgres driver answers an UPDATE ... RETURNING with [rows, affectedCount].
    const result = (await m.query(
      'UPDATE indicator_commendations_v1 SET revoked = true WHERE commendation_id = $1 AND NOT revoked RETURNING staff_id AS "staffId", year, month',
      [id],
    )) as [Array<{ staffId: string; year: number; month: number }>, number];
    const rows = result[0];
    if (rows[0]) await bump(m, rows[0].staffId, rows[0], { commendations: -1 });
  }

  private async disciplinaryCase(e: RecordedEvent, m: EntityManager): Promise<void> {
    const event = { type: e.type, data: e.data } as CaseEvent;
    const id = e.streamId.replace(/^case-/, '');
    switch (event.type) {
      case 'CaseOpened':
        await m.query(
          `INSERT INTO indicator_discipline_v1 (case_id, subject_id, violation_ids) VALUES ($1, $2, $3) ON CONFLICT (case_id) DO NOTHING`,
          [id, event.data.subjectId, JSON.stringify(event.data.allegations.map((a) => a.id))],
        );
        return;
      case 'DecisionIssued':
        await m.query(
          `UPDATE indicator_discipline_v1 SET form = $2, decision_no = $3, effective_from = $4, related_to_duties = $5, annulled = false,
             decision_stream = $6, decision_revision = $7, violation_ids = CASE WHEN jsonb_array_length($8::jsonb) > 0 THEN $8::jsonb ELSE violation_ids END
           WHERE case_id = $1`,
          [id, event.data.form, event.data.decisionNo, event.data.effectiveFrom, event.data.relatedToDuties, e.streamId, e.revision.toString(), JSON.stringify(event.data.allegationIds)],
        );
        return;
      case 'AppealResolved':
        if (event.data.outcome === 'annulled') await m.query('UPDATE indicator_discipline_v1 SET annulled = true WHERE case_id = $1', [id]);
        else if (event.data.outcome === 'modified' && event.data.newForm) {
          await m.query('UPDATE indicator_discipline_v1 SET form = $2, decision_no = $3 WHERE case_id = $1', [id, event.data.newForm, event.data.decisionNo]);
        }
        return;
      default:
        return;
    }
  }

  private async staff(e: RecordedEvent, m: EntityManager): Promise<void> {
    const event = { type: e.type, data: e.data } as StaffEvent;
    const d = event.data;
    switch (event.type) {
      case 'StaffRegistered':
        await m.query(
          `INSERT INTO indicator_staff_v1 (staff_id, category, unit_id, job_position, joined_on) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (staff_id) DO NOTHING`,
          [d.staffId, event.data.category, event.data.unitId, event.data.jobPosition, event.data.joinedOn],
        );
        return;
      case 'StaffTransferred':
        await m.query('UPDATE indicator_staff_v1 SET unit_id = $2, job_position = $3 WHERE staff_id = $1', [d.staffId, event.data.toUnitId, event.data.jobPosition]);
        return;
      case 'LeadershipAppointed':
        await m.query(`UPDATE indicator_staff_v1 SET posts = posts || $2::jsonb WHERE staff_id = $1`, [
          d.staffId,
          JSON.stringify([{ role: event.data.role, unitId: event.data.unitId, from: event.data.effectiveOn, to: null }]),
        ]);
        return;
      case 'LeadershipEnded':
        await m.query(
          `UPDATE indicator_staff_v1 SET posts = (
             SELECT COALESCE(jsonb_agg(CASE WHEN p->>'role' = $2 AND p->>'unitId' = $3 AND p->>'to' IS NULL THEN jsonb_set(p, '{to}', to_jsonb($4::text)) ELSE p END), '[]'::jsonb)
               FROM jsonb_array_elements(posts) p) WHERE staff_id = $1`,
          [d.staffId, event.data.role, event.data.unitId, event.data.effectiveOn],
        );
        return;
      case 'LeaveRecorded':
        await m.query(`UPDATE indicator_staff_v1 SET leaves = leaves || $2::jsonb WHERE staff_id = $1`, [
          d.staffId,
          JSON.stringify([{ kind: event.data.kind, from: event.data.from, to: event.data.to }]),
        ]);
        return;
      case 'StaffLeft':
        await m.query('UPDATE indicator_staff_v1 SET left_on = $2 WHERE staff_id = $1', [d.staffId, event.data.leftOn]);
        return;
      default:
        return;
    }
  }
}

const COUNTERS = new Set<string>(COUNTER_COLUMNS);

/** The monthly counter each consultation signal moves. */
const CONSULTATION_COUNTERS = {
  consultation_within_authority: 'consultations_within_authority',
  consultation_unrelated_party: 'consultations_unrelated_party',
  consultation_late_answer: 'consultations_answered_late',
  consultation_no_position: 'consultations_no_position',
} as const;

const NO_ROUTING: RoutingContext = { byLeads: [], workUnitLine: [], toUnitLine: [] };

/** A unit and its ancestors, nearest first (empty when unknown). */
async function unitLine(m: EntityManager, unitId: string | null): Promise<string[]> {
  if (!unitId) return [];
  const rows = (await m.query(
    `WITH RECURSIVE line(unit_id, parent_unit_id, depth) AS (
       SELECT unit_id, parent_unit_id, 0 FROM indicator_units_v1 WHERE unit_id = $1
       UNION ALL SELECT u.unit_id, u.parent_unit_id, l.depth + 1 FROM indicator_units_v1 u JOIN line l ON u.unit_id = l.parent_unit_id WHERE l.depth < 50)
     SELECT unit_id AS "unitId" FROM line ORDER BY depth`,
    [unitId],
  )) as Array<{ unitId: string }>;
  return rows.length ? rows.map((r) => r.unitId) : [unitId];
}

/** Adds `counts` (and one to a reason map) to a person's month, creating the row on first use. */
async function bump(m: EntityManager, staffId: string, at: YearMonth, counts: Counts, reason?: { column: 'handoffs_initiated_by_reason' | 'handoffs_received_by_reason'; reason: string }): Promise<void> {
  const cols = Object.keys(counts).filter((c) => COUNTERS.has(c));
  const params: unknown[] = [staffId, at.year, at.month, ...cols.map((c) => counts[c as keyof Counts] ?? 0)];
  const insertCols = cols.map((c) => `, ${c}`).join('');
  const insertVals = cols.map((_, i) => `, $${i + 4}`).join('');
  const updates = cols.map((c) => `${c} = staff_indicators_v1.${c} + EXCLUDED.${c}`);
  let reasonInsert = '';
  let reasonValue = '';
  if (reason) {
    params.push(reason.reason);
    const p = `$${params.length}`;
    reasonInsert = `, ${reason.column}`;
    reasonValue = `, jsonb_build_object(${p}::text, 1)`;
    updates.push(`${reason.column} = jsonb_set(staff_indicators_v1.${reason.column}, ARRAY[${p}::text], to_jsonb(COALESCE((staff_indicators_v1.${reason.column}->>${p}::text)::int, 0) + 1))`);
  }
  await m.query(
    `INSERT INTO staff_indicators_v1 (staff_id, year, month${insertCols}${reasonInsert}) VALUES ($1, $2, $3${insertVals}${reasonValue})
     ON CONFLICT (staff_id, year, month) DO ${updates.length ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`,
    params,
  );
}

async function signal(m: EntityManager, e: RecordedEvent, kind: AvoidanceSignal, staffId: string, at: string, detail: Readonly<Record<string, unknown>>): Promise<void> {
  const { year, month } = monthOf(at);
  await m.query(
    `INSERT INTO avoidance_signals_v1 (event_id, signal, staff_id, year, month, stream_id, revision, position, occurred_at, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
    [e.id, kind, staffId, year, month, e.streamId, e.revision.toString(), e.position.toString(), at, JSON.stringify(detail)],
  );
}
