import type { EntityManager } from 'typeorm';
import { evolveCase, initialCaseState, type CaseState } from '#domain';
import type { CaseEvent, ConsequencesRecorded } from '#domain';
import type { RecordedEvent } from '#event-store';
import type { Projection } from '../projection.js';
import { TableBatch, json, writeRows, type Row } from '../shared/table-batch.js';

const CASE_TYPES = new Set([
  'CaseOpened',
  'CouncilConvened',
  'StatementRecorded',
  'EvidenceAttached',
  'ProcessingPeriodExtended',
  'CouncilVoted',
  'DecisionIssued',
  'CaseDismissed',
  'AppealFiled',
  'AppealResolved',
  'SummonsIssued',
  'SelfReviewMeetingHeld',
  'CouncilMemberReplaced',
  'DocumentAttached',
  'CaseSuspended',
  'CaseResumed',
  'CaseExempted',
  'ConsequencesRecorded',
]);

/** Everyone who sits on the case's council (chair, secretary, members): they, and only they, of the council role see it. */
export function councilOf(state: CaseState): string[] {
  if (state.status === 'none' || !state.file.council) return [];
  const c = state.file.council;
  return [...new Set([c.chair, c.secretary, ...c.members])];
}

/** Streams the evidence of the case points at, for "a later case about the same work". */
export function evidenceStreamsOf(state: CaseState): string[] {
  if (state.status === 'none') return [];
  return [...new Set(state.file.allegations.flatMap((a) => a.evidence.map((ref) => ref.streamId)))];
}

/** Disciplinary cases (`disciplinary_cases_v1`): the folded domain state plus the columns lists filter on. */
export class DisciplineProjection implements Projection {
  readonly name = 'disciplinary_cases_v1';
  readonly handles: ReadonlySet<string> = CASE_TYPES;
  readonly tables = ['disciplinary_cases_v1', 'discipline_consequences_v1'];

  /**
   * Set-based (see shared/table-batch.ts): one read of the cases the batch touches, the
   * domain's `evolveCase` in memory, one upsert; consequences replaced per case with one
   * delete and one insert.
   */
  async apply(events: readonly RecordedEvent[], m: EntityManager): Promise<void> {
    const mine = events.filter((e) => CASE_TYPES.has(e.type) && e.streamId.startsWith('case-'));
    if (mine.length === 0) return;
    const cases = new TableBatch('disciplinary_cases_v1', ['id']);
    await cases.load(m, mine.map((e) => ({ id: e.streamId.slice('case-'.length) })));
    /** The consequences standing after the batch, per case that recorded any. */
    const consequences = new Map<string, Row[]>();
    for (const e of mine) {
      const id = e.streamId.slice('case-'.length);
      if (e.type === 'ConsequencesRecorded') {
        const d = e.data as ConsequencesRecorded['data'];
        const byKind = new Map(d.consequences.map((c) => [c.kind, c]));
        consequences.set(id, [...byKind.values()].map((c) => ({
          case_id: id, subject_id: d.subjectId, kind: c.kind, decision_no: d.decisionNo, form: d.form, from_date: c.from, until_date: c.until, source: c.source,
        })));
      }
      const row = cases.get({ id });
      const state = evolveCase((row?.state as CaseState | undefined) ?? initialCaseState(), { type: e.type, data: e.data } as CaseEvent);
      if (state.status === 'none') continue;
      const openedAt = e.type === 'CaseOpened' ? (e.data as { openedAt: string }).openedAt : undefined;
      // Columns the per-event upsert never replaced keep the first value written.
      const kept = row ?? {
        id, seq: e.position.toString(), subject_id: state.file.subjectId, subject_category: state.file.subjectCategory, opened_at: openedAt ?? e.recordedAt,
      };
      cases.set({
        ...kept, status: state.status, processing_deadline: state.file.processingDeadline, council_members: councilOf(state),
        evidence_streams: evidenceStreamsOf(state), state: json(state), version: Number(e.revision) + 1,
      });
    }
    await cases.write(m);
    if (consequences.size > 0) {
      await m.query('DELETE FROM discipline_consequences_v1 WHERE case_id = ANY ($1)', [[...consequences.keys()]]);
      await writeRows(m, 'discipline_consequences_v1', ['case_id', 'kind'], [...consequences.values()].flat());
    }
  }
}
