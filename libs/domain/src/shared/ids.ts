/** ISO 8601 instant, e.g. `2026-03-01T08:00:00Z`. Kept as a string: events are plain JSON. */
export type Instant = string;
/** Calendar date `YYYY-MM-DD`. */
export type LocalDate = string;

/** Milliseconds since epoch of an instant; throws on a malformed value. */
export function toMillis(instant: Instant): number {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new TypeError(`Not an ISO 8601 instant: ${instant}`);
  return ms;
}

export function isBefore(a: Instant, b: Instant): boolean {
  return toMillis(a) < toMillis(b);
}
