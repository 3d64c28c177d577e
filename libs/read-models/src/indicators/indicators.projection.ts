import type { EntityManager } from 'typeorm';
import { TableBatch, iso, isoOrNull, json, writeRows, type Row } from '../shared/table-batch.js';
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
  usableInstant,
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
 *
 * Set-based (see shared/table-batch.ts): one read per state table of every row the
 * batch touches, the pure model (`indicators.model.ts`) folded in memory in log order,
 * then one multi-row write per table; the monthly counters are summed in memory and
 * added with one upsert. The rules live only in the model: this file is I/O.
 */
export class IndicatorsProjection implements Projection {
  readonly name = 'staff_indicators_v1';
  /** Monthly and yearly figures: commands do not wait for them (see Projection.consistency). */
  readonly consistency = 'eventual' as const;
  readonly handles: ReadonlySet<string> = new Set([...ASSIGNMENT_TYPES, ...DOSSIER_TYPES, ...CONSULTATION_TYPES, ...COMMENDATION_TYPES, ...CASE_TYPES, ...UNIT_TYPES, ...STAFF_TYPES, ...FINDING_TYPES]);
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
    const b = new IndicatorBatch();
    await b.load(events, m);
    for (const e of events) {
      if (ASSIGNMENT_TYPES.has(e.type) || DOSSIER_TYPES.has(e.type)) b.assignment(e);
      else if (CONSULTATION_TYPES.has(e.type)) b.consultation(e);
      else if (COMMENDATION_TYPES.has(e.type)) b.commendation(e);
      else if (CASE_TYPES.has(e.type)) b.disciplinaryCase(e);
      else if (STAFF_TYPES.has(e.type)) b.staff(e);
      else if (UNIT_TYPES.has(e.type)) b.unit(e);
      else if (FINDING_TYPES.has(e.type)) b.objectiveCause(e);
    }
    await b.write(m);
  }
}

const assignmentIdOf = (e: RecordedEvent) => (e.data as { assignmentId?: string }).assignmentId ?? e.streamId.replace(/^assignment-/, '');

/** One batch of the indicators: the rows it touches, folded in memory, then written. */
class IndicatorBatch {
  readonly assignments = new TableBatch('indicator_assignments_v1', ['assignment_id']);
  readonly consultations = new TableBatch('indicator_consultations_v1', ['consultation_id']);
  readonly staffRows = new TableBatch('indicator_staff_v1', ['staff_id']);
  readonly cases = new TableBatch('indicator_discipline_v1', ['case_id']);
  readonly commendations = new TableBatch('indicator_commendations_v1', ['commendation_id']);
  readonly units = new TableBatch('indicator_units_v1', ['unit_id']);
  private readonly bumps = new Map<string, { staff_id: string; year: number; month: number; counts: Record<string, number>; initiated: Record<string, number>; received: Record<string, number> }>();
  private readonly signals = new Map<string, Row>();

  async load(events: readonly RecordedEvent[], m: EntityManager): Promise<void> {
    const assignmentIds: Row[] = [];
    const consultationIds: Row[] = [];
    const staffIds: Row[] = [];
    const caseIds: Row[] = [];
    const commendationIds: Row[] = [];
    const unitIds = new Set<string>();
    let handoffs = false;
    for (const e of events) {
      const d = e.data as Record<string, unknown>;
      if (ASSIGNMENT_TYPES.has(e.type) || DOSSIER_TYPES.has(e.type)) {
        assignmentIds.push({ assignment_id: assignmentIdOf(e) });
        if (e.type === 'AssignmentIssued' && typeof d.unitId === 'string') unitIds.add(d.unitId);
        if (e.type === 'AssignmentHandedOff') {
          handoffs = true;
          staffIds.push({ staff_id: d.by }, { staff_id: d.to });
          if (typeof d.toUnitId === 'string') unitIds.add(d.toUnitId);
        }
      } else if (CONSULTATION_TYPES.has(e.type)) consultationIds.push({ consultation_id: e.streamId.replace(/^consultation-/, '') });
      else if (COMMENDATION_TYPES.has(e.type)) commendationIds.push({ commendation_id: e.streamId.replace(/^commendation-/, '') });
      else if (CASE_TYPES.has(e.type)) caseIds.push({ case_id: e.streamId.replace(/^case-/, '') });
      else if (STAFF_TYPES.has(e.type)) {
        staffIds.push({ staff_id: d.staffId });
        for (const u of [d.unitId, d.toUnitId]) if (typeof u === 'string') unitIds.add(u);
      } else if (UNIT_TYPES.has(e.type)) {
        for (const u of [d.unitId, d.parentUnitId]) if (typeof u === 'string') unitIds.add(u);
      } else if (FINDING_TYPES.has(e.type) && typeof d.assignmentId === 'string') assignmentIds.push({ assignment_id: d.assignmentId });
    }
    await this.assignments.load(m, assignmentIds);
    await this.consultations.load(m, consultationIds);
    await this.staffRows.load(m, staffIds);
    await this.cases.load(m, caseIds);
    await this.commendations.load(m, commendationIds);
    const unitEvents = events.some((e) => UNIT_TYPES.has(e.type));
    if (!handoffs && !unitEvents) return;
    if (handoffs) {
      // Unit lines are only read for handoffs: every unit a track or a person can be in
      // during this batch, with its ancestors, in one recursive read.
      for (const k of assignmentIds) {
        const r = this.assignments.get(k);
        if (r?.unit_id) unitIds.add(r.unit_id as string);
      }
      for (const k of staffIds) {
        const r = this.staffRows.get(k);
        if (r?.unit_id) unitIds.add(r.unit_id as string);
      }
      const rows = (await m.query(
        `WITH RECURSIVE line(unit_id, parent_unit_id, depth) AS (
           SELECT unit_id, parent_unit_id, 0 FROM indicator_units_v1 WHERE unit_id = ANY ($1)
           UNION SELECT u.unit_id, u.parent_unit_id, l.depth + 1 FROM indicator_units_v1 u JOIN line l ON u.unit_id = l.parent_unit_id WHERE l.depth < 50)
         SELECT DISTINCT unit_id, parent_unit_id FROM line`,
        [[...unitIds]],
      )) as Row[];
      this.units.remember(rows);
    } else await this.units.load(m, [...unitIds].map((unit_id) => ({ unit_id })));
  }

  async write(m: EntityManager): Promise<void> {
    await this.units.write(m, { onConflict: 'nothing' });
    await this.staffRows.write(m);
    await this.assignments.write(m);
    await this.consultations.write(m);
    await this.cases.write(m);
    await this.commendations.write(m);
    await writeRows(m, 'avoidance_signals_v1', ['event_id', 'signal', 'staff_id'], [...this.signals.values()], { onConflict: 'nothing' });
    await this.writeBumps(m);
  }

  /** Adds `counts` (and one to a reason map) to a person's month; the row exists from its first bump on. */
  private bump(staffId: string, at: YearMonth, counts: Counts, reason?: { column: 'handoffs_initiated_by_reason' | 'handoffs_received_by_reason'; reason: string }): void {
    const key = `${staffId}\u0000${at.year}\u0000${at.month}`;
    let row = this.bumps.get(key);
    if (!row) this.bumps.set(key, (row = { staff_id: staffId, year: at.year, month: at.month, counts: {}, initiated: {}, received: {} }));
    for (const [c, v] of Object.entries(counts)) if (COUNTERS.has(c)) row.counts[c] = (row.counts[c] ?? 0) + (v ?? 0);
    if (reason) {
      const map = reason.column === 'handoffs_initiated_by_reason' ? row.initiated : row.received;
      map[reason.reason] = (map[reason.reason] ?? 0) + 1;
    }
  }

  private async writeBumps(m: EntityManager): Promise<void> {
    if (this.bumps.size === 0) return;
    const rows = [...this.bumps.values()].map((b) => ({
      staff_id: b.staff_id,
      year: b.year,
      month: b.month,
      ...Object.fromEntries(COUNTER_COLUMNS.map((c) => [c, b.counts[c] ?? 0])),
      handoffs_initiated_by_reason: b.initiated,
      handoffs_received_by_reason: b.received,
    }));
    const reasons = ['handoffs_initiated_by_reason', 'handoffs_received_by_reason'];
    const columns = ['staff_id', 'year', 'month', ...COUNTER_COLUMNS, ...reasons].join(', ');
    const merge = (c: string) =>
      `${c} = CASE WHEN EXCLUDED.${c} = '{}'::jsonb THEN t.${c} ELSE (SELECT COALESCE(jsonb_object_agg(k, n), '{}'::jsonb) FROM (SELECT k, sum(v::int) AS n
         FROM (SELECT * FROM jsonb_each_text(t.${c}) UNION ALL SELECT * FROM jsonb_each_text(EXCLUDED.${c})) x(k, v) GROUP BY k) y) END`;
    await m.query(
      `INSERT INTO staff_indicators_v1 AS t (${columns}) SELECT ${columns} FROM jsonb_populate_recordset(NULL::staff_indicators_v1, $1::jsonb)
       ON CONFLICT (staff_id, year, month) DO UPDATE SET ${[...COUNTER_COLUMNS.map((c) => `${c} = t.${c} + EXCLUDED.${c}`), ...reasons.map(merge)].join(', ')}`,
      [JSON.stringify(rows)],
    );
  }

  private signal(e: RecordedEvent, kind: AvoidanceSignal, staffId: string, eventAt: string, detail: Readonly<Record<string, unknown>>): void {
    const key = `${e.id}\u0000${kind}\u0000${staffId}`;
    if (this.signals.has(key)) return; // the first one stands (ON CONFLICT DO NOTHING)
    // An unusable time in the event (odd data written behind the API): the signal is kept, at the time the event was recorded.
    const at = usableInstant(eventAt) ?? e.recordedAt;
    const { year, month } = monthOf(at);
    this.signals.set(key, {
      event_id: e.id, signal: kind, staff_id: staffId, year, month, stream_id: e.streamId, revision: e.revision.toString(),
      position: e.position.toString(), occurred_at: at, detail: json(detail),
    });
  }

  /**
   * An inspection finding of an objective cause for a delay excuses the delays of that
   * work charged to the person (a withdrawal restores them); the counts move through the
   * pure model (`excuseDelays`, `assignmentContributions`).
   */
  objectiveCause(e: RecordedEvent): void {
    const d = e.data as { kind?: unknown; failure?: unknown; staffId?: unknown; assignmentId?: unknown; findingId?: unknown; outcome?: unknown };
    if (d.kind !== 'objective_cause' || d.failure !== 'delay' || typeof d.staffId !== 'string' || typeof d.assignmentId !== 'string') return;
    if (e.type === 'FindingRevised' && d.outcome !== 'withdrawn') return;
    const row = this.assignments.get({ assignment_id: d.assignmentId });
    if (!row) return;
    const before = trackOf(row);
    const after = excuseDelays(before, d.staffId, `${e.streamId}/${String(d.findingId)}`, e.type === 'FindingRecorded');
    this.assignments.set({ ...row, delays: json(after.delays) });
    for (const c of contributionDelta(assignmentContributions(before), assignmentContributions(after))) this.bump(c.staffId, c, c.counts);
  }

  assignment(e: RecordedEvent): void {
    const event = { type: e.type, data: e.data } as AssignmentEvent;
    const key = { assignment_id: assignmentIdOf(e) };
    const row = this.assignments.get(key);
    const before = row ? trackOf(row) : undefined;
    const dossier = DOSSIER_TYPES.has(e.type) ? ({ type: e.type, data: e.data } as DossierEvent) : null;
    const { track: stepped, missed } = dossier ? stepDossierTrack(before, dossier, e.streamId) : stepAssignmentTrack(before, event);
    if (!stepped) return;
    // The delay this event revealed keeps the event's id: the watchlist matches an excused delay to its signal by it.
    const after = missed ? stampRevealedDelay(stepped, e.id) : stepped;
    this.assignments.set({
      assignment_id: after.assignmentId, kind: after.kind, holder: after.holder, unit_id: after.unitId, due_at: after.dueAt, status: after.status,
      completed_at: after.completedAt, delays: json(after.delays), missed_by: after.missedBy, quality: after.quality, returns: after.returns,
      stream_id: row?.stream_id ?? e.streamId,
    });
    for (const d of contributionDelta(assignmentContributions(before), assignmentContributions(after))) this.bump(d.staffId, d, d.counts);
    if (dossier) {
      for (const s of dossierSignals(after, dossier, missed)) {
        this.signal(e, s.signal, s.staffId, s.at, s.detail);
        if (s.signal === 'dossier_returned_repeat') this.bump(s.staffId, monthAt(s.at, e), { dossiers_returned_repeat: 1 });
      }
      return;
    }
    const routing = event.type === 'AssignmentHandedOff' ? this.routingContext(event.data, before?.unitId ?? null) : NO_ROUTING;
    for (const s of assignmentSignals(before, after, event, missed, routing)) {
      this.signal(e, s.signal, s.staffId, s.at, s.detail);
      this.count(s, e);
    }
    // Counters that are not signals.
    if (event.type === 'AssignmentHandedOff') {
      this.bump(event.data.to, monthAt(event.data.handedOffAt, e), { handoffs_received: 1 }, { column: 'handoffs_received_by_reason', reason: event.data.reason });
    } else if (event.type === 'DossierReturnedToApplicant' && after.returns === 2) {
      // "Returned more than once": the dossier counts once, when it is returned the second time.
      this.bump(event.data.returnedBy, monthAt(event.data.returnedAt, e), { dossiers_returned_repeat: 1 });
    }
  }

  /** The monthly counter a signal moves, if any. */
  private count(s: SignalFact, e: RecordedEvent): void {
    const at = monthAt(s.at, e);
    switch (s.signal) {
      case 'handoff_initiated':
        this.bump(s.staffId, at, { handoffs_initiated: 1 }, { column: 'handoffs_initiated_by_reason', reason: String(s.detail.reason) });
        return;
      case 'ping_pong':
        this.bump(s.staffId, at, { ping_pong: 1 });
        return;
      case 'decline':
        this.bump(s.staffId, at, { declines: 1 });
        return;
      case 'extension':
        this.bump(s.staffId, at, { extensions: 1 });
        return;
      default:
        return;
    }
  }

  /** Units the maker of a handoff led on its date, and the unit lines of the work and the receiver. */
  private routingContext(d: { by: string; to: string; handedOffAt: string }, workUnitId: string | null): RoutingContext {
    const day = String(d.handedOffAt ?? '').slice(0, 10);
    const by = this.staffRows.get({ staff_id: d.by });
    const to = this.staffRows.get({ staff_id: d.to });
    const posts = (by?.posts ?? []) as Array<{ unitId: string; from: string; to: string | null }>;
    const byLeads = posts.filter((p) => p.from <= day && (p.to === null || p.to === undefined || p.to >= day)).map((p) => p.unitId);
    if (byLeads.length === 0) return { byLeads, workUnitLine: [], toUnitLine: [] };
    return { byLeads, workUnitLine: this.unitLine(workUnitId), toUnitLine: this.unitLine((to?.unit_id as string | undefined) ?? null) };
  }

  /** A unit and its ancestors, nearest first (the unit alone when unknown, nothing without a unit). */
  private unitLine(unitId: string | null): string[] {
    if (!unitId) return [];
    const line: string[] = [];
    let current: string | null = unitId;
    for (let depth = 0; current !== null && depth <= 50; depth++) {
      const row = this.units.get({ unit_id: current });
      if (!row) break;
      line.push(current);
      current = (row.parent_unit_id as string | null) ?? null;
    }
    return line.length ? line : [unitId];
  }

  unit(e: RecordedEvent): void {
    const event = { type: e.type, data: e.data } as UnitEvent;
    if (event.type !== 'UnitEstablished') return;
    const key = { unit_id: event.data.unitId };
    if (!this.units.get(key)) this.units.set({ unit_id: event.data.unitId, parent_unit_id: event.data.parentUnitId ?? null });
  }

  consultation(e: RecordedEvent): void {
    const event = { type: e.type, data: e.data } as ConsultationEvent;
    const id = e.streamId.replace(/^consultation-/, '');
    const row = this.consultations.get({ consultation_id: id });
    const before: ConsultationTrack | undefined = row
      ? {
          requestedBy: row.requested_by as string, requestedAt: iso(row.requested_at), answeredBy: row.answered_by as string | null,
          answeredAt: isoOrNull(row.answered_at), within: row.within_counted as boolean, unrelated: row.unrelated_counted as boolean,
          late: row.late_counted as boolean, noPosition: row.no_position_counted as boolean,
        }
      : undefined;
    const { track: after, signals } = stepConsultationTrack(before, event, id);
    if (!after || after === before) return;
    const requesterUnitId = event.type === 'ConsultationRequested' ? event.data.requesterUnitId : null;
    this.consultations.set({
      consultation_id: id, requested_by: after.requestedBy, requester_unit_id: row ? row.requester_unit_id : requesterUnitId,
      // An unusable request or answer time (odd data written behind the API; requested_at is NOT NULL): the time the event was recorded.
      requested_at: usableInstant(after.requestedAt) ?? e.recordedAt, answered_by: after.answeredBy,
      answered_at: after.answeredAt === null ? null : (usableInstant(after.answeredAt) ?? e.recordedAt), within_counted: after.within,
      unrelated_counted: after.unrelated, late_counted: after.late, no_position_counted: after.noPosition,
    });
    for (const s of signals) {
      this.signal(e, s.signal, s.staffId, s.at, s.detail);
      this.bump(s.staffId, monthAt(s.countAt ?? s.at, e), { [CONSULTATION_COUNTERS[s.signal as keyof typeof CONSULTATION_COUNTERS]]: 1 });
    }
  }

  commendation(e: RecordedEvent): void {
    const event = { type: e.type, data: e.data } as CommendationEvent;
    const id = e.streamId.replace(/^commendation-/, '');
    const row = this.commendations.get({ commendation_id: id });
    if (event.type === 'CommendationGranted') {
      if (event.data.recipient.kind !== 'person' || row) return;
      const at = monthAt(event.data.grantedAt, e);
      this.commendations.set({
        commendation_id: id, staff_id: event.data.recipient.id, year: at.year, month: at.month, revoked: false, form: event.data.form,
        decision_no: event.data.decisionNo,
      });
      this.bump(event.data.recipient.id, at, { commendations: 1 });
      return;
    }
    if (!row || row.revoked) return;
    this.commendations.set({ ...row, revoked: true });
    this.bump(row.staff_id as string, { year: row.year as number, month: row.month as number }, { commendations: -1 });
  }

  disciplinaryCase(e: RecordedEvent): void {
    const event = { type: e.type, data: e.data } as CaseEvent;
    const key = { case_id: e.streamId.replace(/^case-/, '') };
    const row = this.cases.get(key);
    switch (event.type) {
      case 'CaseOpened':
        if (row) return;
        this.cases.set({
          case_id: key.case_id, subject_id: event.data.subjectId, form: null, decision_no: null, effective_from: null, related_to_duties: null,
          annulled: false, violation_ids: event.data.allegations.map((a) => a.id), decision_stream: null, decision_revision: null,
        });
        return;
      case 'DecisionIssued': {
        if (!row) return;
        const d = event.data;
        const ids = d.allegationIds as readonly string[] | undefined;
        this.cases.set({
          ...row, form: d.form ?? null, decision_no: d.decisionNo ?? null, effective_from: d.effectiveFrom ?? null,
          related_to_duties: d.relatedToDuties ?? null, annulled: false, decision_stream: e.streamId, decision_revision: e.revision.toString(),
          violation_ids: Array.isArray(ids) && ids.length > 0 ? json(ids) : row.violation_ids,
        });
        return;
      }
      case 'AppealResolved':
        if (!row) return;
        if (event.data.outcome === 'annulled') this.cases.set({ ...row, annulled: true });
        else if (event.data.outcome === 'modified' && event.data.newForm) {
          this.cases.set({ ...row, form: event.data.newForm, decision_no: event.data.decisionNo ?? null });
        }
        return;
      default:
        return;
    }
  }

  staff(e: RecordedEvent): void {
    const event = { type: e.type, data: e.data } as StaffEvent;
    const key = { staff_id: event.data.staffId };
    const row = this.staffRows.get(key);
    if (event.type === 'StaffRegistered') {
      if (row) return;
      const d = event.data;
      this.staffRows.set({ staff_id: d.staffId, category: d.category, unit_id: d.unitId, job_position: d.jobPosition, joined_on: d.joinedOn, left_on: null, leaves: [], posts: [] });
      return;
    }
    if (!row) return;
    switch (event.type) {
      case 'StaffTransferred':
        this.staffRows.set({ ...row, unit_id: event.data.toUnitId, job_position: event.data.jobPosition });
        return;
      case 'LeadershipAppointed':
        this.staffRows.set({ ...row, posts: [...(row.posts as Row[]), { role: event.data.role, unitId: event.data.unitId, from: event.data.effectiveOn, to: null }] });
        return;
      case 'LeadershipEnded': {
        const d = event.data;
        const posts = (row.posts as Row[]).map((p) => (p.role === d.role && p.unitId === d.unitId && (p.to === null || p.to === undefined) ? { ...p, to: d.effectiveOn } : p));
        this.staffRows.set({ ...row, posts });
        return;
      }
      case 'LeaveRecorded':
        this.staffRows.set({ ...row, leaves: [...(row.leaves as Row[]), { kind: event.data.kind, from: event.data.from, to: event.data.to }] });
        return;
      case 'StaffLeft':
        this.staffRows.set({ ...row, left_on: event.data.leftOn });
        return;
      default:
        return;
    }
  }
}

/** The model's track from its row. */
/**
 * The month an event's time falls in; an unusable time (not an instant, a day that does
 * not exist, a year the record cannot hold: odd data written behind the API) counts in
 * the month the event was recorded, so the counter is neither dropped nor the projection
 * stopped (a NaN month or an invalid timestamptz parked the event in the quarantine).
 */
function monthAt(eventAt: unknown, e: RecordedEvent): YearMonth {
  return monthOf(usableInstant(eventAt) ?? e.recordedAt);
}

function trackOf(r: Row): AssignmentTrack {
  return {
    assignmentId: r.assignment_id as string, kind: r.kind as string, holder: r.holder as string, unitId: (r.unit_id as string | null) ?? null,
    dueAt: isoOrNull(r.due_at), status: r.status as AssignmentTrack['status'], completedAt: isoOrNull(r.completed_at),
    delays: (r.delays ?? []) as AssignmentTrack['delays'], missedBy: (r.missed_by as string | null) ?? null,
    quality: (r.quality as AssignmentTrack['quality']) ?? null, returns: r.returns as number,
  };
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
