import type { Instant, LocalDate } from './ids.js';

/**
 * Value checks the deciders share. Commands are validated at the HTTP edge too, but
 * the domain re-checks what its rules depend on: a command can also come from the
 * CLI, an importer or a test.
 */

/** True for undefined, null, or a string with nothing but whitespace. */
export function isBlank(value: string | null | undefined): boolean {
  return value === undefined || value === null || value.trim() === '';
}

/** True for a parseable ISO 8601 instant with a time part (a bare date is not an instant). */
export function isInstant(value: unknown): value is Instant {
  return typeof value === 'string' && value.includes('T') && !Number.isNaN(Date.parse(value));
}

/** True for a real calendar date written `YYYY-MM-DD` (rejects `2026-02-30`). */
export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value);
}
