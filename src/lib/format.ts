/** Words and formats the site shows, shared by pages and the browser scripts (no database, no Node APIs). */

// The words for statuses, events and rate areas live in db/labels.ts, shared with `lwd`.
export {
  correctionText,
  EVENT_LABELS,
  formatCount,
  LIVING_WAGE_NAMES,
  RATE_AREA_LABELS,
  RATE_AREA_PLACES,
  SCHEME_LABELS,
  schemeStatusWord,
  sourceHost,
  STATUS_LABELS,
  statusKey,
  plural,
  type StatusKey,
} from "../../db/labels.ts";
import { dayBefore, formatDate } from "../../db/dates.ts";
import { formatCount, LIVING_WAGE_NAMES, plural, type StatusKey } from "../../db/labels.ts";
import { formatPence, type MustPay, type RateThen } from "../../db/rate-floor.ts";
import type { RateArea } from "../../db/enums.ts";

const monthFormat = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });

// Dates in prose are written one way, defined with the other date rules so `lwd` and db/ say them alike.
export { formatDate } from "../../db/dates.ts";

/** 2011-05 → "May 2011". */
export function formatMonth(isoMonth: string): string {
  return monthFormat.format(new Date(`${isoMonth.slice(0, 7)}-01T00:00:00Z`));
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

/** Names as a sentence lists them: "Croydon", "Croydon and Newham", "Croydon, Hillingdon and Newham". */
export function listInProse(names: readonly string[]): string {
  return names.length < 2 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1) ?? ""}`;
}

/** At most `max` names, then "and N more", so a long tie stays a sentence. */
function someNames(names: readonly string[], max = 5): string {
  return names.length > max ? `${names.slice(0, max).join(", ")} and ${names.length - max} more` : listInProse(names);
}

/**
 * The sentence under a breakdown chart: how many categories have accredited employers, and which have the most —
 * a "most" only when one category leads; a tie is listed as a tie ("Croydon, Hillingdon and Newham have 1 each").
 */
export function breakdownSummary(
  rows: readonly { name: string; accreditedEmployers: number }[],
  noun: [one: string, many: string],
  asOf: string,
): string {
  const shown = rows.filter((r) => r.accreditedEmployers > 0);
  if (!shown.length) return `No employer was accredited on ${formatDate(asOf)}.`;
  const top = Math.max(...shown.map((r) => r.accreditedEmployers));
  const leaders = shown.filter((r) => r.accreditedEmployers === top).map((r) => r.name);
  const head = `Accredited employers on ${formatDate(asOf)} in each ${noun[0]} that has any: ${plural(shown.length, ...noun)} in all`;
  if (shown.length === 1) return `${head}, ${leaders[0] ?? ""} with ${formatCount(top)}.`;
  if (leaders.length === 1) return `${head}; the most are in ${leaders[0] ?? ""} (${formatCount(top)}).`;
  const names = someNames(leaders);
  if (leaders.length === shown.length) return `${head}; ${names} have ${formatCount(top)} each.`;
  return `${head}; the most are in ${names}, with ${formatCount(top)} each.`;
}

/**
 * The sentence under the growth chart. A peak is named only when the count has since fallen from it; a count that
 * stayed at zero is said in words, never "went from 0 to 0 (most: 0 …)".
 */
export function growthSummary(
  series: readonly { month: string; accreditedEmployers: number; pledgedEmployers: number }[],
  asOf: string,
): string {
  const first = series[0];
  const last = series.at(-1);
  if (!first || !last) return `No pledge or accreditation is recorded on or before ${formatDate(asOf)}.`;
  const span =
    first.month === last.month
      ? `In ${formatMonth(first.month)}`
      : `From ${formatMonth(first.month)} to ${formatMonth(last.month)}`;
  const change = (key: "accreditedEmployers" | "pledgedEmployers", what: string, none: string) => {
    const peak = Math.max(...series.map((p) => p[key]));
    if (peak === 0) return none;
    const peakMonth = series.find((p) => p[key] === peak)?.month ?? first.month;
    const fell = peak > last[key] ? ` (most: ${formatCount(peak)}, in ${formatMonth(peakMonth)})` : "";
    if (first === last || first[key] === last[key]) return `${what} stayed at ${formatCount(last[key])}${fell}`;
    return `${what} went from ${formatCount(first[key])} to ${formatCount(last[key])}${fell}`;
  };
  return `${span}, ${change("accreditedEmployers", "accredited employers", "no employer was accredited")}; ${change("pledgedEmployers", "pledged employers not yet accredited", "no employer had a pledge outstanding")}.`;
}

const kB = new Intl.NumberFormat("en-GB", { style: "unit", unit: "kilobyte", maximumFractionDigits: 1 });
const MB = new Intl.NumberFormat("en-GB", { style: "unit", unit: "megabyte", maximumFractionDigits: 1 });

/** A file's size for a reader choosing a download, in decimal units: 4,215 bytes → "4.2 kB", 1,270,000 → "1.3 MB". */
export function formatFileSize(bytes: number): string {
  return bytes >= 1_000_000 ? MB.format(bytes / 1_000_000) : kB.format(Math.max(bytes, 100) / 1000);
}
