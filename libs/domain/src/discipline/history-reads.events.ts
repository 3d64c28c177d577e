import type { DomainEvent } from '../shared/decider.js';
import type { Instant, LocalDate } from '../shared/ids.js';

/**
 * Reads of a person's disciplinary history are themselves facts (DESIGN.md section 10:
 * who looked at whose case file, and when). They are appended without a decider: there
 * is no rule that could refuse a read that authorisation already allowed.
 */
export type CaseFileRead = DomainEvent<
  'CaseFileRead',
  {
    readonly caseId: string;
    readonly subjectId: string;
    readonly readBy: string;
    readonly readerRoles: readonly string[];
    readonly periodFrom: LocalDate;
    readonly periodTo: LocalDate;
    readonly eventsShown: number;
    readonly readAt: Instant;
  }
>;

export type StaffHistoryRead = DomainEvent<
  'StaffHistoryRead',
  {
    readonly staffId: string;
    readonly readBy: string;
    readonly readerRoles: readonly string[];
    readonly periodFrom: LocalDate;
    readonly periodTo: LocalDate;
    readonly eventsShown: number;
    readonly readAt: Instant;
  }
>;

/** Reads of one case's file: `case-file-reads-<caseId>`. */
export function caseFileReadsStream(caseId: string): string {
  return `case-file-reads-${caseId}`;
}

/** Reads of one person's history outside a case: `staff-history-reads-<staffId>`. */
export function staffHistoryReadsStream(staffId: string): string {
  return `staff-history-reads-${staffId}`;
}
