import type { FuzzRequest, FuzzResponse } from './http-client.js';

export interface RouteTally {
  tried: number;
  valid: number;
  invalid: number;
  s2xx: number;
  s3xx: number;
  s4xx: number;
  s5xx: number;
  other: number; // transport errors, status 0
  /** Events appended by accepted (2xx) requests: allowed. */
  appended: number;
  /** Rejected requests that appended events: must stay 0. */
  partialWrites: number;
  violations: number;
}

export interface Violation {
  readonly property: string;
  readonly request: FuzzRequest;
  readonly response: FuzzResponse;
  readonly appended?: ReadonlyArray<{ stream_id: string; revision: string; type: string }>;
}

export interface Outcome {
  readonly violations: string[];
  readonly appended: number;
}

/** The properties every response must have, checked against one exchange. */
export function checkResponse(response: FuzzResponse, appended: number): string[] {
  const problems: string[] = [];
  if (response.transportError !== undefined) problems.push(`no HTTP response: ${response.transportError}`);
  const status = response.status;
  if (status >= 500) problems.push(`5xx response (${status})`);
  if (status >= 400 && status < 500) {
    const contentType = String(response.headers['content-type'] ?? '');
    if (!contentType.startsWith('application/problem+json')) problems.push(`4xx without application/problem+json (content-type: ${contentType || 'none'})`);
    let body: unknown;
    try {
      body = JSON.parse(response.text);
    } catch {
      problems.push('4xx body is not JSON');
    }
    if (body !== undefined) {
      const problem = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
      if (problem.status !== status) problems.push(`problem.status ${JSON.stringify(problem.status)} is not the HTTP status ${status}`);
      if (typeof problem.code !== 'string' || problem.code.length === 0) problems.push('problem.code is not a non-empty string');
      if (typeof problem.title !== 'string' || problem.title.length === 0) problems.push('problem.title is not a non-empty string');
    }
  }
  if ((status >= 400 || status === 0) && appended !== 0) problems.push(`a rejected request appended ${appended} event(s)`);
  return problems;
}

export function emptyTally(): RouteTally {
  return { tried: 0, valid: 0, invalid: 0, s2xx: 0, s3xx: 0, s4xx: 0, s5xx: 0, other: 0, appended: 0, partialWrites: 0, violations: 0 };
}

export function record(tally: RouteTally, request: FuzzRequest, response: FuzzResponse, appended: number, violations: number): void {
  tally.tried++;
  if (request.intent === 'valid') tally.valid++;
  else tally.invalid++;
  const s = response.status;
  if (s >= 200 && s < 300) {
    tally.s2xx++;
    tally.appended += appended;
  } else if (s >= 300 && s < 400) tally.s3xx++;
  else if (s >= 400 && s < 500) tally.s4xx++;
  else if (s >= 500) tally.s5xx++;
  else tally.other++;
  if ((s >= 400 || s === 0) && appended !== 0) tally.partialWrites++;
  if (violations > 0) tally.violations++;
}

/** The per-route table (method + path template) and a total line. */
export function formatTable(tallies: ReadonlyMap<string, RouteTally>, header: string): string {
  const rows = [...tallies.entries()];
  const total = rows.reduce((acc, [, t]) => {
    for (const key of Object.keys(acc) as Array<keyof RouteTally>) acc[key] += t[key];
    return acc;
  }, emptyTally());
  const cols = ['tried', 'valid', 'invalid', '2xx', '3xx', '4xx', '5xx', 'no-resp', 'appended', 'partial', 'violating'];
  const values = (t: RouteTally): number[] => [t.tried, t.valid, t.invalid, t.s2xx, t.s3xx, t.s4xx, t.s5xx, t.other, t.appended, t.partialWrites, t.violations];
  const width = Math.max(5, ...rows.map(([k]) => k.length));
  const line = (name: string, nums: number[]): string => `${name.padEnd(width)} ${nums.map((n, i) => String(n).padStart(cols[i]!.length)).join(' ')}`;
  return [
    header,
    `${'route'.padEnd(width)} ${cols.join(' ')}`,
    ...rows.map(([k, t]) => line(k, values(t))),
    '-'.repeat(width + cols.join(' ').length + 1),
    line(`TOTAL (${rows.length} routes)`, values(total)),
  ].join('\n');
}

function excerpt(value: string | Uint8Array | undefined, max = 400): string {
  if (value === undefined) return '(none)';
  const text = typeof value === 'string' ? value : `bytes ${Buffer.from(value).toString('hex')}`;
  return text.length > max ? `${JSON.stringify(text.slice(0, max))}... (${text.length} chars)` : JSON.stringify(text);
}

/** A failing exchange, precisely enough to reproduce it with curl. */
export function formatViolation(v: Violation): string {
  const headers = Object.entries(v.request.headers)
    .map(([k, val]) => `    ${k}: ${val.length > 120 ? `${val.slice(0, 120)}... (${val.length} chars)` : val}`)
    .join('\n');
  const url = v.request.url.length > 300 ? `${v.request.url.slice(0, 300)}... (${v.request.url.length} chars)` : v.request.url;
  return [
    `✗ ${v.property}`,
    `  ${v.request.method} ${url}   [${v.request.intent}; ${v.request.mutations.join(' + ') || 'no mutation'}]`,
    `  request headers:\n${headers || '    (none)'}`,
    `  request body: ${excerpt(v.request.body)}`,
    `  response: ${v.response.status} content-type=${String(v.response.headers['content-type'] ?? '')} ${v.response.transportError ?? ''}`,
    `  response body: ${excerpt(v.response.text, 600)}`,
    ...(v.appended && v.appended.length ? [`  appended: ${v.appended.map((e) => `${e.stream_id}@${e.revision} ${e.type}`).join(', ')}`] : []),
  ].join('\n');
}
