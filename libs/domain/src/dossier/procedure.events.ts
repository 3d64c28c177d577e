import type { DomainEvent } from '../shared/decider.js';
import type { Instant, LocalDate } from '../shared/ids.js';

/** What a stage of a procedure does: the one-stop centre receives and returns, units process and approve. */
export type StageKind = 'reception' | 'processing' | 'approval' | 'return';
export const STAGE_KINDS: readonly StageKind[] = ['reception', 'processing', 'approval', 'return'];

/** One stage of a procedure, in order, with its share of the statutory time. */
export interface ProcedureStage {
  /** Stable key within the procedure (`reception`, `commune`, `land_office`...). */
  readonly key: string;
  readonly name: string;
  readonly kind: StageKind;
  /** The agency the stage belongs to; a hand-over between two agencies is inter-agency (liên thông). */
  readonly agency: string;
  /** Units that may hold the dossier at this stage (the commune centres of the province, the land office...). */
  readonly unitIds: readonly string[];
  /** Working days of the statutory time given to this stage (0.5 steps allowed). */
  readonly shareDays: number;
}

/**
 * A version of an administrative procedure of the province's catalogue, in force from
 * `effectiveFrom` until the next version's date. The stage shares add up to the
 * statutory time.
 */
export type ProcedureVersionPublished = DomainEvent<
  'ProcedureVersionPublished',
  {
    /** Code of the procedure in the national database of administrative procedures. */
    readonly procedureCode: string;
    readonly name: string;
    readonly effectiveFrom: LocalDate;
    /** Statutory processing time, working days. */
    readonly statutoryDays: number;
    readonly stages: readonly ProcedureStage[];
    /** The decision that published the procedure and its internal process. */
    readonly legalBasis: string;
    readonly publishedBy: string;
    readonly publishedAt: Instant;
  }
>;

/** Every event of a `procedure-<code>` stream. */
export type ProcedureEvent = ProcedureVersionPublished;
