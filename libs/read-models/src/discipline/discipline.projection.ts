import type { EntityManager } from 'typeorm';
import { evolveCase, initialCaseState, type CaseState } from '#domain';
import type { CaseEvent, ConsequencesRecorded } from '#domain';
import type { RecordedEvent } from '#event-store';
import type { Projection } from '../projection.js';

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

  async apply(events: readonly RecordedEvent[], m: EntityManager): Promise<void> {
    for (const e of events) {
      if (!CASE_TYPES.has(e.type) || !e.streamId.startsWith('case-')) continue;
      const id = e.streamId.slice('case-'.length);
      if (e.type === 'ConsequencesRecorded') await this.consequences(id, e.data as ConsequencesRecorded['data'], m);
      const rows = (await m.query('SELECT seq::text AS seq, state FROM disciplinary_cases_v1 WHERE id = $1', [id])) as Array<{
        seq: string;
        state: CaseState;
      }>;
      const state = evolveCase(rows[0]?.state ?? initialCaseState(), { type: e.type, data: e.data } as CaseEvent);
      if (state.status === 'none') continue;
      const openedAt = e.type === 'CaseOpened' ? (e.data as { openedAt: string }).openedAt : undefined;
      await m.query(
        `INSERT INTO disciplinary_cases_v1 (id, seq, subject_id, subject_category, status, opened_at, processing_deadline,
           council_members, evidence_streams, state, version)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)
         ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, processing_deadline = EXCLUDED.processing_deadline,
           council_members = EXCLUDED.council_members, evidence_streams = EXCLUDED.evidence_streams,
           state = EXCLUDED.state, version = EXCLUDED.version`,
        [
          id, rows[0]?.seq ?? e.position.toString(), state.file.subjectId, state.file.subjectCategory, state.status,
          openedAt ?? e.recordedAt, state.file.processingDeadline, councilOf(state), evidenceStreamsOf(state),
          JSON.stringify(state), Number(e.revision) + 1,
        ],
      );
    }
  }

  /** A case's consequences are replaced as a whole: an appeal can lighten or annul them. */
  private async consequences(caseId: string, data: ConsequencesRecorded['data'], m: EntityManager): Promise<void> {
    await m.query('DELETE FROM discipline_consequences_v1 WHERE case_id = $1', [caseId]);
    if (data.consequences.length === 0) return;
    await m.query(
      `INSERT INTO discipline_consequences_v1 (case_id, subject_id, kind, decision_no, form, from_date, until_date, source)
       SELECT $1, $2, c.kind, $3, $4, c.from_date::date, c.until_date::date, c.source
       FROM unnest($5::text[], $6::text[], $7::text[], $8::text[]) AS c(kind, from_date, until_date, source)
       ON CONFLICT (case_id, kind) DO UPDATE SET from_date = EXCLUDED.from_date, until_date = EXCLUDED.until_date, source = EXCLUDED.source`,
      [
        caseId, data.subjectId, data.decisionNo, data.form,
        data.consequences.map((c) => c.kind), data.consequences.map((c) => c.from),
        data.consequences.map((c) => c.until), data.consequences.map((c) => c.source),
      ],
    );
  }
}
