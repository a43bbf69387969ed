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
