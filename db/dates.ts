/** Dates without the validation library: a command that only reads a date need not load zod. */

/**
 * The earliest date an event may have: the living wage campaign began in London in 2001, so no commitment to it
 * can be older, and a year before it is a typing mistake (0024 for 2024).
 */
export const FIRST_EVENT_DATE = "2001-01-01";

let todayCache = { at: 0, value: "" };

/** Today in ISO form, overridable for tests of "a date in the future". Re-read at most every second: imports ask per row. */
export function todayIso(): string {
  const now = Date.now();
  if (now - todayCache.at > 1000)
    todayCache = { at: now, value: process.env.LWD_TODAY ?? new Date(now).toISOString().slice(0, 10) };
  return todayCache.value;
}

/** A date written YYYY-MM-DD that exists on the calendar (no 2023-02-30). */
export function isRealIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** Evidence older than this many years on the as-of date is called old: it has not been re-confirmed since. */
export const EVIDENCE_FRESH_YEARS = 2;

/** The date `years` years before `iso` (29 February goes to 28 February in a year without one). */
export function yearsBefore(iso: string, years: number): string {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y - years, m - 1, d));
  // Date.UTC rolls 29 February into March in a common year; the day before is the same day of the year in spirit.
  if (date.getUTCMonth() !== m - 1) date.setUTCDate(0);
  return date.toISOString().slice(0, 10);
}

/** Whether evidence dated `on` is more than `years` years old on `asOf`. */
export function isEvidenceOld(on: string, asOf: string, years = EVIDENCE_FRESH_YEARS): boolean {
  return on < yearsBefore(asOf, years);
}
