import { ApiProperty, ApiPropertyOptional, type OpenAPIObject } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from '#platform';

/** One field error of a problem. */
export class ProblemFieldError {
  @ApiProperty({ example: 'dueAt', description: 'Path of the field in the request (dots for nesting)' }) field!: string;
  @ApiProperty({ example: 'must be an ISO 8601 instant' }) message!: string;
}

/** RFC 9457 problem details: the body of every error response. */
export class Problem {
  @ApiProperty({ format: 'uri', example: 'https://accountability-ledger.dev/problems/assignment/six_clear_incomplete' }) type!: string;
  @ApiProperty({ example: 'Invalid request' }) title!: string;
  @ApiProperty({ minimum: 400, maximum: 599, example: 422 }) status!: number;
  @ApiPropertyOptional({ example: 'The assignment is not "6 clear": deliverable missing' }) detail?: string;
  @ApiPropertyOptional({ example: '/api/v1/assignments', description: 'The path of the request' }) instance?: string;
  @ApiProperty({ example: 'assignment.six_clear_incomplete', description: 'Stable machine-readable code' }) code!: string;
  @ApiPropertyOptional({ type: [ProblemFieldError], description: 'One entry per refused field' }) errors?: ProblemFieldError[];
  @ApiPropertyOptional({ example: 'Decree 335/2025/ND-CP art. 3', description: 'Legal or policy source of a violated rule' }) source?: string;
  @ApiPropertyOptional({ minimum: 0, description: 'On 409/412: the current version of the resource' }) currentVersion?: number;
}

/** Tag descriptions (Spectral `operation-tag-defined`: every tag an operation uses is declared). */
const TAGS: Record<string, string> = {
  units: 'Organisation: units and their subtree',
  staff: 'Staff directory, transfers, leadership, leaves, departures, history',
  assignments: 'Work with the "6 clear": issue, accept, hand off, complete, review; the responsibility trail',
  consultations: 'Requests for an opinion, answers, avoidance flags',
  commendations: 'Commendations and their revocation',
  'innovation-proposals': 'Innovation proposals (Decree 73/2023): approval, rejection, outcome',
  'disciplinary-cases': 'Disciplinary cases, the council, the decision, appeals, the case file',
  dossiers: 'Administrative-procedure dossiers: catalogue, one-stop reception, stages, supplement, apology, feedback, board, public lookup, statistics',
  'evaluation-cycles': 'Annual quality classification: cycles, scores, runs, decisions, appeals, results',
  indicators: 'Indicators per staff member and unit; the avoidance watchlist',
  audit: 'Tamper evidence: hash-chain verification and Merkle digests',
  integration: 'The accountability event feed for other services',
  health: 'Liveness and readiness',
};

interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: unknown;
  responses: Record<string, { description: string; content?: Record<string, unknown>; headers?: Record<string, unknown> }>;
  'x-roles'?: string[];
}

const STATUS_TEXT: Record<string, string> = { '200': 'OK', '201': 'Created', '204': 'No content' };

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/** The error answers every operation of a kind can give, described once. */
function standardProblems(method: string, path: string, op: Operation): Record<string, string> {
  const out: Record<string, string> = {};
  const takesInput = (op.parameters?.length ?? 0) > 0 || op.requestBody !== undefined;
  if (takesInput) out['400'] = 'Invalid request: a field or parameter is refused (`validation_failed`, `unknown_field`, `invalid_cursor`, `malformed_request`)';
  if (op.security?.length) {
    out['401'] = 'No or invalid bearer token';
    out['403'] = `Not allowed: the caller's roles or unit scope do not cover this`;
  }
  if (path.includes('{')) out['404'] = 'Not found, or outside the caller\'s scope (the two answer the same)';
  if (method === 'post') {
    out['409'] = 'Conflict: the resource changed concurrently, already exists, or the state forbids the command';
    if (op.parameters?.some((p) => p.in === 'header' && p.name.toLowerCase() === 'if-match')) out['412'] = 'If-Match names a version other than the current one';
    if (op.requestBody !== undefined) {
      out['413'] = 'The request body is too large';
      out['415'] = 'The request body is not application/json';
    }
    out['422'] = 'A business rule refuses the command (the `code` names it, `source` its legal basis)';
  }
  out['500'] = 'Unexpected error (logged with the correlation id)';
  return out;
}

const COMMAND_HEADERS = {
  ETag: { description: 'The stream version after the command, quoted (send it back as If-Match)', schema: { type: 'string', example: '"4"' } },
  'Ledger-Position': {
    description: 'Global position of the last event appended: the consistency token a later GET can send as Ledger-Min-Position',
    schema: { type: 'string', pattern: '^[0-9]+$', example: '1042' },
  },
  'Idempotent-Replayed': { description: '`true` when this is the stored answer to an earlier request with the same Idempotency-Key', schema: { type: 'string', enum: ['true'] } },
};

/** The response headers of a command run by the executor (ETag, consistency token, idempotent replay; Location on creation). */
function addCommandHeaders(op: Operation): void {
  for (const [status, response] of Object.entries(op.responses)) {
    if (!status.startsWith('2')) continue;
    response.headers = {
      ...COMMAND_HEADERS,
      ...(status === '201' ? { Location: { description: 'Path of the created resource', schema: { type: 'string', format: 'uri-reference' } } } : {}),
      ...response.headers,
    };
  }
}

/**
 * Completes the generated document into a full contract (issue 10 item 7): global tags
 * and servers, a description naming the roles of every operation, the response headers
 * of command routes (ETag, Ledger-Position, Idempotent-Replayed, Location), and every 4xx/5xx
 * answer as `application/problem+json` with the Problem schema, including the
 * standard ones each kind of operation can give. Spectral `spectral:oas` reports
 * nothing on the result (`npm run lint`).
 */
export function completeOpenApiDocument(document: OpenAPIObject): OpenAPIObject {
  document.servers = [{ url: '/', description: 'This server' }];
  const used = new Set<string>();
  const problemRef = { $ref: '#/components/schemas/Problem' };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const op = (item as Record<string, Operation | undefined>)[method];
      if (!op) continue;
      for (const tag of op.tags ?? []) used.add(tag);
      const roles = op['x-roles'];
      const who = roles ? `Roles: ${roles.join(', ')} (admin always).` : 'Public: no token needed.';
      op.description = [op.description ?? op.summary, who].filter(Boolean).join('\n\n');
      if (op.parameters?.some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key')) addCommandHeaders(op);
      for (const [status, description] of Object.entries(standardProblems(method, path, op))) {
        op.responses[status] ??= { description };
      }
      for (const [status, response] of Object.entries(op.responses)) {
        if (!response.description) response.description = STATUS_TEXT[status] ?? 'Answer';
        if (Number(status) >= 400) response.content = { [PROBLEM_CONTENT_TYPE]: { schema: problemRef } };
      }
    }
  }
  document.tags = [...used].sort().map((name) => ({ name, description: TAGS[name] ?? name }));
  return document;
}
