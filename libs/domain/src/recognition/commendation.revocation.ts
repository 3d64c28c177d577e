import type { LocalDate } from '../shared/ids.js';
import type { CommendationState } from './commendation.decide.js';
import { RECOGNITION_SOURCES } from './recognition.sources.js';

/** A disciplinary decision that stands, as the revocation rule needs it. */
export interface DisciplinaryFinding {
  /** Reference recorded on the revocation, e.g. the case stream `case-<id>`. */
  readonly findingRef: string;
  readonly subjectId: string;
  readonly decisionNo: string;
  /** Dates of the violations the decision found proven. */
  readonly violationDates: readonly LocalDate[];
}

/** One commendation the finding revokes, ready to become a `RevokeCommendation` command. */
export interface CommendationRevocationDue {
  readonly commendationId: string;
  readonly reason: string;
  readonly findingRef: string;
  /** The finding's decision; the revoking decision number is the competent body's own. */
  readonly findingDecisionNo: string;
  /** The violation dates that fall inside the commended period. */
  readonly violationDates: readonly LocalDate[];
  readonly source: string;
}

/**
 * Which of a person's commendations a later disciplinary finding revokes: those granted
 * to that person whose commended period contains a proven violation date
 * (Law on Emulation and Commendation 2022; Decree 98/2023, indicative).
 *
 * A commendation with no period at all is never returned: without a period the
 * overlap is a judgement for the competent body, not arithmetic. A missing bound is
 * open (a period "from 2024" covers every later date). Revoked commendations and unit
 * commendations are skipped.
 */
export function commendationsToRevoke(
  finding: DisciplinaryFinding,
  commendations: readonly CommendationState[],
): readonly CommendationRevocationDue[] {
  const due: CommendationRevocationDue[] = [];
  for (const commendation of commendations) {
    if (commendation.status !== 'granted') continue;
    const { grant } = commendation;
    if (grant.recipient.kind !== 'person' || grant.recipient.id !== finding.subjectId) continue;
    if (grant.periodFrom === undefined && grant.periodTo === undefined) continue;
    const inside = finding.violationDates.filter(
      (date) =>
        (grant.periodFrom === undefined || date >= grant.periodFrom) &&
        (grant.periodTo === undefined || date <= grant.periodTo),
    );
    if (inside.length === 0) continue;
    due.push({
      commendationId: grant.commendationId,
      reason: `Disciplinary decision ${finding.decisionNo} found a violation within the commended period`,
      findingRef: finding.findingRef,
      findingDecisionNo: finding.decisionNo,
      violationDates: inside,
      source: RECOGNITION_SOURCES.revocation,
    });
  }
  return due;
}
