import { dossierEventTime, vnDate, type DossierEvent, type SatisfactionCriterion, type StageOutcome } from '#domain';

/**
 * Pure parts of the dossier read model (`dossiers_v1`): the view folded from the
 * events, the centre's board and the monthly statistics. Never throws on a recorded
 * event; an event before the reception is ignored.
 */

export type DossierViewStatus = 'in_progress' | 'awaiting_supplement' | 'result_ready' | 'delivered' | 'returned' | 'withdrawn';

/** A stage in the dossier's trail: time allowed, used and who held it. The current stage has `endedAt` null. */
export interface TrailStage {
  readonly stageKey: string;
  readonly stageName: string;
  readonly unitId: string;
  readonly holder: string;
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly dueAt: string;
  readonly allowedDays: number;
  readonly usedDays: number | null;
  readonly late: boolean | null;
  /** How the dossier entered this stage: a hand-over between agencies (liên thông) or within one. */
  readonly interAgency: boolean;
}

export interface DossierView {
  readonly dossierId: string;
  readonly receiptCode: string;
  readonly procedureCode: string;
  readonly procedureName: string;
  readonly procedureVersion: string;
  readonly statutoryDays: number;
  readonly centreUnitId: string;
  /** The stages of the procedure version in force at reception. */
  readonly stages: readonly { readonly key: string; readonly name: string; readonly shareDays: number; readonly unitIds: readonly string[] }[];
  readonly status: DossierViewStatus;
  readonly receivedAt: string;
  readonly statutoryDueAt: string;
  readonly appointmentAt: string;
  readonly readyAt: string | null;
  readonly closedAt: string | null;
  readonly outcome: 'early' | 'on_time' | 'late' | null;
  readonly trail: readonly TrailStage[];
  readonly supplementRequests: readonly { readonly requestNo: number; readonly at: string; readonly unitId: string; readonly by: string; readonly documents: readonly string[]; readonly avoidableItems: readonly string[] }[];
  readonly apologies: readonly { readonly unitId: string; readonly stageKey: string; readonly by: string; readonly reason: string; readonly at: string; readonly newAppointmentAt: string; readonly beforeDue: boolean }[];
  readonly returnReasons: readonly string[];
  readonly feedback: readonly {
    readonly feedbackNo: number;
    readonly channel: string;
    /** Who recorded it, and whether on the applicant's behalf (centre staff) with the recorder's unit: such ratings do not count toward the recorder nor their unit. */
    readonly recordedBy?: string;
    readonly onBehalf?: boolean;
    readonly recorderUnitId?: string | null;
    readonly ratings: readonly { readonly criterion: SatisfactionCriterion; readonly score: number }[];
    readonly complaint: boolean;
    readonly routedTo: string | null;
    readonly answerDueAt: string | null;
    readonly answeredAt: string | null;
    readonly answeredLate: boolean | null;
    readonly at: string;
  }[];
  readonly mergers: readonly { readonly fromUnitId: string; readonly toUnitId: string; readonly at: string }[];
  /** Everyone who held it, and the units it went through (visibility). */
  readonly involved: readonly string[];
  readonly units: readonly string[];
}

const add = (list: readonly string[], x: string) => (list.includes(x) ? list : [...list, x]);

function closeStage(trail: readonly TrailStage[], o: StageOutcome): TrailStage[] {
  const out = [...trail];
  const last = out[out.length - 1];
  if (last && last.endedAt === null) out[out.length - 1] = { ...last, holder: o.holder, unitId: o.unitId, endedAt: o.endedAt, dueAt: o.dueAt, usedDays: o.usedDays, late: o.late };
  return out;
}

/** The view after one event. */
export function evolveDossierView(view: DossierView | undefined, event: DossierEvent): DossierView | undefined {
  if (event.type === 'DossierReceived') {
    if (view) return view;
    const d = event.data;
    const first = d.stages[0];
    return {
      dossierId: d.dossierId, receiptCode: d.receiptCode, procedureCode: d.procedureCode, procedureName: d.procedureName, procedureVersion: d.procedureVersion,
      statutoryDays: d.statutoryDays, centreUnitId: d.centreUnitId, status: 'in_progress', receivedAt: d.receivedAt, statutoryDueAt: d.appointmentAt,
      appointmentAt: d.appointmentAt, readyAt: null, closedAt: null, outcome: null,
      trail: [{ stageKey: first?.key ?? 'reception', stageName: first?.name ?? '', unitId: d.centreUnitId, holder: d.receivedBy, startedAt: d.receivedAt, endedAt: null, dueAt: d.stageDueAt, allowedDays: first?.shareDays ?? 0, usedDays: null, late: null, interAgency: false }],
      supplementRequests: [], apologies: [], returnReasons: [], feedback: [], mergers: [], involved: [d.receivedBy], units: [d.centreUnitId],
      stages: d.stages.map((s) => ({ key: s.key, name: s.name, shareDays: s.shareDays, unitIds: s.unitIds })),
    };
  }
  if (!view) return undefined;
  const stages = view.stages;
  switch (event.type) {
    case 'DossierHandedOver': {
      const d = event.data;
      const next = stages.find((s) => s.key === d.toStage);
      const trail = closeStage(view.trail, d.previous);
      trail.push({ stageKey: d.toStage, stageName: next?.name ?? d.toStage, unitId: d.toUnitId, holder: d.to, startedAt: d.handedOverAt, endedAt: null, dueAt: d.stageDueAt, allowedDays: next?.shareDays ?? 0, usedDays: null, late: null, interAgency: d.interAgency });
      return { ...view, trail, involved: add(view.involved, d.to), units: add(view.units, d.toUnitId) };
    }
    case 'DossierSupplementRequested': {
      const d = event.data;
      return { ...view, status: 'awaiting_supplement', supplementRequests: [...view.supplementRequests, { requestNo: d.requestNo, at: d.requestedAt, unitId: d.unitId, by: d.requestedBy, documents: d.items.map((i) => i.document), avoidableItems: d.avoidableItems }] };
    }
    case 'DossierSupplementReceived': {
      const d = event.data;
      const trail = [...view.trail];
      const last = trail[trail.length - 1];
      if (last && last.endedAt === null) trail[trail.length - 1] = { ...last, dueAt: d.stageDueAt };
      return { ...view, status: 'in_progress', trail, statutoryDueAt: d.statutoryDueAt, appointmentAt: d.appointmentAt };
    }
    case 'DossierApologyIssued': {
      const d = event.data;
      return { ...view, appointmentAt: d.newAppointmentAt, apologies: [...view.apologies, { unitId: d.unitId, stageKey: d.stageKey, by: d.issuedBy, reason: d.reason, at: d.issuedAt, newAppointmentAt: d.newAppointmentAt, beforeDue: d.beforeDue }] };
    }
    case 'DossierResultReady':
      return { ...view, status: 'result_ready', readyAt: event.data.readyAt, outcome: event.data.outcome };
    case 'DossierResultDelivered': {
      const o = view.trail[view.trail.length - 1];
      const trail = o && o.endedAt === null ? [...view.trail.slice(0, -1), { ...o, endedAt: event.data.deliveredAt, holder: event.data.deliveredBy }] : view.trail;
      return { ...view, status: 'delivered', closedAt: event.data.deliveredAt, trail };
    }
    case 'DossierReturnedWithReasons':
      return { ...view, status: 'returned', closedAt: event.data.returnedAt, readyAt: event.data.returnedAt, returnReasons: event.data.reasons, trail: closeStage(view.trail, event.data.stage) };
    case 'DossierWithdrawn':
      return { ...view, status: 'withdrawn', closedAt: event.data.withdrawnAt };
    case 'DossierFeedbackRecorded': {
      const d = event.data;
      return { ...view, feedback: [...view.feedback, { feedbackNo: d.feedbackNo, channel: d.channel, recordedBy: d.recordedBy, onBehalf: d.onBehalf ?? d.channel === 'centre', recorderUnitId: d.recorderUnitId !== undefined ? d.recorderUnitId : d.channel === 'centre' ? view.centreUnitId : null, ratings: d.ratings, complaint: d.complaint, routedTo: null, answerDueAt: null, answeredAt: null, answeredLate: null, at: d.recordedAt }] };
    }
    case 'DossierComplaintRouted': {
      const d = event.data;
      return { ...view, units: add(view.units, d.toUnitId), feedback: view.feedback.map((f) => (f.feedbackNo === d.feedbackNo ? { ...f, routedTo: d.toUnitId, answerDueAt: d.answerDueAt } : f)) };
    }
    case 'DossierComplaintAnswered': {
      const d = event.data;
      return { ...view, feedback: view.feedback.map((f) => (f.feedbackNo === d.feedbackNo ? { ...f, answeredAt: d.answeredAt, answeredLate: d.late } : f)) };
    }
    case 'DossierCarriedAcrossMerger': {
      const d = event.data;
      // Past stages keep their unit and their delay; the stage in hand moves to the successor unless it was already late (its delay stays).
      const trail = view.trail.map((s) => (s.endedAt === null && s.unitId === d.fromUnitId && d.stageLateAtMerger !== true ? { ...s, unitId: d.toUnitId } : s));
      const current = view.trail.findIndex((s) => s.endedAt === null);
      const from = Math.max(0, view.stages.findIndex((st) => st.key === view.trail[current]?.stageKey));
      const stages = view.stages.map((st, i) => (i >= from && st.unitIds.includes(d.fromUnitId) ? { ...st, unitIds: [...st.unitIds.filter((u) => u !== d.fromUnitId && u !== d.toUnitId), d.toUnitId] } : st));
      return { ...view, trail, stages, centreUnitId: view.centreUnitId === d.fromUnitId ? d.toUnitId : view.centreUnitId, units: add(view.units, d.toUnitId), mergers: [...view.mergers, { fromUnitId: d.fromUnitId, toUnitId: d.toUnitId, at: d.carriedAt }] };
    }
    default:
      return view;
  }
}

/** The stage in hand (null once closed). */
export function currentStage(v: DossierView): TrailStage | null {
  const last = v.trail[v.trail.length - 1];
  return last && last.endedAt === null && (v.status === 'in_progress' || v.status === 'awaiting_supplement' || v.status === 'result_ready') ? last : null;
}

/** What the public sees by receipt code: the procedure, the stage and the dates, no person and no unit staff. */
export function publicStatus(v: DossierView): Record<string, unknown> {
  const stage = currentStage(v);
  return {
    receiptCode: v.receiptCode,
    procedure: { code: v.procedureCode, name: v.procedureName },
    status: v.status,
    receivedAt: v.receivedAt,
    appointmentAt: v.appointmentAt,
    stage: stage ? { key: stage.stageKey, name: stage.stageName } : null,
    resultReadyAt: v.readyAt,
    apologies: v.apologies.map((a) => ({ at: a.at, reason: a.reason, newAppointmentAt: a.newAppointmentAt })),
    supplementRequested: v.status === 'awaiting_supplement' ? v.supplementRequests[v.supplementRequests.length - 1]?.documents ?? [] : [],
    returnReasons: v.returnReasons,
  };
}

const ms = (x: string) => Date.parse(x);
/** The Vietnam date of an instant, or null for odd data (a recorded event's odd date never breaks the board or the statistics). */
const dayOf = (x: unknown): string | null => {
  if (typeof x !== 'string') return null;
  try {
    return vnDate(x);
  } catch {
    return null;
  }
};

/** The centre's board at `now`: open dossiers by stage, due today, late, late by stage and unit. */
export function board(views: readonly DossierView[], now: string) {
  const today = dayOf(now);
  const open = views.filter((v) => currentStage(v) !== null && v.status !== 'result_ready');
  const byStage: Record<string, number> = {};
  const lateByStageAndUnit: Record<string, { stageKey: string; unitId: string; count: number }> = {};
  const dueToday: Array<Record<string, unknown>> = [];
  const late: Array<Record<string, unknown>> = [];
  for (const v of open) {
    const s = currentStage(v) as TrailStage;
    byStage[s.stageKey] = (byStage[s.stageKey] ?? 0) + 1;
    const paused = v.status === 'awaiting_supplement';
    const row = { dossierId: v.dossierId, receiptCode: v.receiptCode, procedureCode: v.procedureCode, stageKey: s.stageKey, unitId: s.unitId, holder: s.holder, stageDueAt: s.dueAt, appointmentAt: v.appointmentAt, awaitingSupplement: paused };
    if (!paused && today !== null && dayOf(s.dueAt) === today && ms(s.dueAt) >= ms(now)) dueToday.push(row);
    // Late at its own stage now, or late at an earlier stage.
    const lateNow = !paused && ms(s.dueAt) < ms(now);
    const earlier = v.trail.filter((t) => t.late === true);
    if (lateNow || earlier.length) {
      late.push({ ...row, lateNow, lateStages: earlier.map((t) => ({ stageKey: t.stageKey, unitId: t.unitId, holder: t.holder })) });
      for (const t of lateNow ? [...earlier, s] : earlier) {
        const k = `${t.stageKey}\u0000${t.unitId}`;
        (lateByStageAndUnit[k] ??= { stageKey: t.stageKey, unitId: t.unitId, count: 0 }).count += 1;
      }
    }
  }
  const readyForDelivery = views.filter((v) => v.status === 'result_ready').map((v) => ({ dossierId: v.dossierId, receiptCode: v.receiptCode, readyAt: v.readyAt, appointmentAt: v.appointmentAt }));
  return { at: now, open: open.length, byStage, dueToday, late, lateByStageAndUnit: Object.values(lateByStageAndUnit), readyForDelivery };
}

export interface MonthlyRow {
  readonly key: string;
  readonly finished: number;
  readonly early: number;
  readonly onTime: number;
  readonly late: number;
  readonly supplemented: number;
  readonly returned: number;
  readonly withdrawn: number;
  readonly apologies: number;
  /** Late against the statutory date with no apology before the due date (the decree's written apology missing or late). */
  readonly lateWithoutTimelyApology: number;
}

export interface UnitMonthlyRow {
  readonly unitId: string;
  readonly stagesEnded: number;
  readonly stagesOnTime: number;
  readonly stagesLate: number;
  readonly complaintsRouted: number;
  readonly complaintsAnsweredLate: number;
  /** Routed complaints still unanswered past their answer date at `asOf`. */
  readonly complaintsOverdue: number;
  readonly averageRating: number | null;
}

/** A staff member's month: the stages they held that ended in it, and the ratings of those dossiers. */
export interface StaffMonthlyRow {
  readonly staffId: string;
  readonly stagesEnded: number;
  readonly stagesOnTime: number;
  readonly stagesLate: number;
  readonly averageRating: number | null;
}

const inMonth = (at: string | null, year: number, month: number) => dayOf(at)?.startsWith(`${year}-${String(month).padStart(2, '0')}`) === true;

/**
 * Statistics of a month (Vietnam time): per procedure, dossiers whose processing ended
 * in the month (result ready, returned or withdrawn) by outcome; per unit, stages that
 * ended in the month on time or late (per-stage attribution), complaints routed to it
 * in the month and the mean rating of the dossiers it handled that ended in the month;
 * per staff member, the same for the stages they held.
 */
export function monthlyStatistics(views: readonly DossierView[], year: number, month: number, asOf: string = new Date(Date.UTC(year, month, 1) - 7 * 3600_000).toISOString()) {
  const procedures = new Map<string, { finished: number; early: number; onTime: number; late: number; supplemented: number; returned: number; withdrawn: number; apologies: number; lateWithoutTimelyApology: number }>();
  const units = new Map<string, { stagesEnded: number; stagesOnTime: number; stagesLate: number; complaintsRouted: number; complaintsAnsweredLate: number; complaintsOverdue: number; ratings: number[] }>();
  const unit = (id: string) => {
    let u = units.get(id);
    if (!u) units.set(id, (u = { stagesEnded: 0, stagesOnTime: 0, stagesLate: 0, complaintsRouted: 0, complaintsAnsweredLate: 0, complaintsOverdue: 0, ratings: [] }));
    return u;
  };
  const people = new Map<string, { stagesEnded: number; stagesOnTime: number; stagesLate: number; ratings: number[] }>();
  const person = (id: string) => {
    let p = people.get(id);
    if (!p) people.set(id, (p = { stagesEnded: 0, stagesOnTime: 0, stagesLate: 0, ratings: [] }));
    return p;
  };
  for (const v of views) {
    const endedAt = v.status === 'withdrawn' ? v.closedAt : v.readyAt;
    if (inMonth(endedAt, year, month)) {
      let p = procedures.get(v.procedureCode);
      if (!p) procedures.set(v.procedureCode, (p = { finished: 0, early: 0, onTime: 0, late: 0, supplemented: 0, returned: 0, withdrawn: 0, apologies: 0, lateWithoutTimelyApology: 0 }));
      p.finished += 1;
      if (v.status === 'returned') p.returned += 1;
      else if (v.status === 'withdrawn') p.withdrawn += 1;
      else if (v.outcome === 'early') p.early += 1;
      else if (v.outcome === 'on_time') p.onTime += 1;
      else if (v.outcome === 'late') {
        p.late += 1;
        if (!v.apologies.some((a) => a.beforeDue)) p.lateWithoutTimelyApology += 1;
      }
      if (v.supplementRequests.length) p.supplemented += 1;
      p.apologies += v.apologies.length;
    }
    for (const s of v.trail) {
      if (s.late === null || !inMonth(s.endedAt, year, month)) continue;
      const u = unit(s.unitId);
      const p = person(s.holder);
      u.stagesEnded += 1;
      p.stagesEnded += 1;
      if (s.late) {
        u.stagesLate += 1;
        p.stagesLate += 1;
      } else {
        u.stagesOnTime += 1;
        p.stagesOnTime += 1;
      }
    }
    // One applicant, one opinion per dossier: the latest ratings stand (interpretation), so repeating a rating cannot weigh a unit down or up.
    const rated = [...v.feedback].reverse().find((f) => f.ratings.length > 0);
    for (const f of v.feedback) {
      if (f.routedTo && inMonth(f.at, year, month)) {
        const u = unit(f.routedTo);
        u.complaintsRouted += 1;
        if (f.answeredLate) u.complaintsAnsweredLate += 1;
        if (f.answeredAt === null && f.answerDueAt !== null && ms(f.answerDueAt) < ms(asOf)) u.complaintsOverdue += 1;
      }
      // Ratings count in the month the dossier's processing ended (whenever the applicant gave them).
      if (inMonth(endedAt, year, month) && f === rated) {
        const mean = f.ratings.reduce((n, r) => n + r.score, 0) / f.ratings.length;
        const handled = v.trail.filter((t) => t.late !== null);
        // Recorded on the applicant's behalf: not in the recorder's own average nor their unit's (interpretation: nobody rates themselves).
        // Rows folded before the marks existed: channel `centre` is on behalf, the recorder's unit the centre (the recorder needs a rebuild).
        const onBehalf = f.onBehalf ?? f.channel === 'centre';
        const selfPerson = onBehalf ? f.recordedBy : undefined;
        const selfUnit = onBehalf ? (f.recorderUnitId ?? v.centreUnitId) : undefined;
        for (const id of new Set(handled.map((t) => t.unitId))) if (id !== selfUnit) unit(id).ratings.push(mean);
        for (const id of new Set(handled.map((t) => t.holder))) if (id !== selfPerson) person(id).ratings.push(mean);
      }
    }
  }
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return {
    year,
    month,
    procedures: [...procedures.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, p]): MonthlyRow => ({ key, ...p })),
    units: [...units.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([unitId, u]): UnitMonthlyRow => ({
      unitId, stagesEnded: u.stagesEnded, stagesOnTime: u.stagesOnTime, stagesLate: u.stagesLate, complaintsRouted: u.complaintsRouted,
      complaintsAnsweredLate: u.complaintsAnsweredLate, complaintsOverdue: u.complaintsOverdue, averageRating: u.ratings.length ? r2(u.ratings.reduce((a, b) => a + b, 0) / u.ratings.length) : null,
    })),
    staff: [...people.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([staffId, p]): StaffMonthlyRow => ({
      staffId, stagesEnded: p.stagesEnded, stagesOnTime: p.stagesOnTime, stagesLate: p.stagesLate, averageRating: p.ratings.length ? r2(p.ratings.reduce((a, b) => a + b, 0) / p.ratings.length) : null,
    })),
  };
}

/** The business instant of a dossier event, guarded (odd data gives null, never a throw). */
export function dossierEventInstant(event: DossierEvent): string | null {
  try {
    const at = dossierEventTime(event);
    return typeof at === 'string' && !Number.isNaN(Date.parse(at)) ? at : null;
  } catch {
    return null;
  }
}
