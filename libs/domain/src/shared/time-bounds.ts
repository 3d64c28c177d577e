import type { Decider } from './decider.js';
import { ValidationFailed, type FieldError } from './errors.js';

/**
 * The years an instant or a date of the record may fall in. The read models store
 * instants in PostgreSQL `timestamptz` and JavaScript `Date`, which cannot both
 * represent everything ISO 8601 can spell (`+010000-01-01`, offsets of -23:59 near
 * 9999-12-31): one such value in an event used to stop the projections for good
 * (issue 12). No fact of a civil servant's record lies outside these years: the oldest
 * a record can reach (joining dates of serving staff, historical imports) is well
 * after 1900, and deadlines and effective dates are at most decades ahead.
 * Interpretation, not law: the bound is what the read side can represent with margin.
 */
export const EARLIEST_YEAR = 1900;
export const LATEST_YEAR = 2200;

const DATE_LIKE = /^([+-]\d{6}|\d{4})-\d{2}-\d{2}(T|$)/;

function inBounds(ms: number, literalYear: number): boolean {
  if (Number.isNaN(ms)) return false;
  const year = new Date(ms).getUTCFullYear();
  return year >= EARLIEST_YEAR && year <= LATEST_YEAR && literalYear >= EARLIEST_YEAR && literalYear <= LATEST_YEAR;
}

/** True for an ISO 8601 instant with a time part whose year (as written and in UTC) is within EARLIEST_YEAR..LATEST_YEAR. */
export function isRepresentableInstant(value: unknown): value is string {
  if (typeof value !== 'string' || !DATE_LIKE.test(value) || !value.includes('T')) return false;
  // A day that does not exist (2027-02-30) is not rolled over into the next month, as Date.parse does.
  if (!isRepresentableDate(value.slice(0, value.indexOf('T')))) return false;
  return inBounds(Date.parse(value), Number(value.slice(0, value.indexOf('-', 1))));
}

/** True for a calendar date `YYYY-MM-DD` within EARLIEST_YEAR..LATEST_YEAR (real dates only: no 2026-02-30). */
export function isRepresentableDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return inBounds(ms, Number(value.slice(0, 4))) && new Date(ms).toISOString().startsWith(value);
}

/** A string that is written like a date or an instant (so a bound applies to it). */
function looksTemporal(value: string): boolean {
  return DATE_LIKE.test(value) && !Number.isNaN(Date.parse(value.includes('T') ? value : `${value}T00:00:00Z`));
}

/**
 * Every date or instant in a command's data (at any depth) that lies outside the
 * representable years, with the path of its field. Free text is left alone: only
 * strings written entirely as an ISO 8601 date or instant are dates.
 */
export function unrepresentableTimes(data: unknown, path = ''): FieldError[] {
  const found: FieldError[] = [];
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: data, path, depth: 0 }];
  while (stack.length > 0) {
    const { value, path: at, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (!looksTemporal(value)) continue;
      const ok = value.includes('T') ? isRepresentableInstant(value) : isRepresentableDate(value);
      if (!ok) found.push({ field: at || '(value)', message: `must lie in the years ${EARLIEST_YEAR}..${LATEST_YEAR}` });
      continue;
    }
    if (typeof value !== 'object' || value === null || depth > 32) continue;
    for (const [key, child] of Object.entries(value)) {
      stack.push({ value: child, path: Array.isArray(value) ? `${at}[${key}]` : at ? `${at}.${key}` : key, depth: depth + 1 });
    }
  }
  return found.sort((a, b) => a.field.localeCompare(b.field));
}

/** Refuses (422 `time_out_of_range`) a command whose business time or data holds a date the record cannot represent. */
export function refuseUnrepresentableTimes(command: { readonly data?: unknown; readonly now?: unknown }): void {
  const errors = [...unrepresentableTimes(command.data), ...unrepresentableTimes(command.now, 'occurredAt')];
  if (errors.length > 0) {
    throw new ValidationFailed(
      'time_out_of_range',
      `${errors.map((e) => e.field).join(', ')} ${errors.length === 1 ? 'is' : 'are'} outside the years ${EARLIEST_YEAR}..${LATEST_YEAR} the record can hold`,
      errors,
    );
  }
}

/**
 * The decider with the time bound in front of `decide`: whoever calls it (HTTP, CLI,
 * importer, a process manager) cannot record a date the read side cannot represent.
 */
export function withTimeBounds<S, C extends { readonly data?: unknown; readonly now?: unknown }, E>(decider: Decider<S, C, E>): Decider<S, C, E> {
  return {
    ...decider,
    decide: (command, state) => {
      refuseUnrepresentableTimes(command);
      return decider.decide(command, state);
    },
  };
}
