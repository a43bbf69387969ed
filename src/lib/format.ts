/** Words and formats the site shows, shared by pages and the browser scripts (no database, no Node APIs). */

// The words for statuses, events and rate areas live in db/labels.ts, shared with `lwd`.
export {
  correctionText,
  EVENT_LABELS,
  LIVING_WAGE_NAMES,
  RATE_AREA_LABELS,
  RATE_AREA_PLACES,
  SCHEME_LABELS,
  schemeStatusWord,
  sourceHost,
  STATUS_LABELS,
  statusKey,
  type StatusKey,
} from "../../db/labels.ts";
import { dayBefore } from "../../db/dates.ts";
import { LIVING_WAGE_NAMES, type StatusKey } from "../../db/labels.ts";
import { formatPence, type MustPay, type RateThen } from "../../db/rate-floor.ts";
import type { RateArea } from "../../db/enums.ts";

const dateFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});
const monthFormat = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });

/** 2011-05-12 → "12 May 2011"; a timestamp is cut to its date. */
export function formatDate(iso: string): string {
  return dateFormat.format(new Date(`${iso.slice(0, 10)}T00:00:00Z`));
}

/** 2011-05 → "May 2011". */
export function formatMonth(isoMonth: string): string {
  return monthFormat.format(new Date(`${isoMonth.slice(0, 7)}-01T00:00:00Z`));
}

const countFormat = new Intl.NumberFormat("en-GB");
/** 12345 → "12,345". */
export function formatCount(n: number): string {
  return countFormat.format(n);
}

/** "1 employer", "2 employers". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/**
 * A stored http(s) address as the URL parser writes it, for an href: quotes and angle brackets come out
 * percent-encoded, so the address cannot end its attribute whatever the template engine does with it.
 */
export function externalHref(address: string): string {
  try {
    const url = new URL(address);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : "#";
  } catch {
    return "#";
  }
}

/** JSON for a <script> data block (JSON-LD): escapes what could end the block or confuse an HTML parser. */
export function safeJson(value: object): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/**
 * What an accredited employer must pay, in one sentence: "Must pay at least £14.80 an hour, the London Living Wage."
 * During an implementation window both rates: "… £13.85 an hour until 30 April 2026; £14.80 from 1 May 2026, …".
 */
export function mustPaySentence(m: MustPay | null, area: RateArea, on: string): string {
  const name = LIVING_WAGE_NAMES[area];
  if (!m) return `No ${name} was in force on ${formatDate(on)}, so no hourly rate was due.`;
  if (m.next)
    return `Must pay at least ${formatPence(m.ratePence)} an hour until ${formatDate(dayBefore(m.next.from))}; ${formatPence(m.next.ratePence)} from ${formatDate(m.next.from)}, the new ${name}.`;
  return `Must pay at least ${formatPence(m.ratePence)} an hour, the ${name}.`;
}

/** Each status other than accredited as a clause with its date: "it pledged on 9 June 2010". */
const STATUS_CLAUSES: Record<Exclude<StatusKey, "accredited" | "none">, (date: string) => string> = {
  pledged: (date) => `it pledged on ${date}`,
  lapsed: (date) => `its accreditation lapsed on ${date}`,
  revoked: (date) => `its accreditation was revoked on ${date}`,
  withdrawn: (date) => `it withdrew its commitment on ${date}`,
};

/**
 * A status other than accredited with its date and the rate in force then: "When it pledged on 9 June 2010, the
 * London Living Wage was £7.85 an hour." It says what was due then, never that the employer pays it now.
 */
export function statusThenSentence(
  status: Exclude<StatusKey, "accredited" | "none">,
  since: string,
  area: RateArea,
  then: RateThen | null,
): string {
  const name = LIVING_WAGE_NAMES[area];
  const clause = STATUS_CLAUSES[status](formatDate(since));
  if (!then) return `${clause[0]?.toUpperCase()}${clause.slice(1)}, before any ${name} was in force.`;
  return `When ${clause}, the ${name} was ${formatPence(then.ratePence)} an hour.`;
}
