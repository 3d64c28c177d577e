import type { LegalSource, MetricName, Outcome, StaffCategory } from './policy.types.js';

/** A value shown in the trace. `null` marks a metric that could not be computed. */
export type TraceValue = number | string | boolean | null;

/** What part of the policy a trace entry comes from. */
export type TraceKind =
  | 'policy'
  | 'parameter'
  | 'scope'
  | 'eligibility'
  | 'scoring'
  | 'ladder'
  | 'cap'
  | 'override'
  | 'quota'
  | 'result';

/**
 * One rule evaluated, with what it saw, what it decided and why it exists. The list
 * is the explanation a staff member, an appeal or a council reads.
 */
export interface TraceEntry {
  /** `<policy id>/<rule id>`, stable across runs. */
  readonly rule: string;
  readonly kind: TraceKind;
  readonly inputs: Readonly<Record<string, TraceValue>>;
  /**
   * `pass`/`fail` for conditions, `no_data` when a metric was missing, `applied`/
   * `not_applied` for caps, overrides and quota, `info` for parameters and results.
   */
  readonly outcome: 'pass' | 'fail' | 'no_data' | 'applied' | 'not_applied' | 'info';
  /** The consequence, in words (e.g. `level <= completed`). */
  readonly effect?: string;
  readonly source: LegalSource;
}

/** The outcome of classifying one staff member for one year under one policy. */
export interface ClassificationResult {
  readonly staffId: string;
  readonly unitId: string;
  readonly taskGroup: string;
  readonly category: StaffCategory;
  readonly isLeader: boolean;
  readonly year: number;
  /** Policy id (with overlays, `<base>+<overlay>...`) and version. */
  readonly policyId: string;
  readonly policyVersion: number;
  readonly level: Outcome;
  /** Annual score, under a points policy. */
  readonly score?: number;
  /** The metrics the rules read (missing ones left out); the quota pass sorts on them. */
  readonly metrics: Readonly<Partial<Record<MetricName, number>>>;
  readonly trace: readonly TraceEntry[];
}
