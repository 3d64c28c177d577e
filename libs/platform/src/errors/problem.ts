/** RFC 9457 problem details, the body of every error response. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  /** Stable machine-readable code, e.g. `assignment.handoff_to_self`. */
  readonly code: string;
  readonly errors?: ReadonlyArray<{ readonly field: string; readonly message: string }>;
  /** Legal or policy source of a violated rule. */
  readonly source?: string;
  readonly [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const TYPE_BASE = 'https://accountability-ledger.dev/problems/';

export function problemType(code: string): string {
  return `${TYPE_BASE}${code.replace(/\./g, '/')}`;
}

/** An HTTP-level error raised at the edge (auth, headers, routing) with a stable code. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    detail?: string,
    readonly errors: ReadonlyArray<{ field: string; message: string }> = [],
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
    this.name = 'HttpProblem';
  }
}
