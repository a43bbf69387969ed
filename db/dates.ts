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

/** A length of time as `lwd stale --older-than` takes it: 2y, 18m, 90d. */
export interface Period {
  amount: number;
  unit: "y" | "m" | "d";
}

/** The date a period before `iso`; a day that month lacks (31 April, 29 February) goes to the month's last day. */
export function periodBefore(iso: string, { amount, unit }: Period): string {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  if (unit === "d") return new Date(Date.UTC(y, m - 1, d - amount)).toISOString().slice(0, 10);
  const months = unit === "y" ? amount * 12 : amount;
  const target = new Date(Date.UTC(y, m - 1 - months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

/** The date `years` years before `iso`. */
export function yearsBefore(iso: string, years: number): string {
  return periodBefore(iso, { amount: years, unit: "y" });
}

/** Whether evidence dated `on` is more than `years` years old on `asOf`. */
export function isEvidenceOld(on: string, asOf: string, years = EVIDENCE_FRESH_YEARS): boolean {
  return on < yearsBefore(asOf, years);
}

const dateFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});

/** 2011-05-12 → "12 May 2011", the one way prose writes a date; a timestamp is cut to its date. */
export function formatDate(iso: string): string {
  return dateFormat.format(new Date(`${iso.slice(0, 10)}T00:00:00Z`));
}

/** The day before an ISO date: the last day of a rate that is replaced on `iso`. */
export function dayBefore(iso: string): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}
