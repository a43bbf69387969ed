/**
 * The words for every vocabulary of the schema, once: what the site, the feed, the downloads' prose and `lwd` call a
 * status, an event and a rate area. Plain data with no dependencies beyond the vocabularies, so browser code may
 * import it too.
 */
import type { CorrectionKind, EventKind, RateArea, Scheme, Status } from "./enums.ts";

export type StatusKey = Status | "none";

/** What each status is called; the badge always shows this text, never colour alone. */
export const STATUS_LABELS: Record<StatusKey, string> = {
  accredited: "Accredited",
  pledged: "Pledged",
  lapsed: "Lapsed",
  revoked: "Revoked",
  withdrawn: "Withdrawn",
  none: "No status recorded",
};

/** The status key for a possibly missing status. */
export function statusKey(status: string | null | undefined): StatusKey {
  return status && status in STATUS_LABELS ? (status as StatusKey) : "none";
}

/** Each event as a heading in a history: "Accreditation lapsed". */
export const EVENT_LABELS: Record<EventKind, string> = {
  pledged: "Pledged",
  accredited: "Accredited",
  rate_implemented: "Moved to a new rate",
  lapsed: "Accreditation lapsed",
  revoked: "Accreditation revoked",
  withdrawn: "Commitment withdrawn",
  reinstated: "Accreditation reinstated",
  verified: "Commitment re-confirmed",
};

/** Each event as a hint at a prompt, where the kind itself is shown beside it. */
export const EVENT_HINTS: Record<EventKind, string> = {
  pledged: "committed to pay the living wage",
  accredited: "accredited by the Living Wage Foundation",
  rate_implemented: "moved to a new rate",
  lapsed: "accreditation lapsed",
  revoked: "accreditation revoked (staff only)",
  withdrawn: "the employer withdrew",
  reinstated: "accredited again after a lapse",
  verified: "commitment re-confirmed from a source; changes no status (staff only)",
};

/** Each event as a counted noun, one and many: "1 pledge", "3 moves to a new rate". */
export const EVENT_NOUNS: Record<EventKind, [one: string, many: string]> = {
  pledged: ["pledge", "pledges"],
  accredited: ["accreditation", "accreditations"],
  rate_implemented: ["move to a new rate", "moves to a new rate"],
  lapsed: ["lapse", "lapses"],
  revoked: ["revocation", "revocations"],
  withdrawn: ["withdrawal", "withdrawals"],
  reinstated: ["reinstatement", "reinstatements"],
  verified: ["re-confirmation", "re-confirmations"],
};

/** The place a rate area's rate applies to: "London", "UK". */
export const RATE_AREA_PLACES: Record<RateArea, string> = { london: "London", uk: "UK" };

/** A rate area as a short label beside a status or an event: "London rate". */
export const RATE_AREA_LABELS: Record<RateArea, string> = { london: "London rate", uk: "UK rate" };

/** The name of a rate area's wage: "London Living Wage". */
export const LIVING_WAGE_NAMES: Record<RateArea, string> = {
  london: "London Living Wage",
  uk: "UK Living Wage",
};

/** The commitments the feed announces, as its item titles say them: "Accredited: Example Ltd". */
export const COMMITMENT_HEADLINES = { pledged: "Pledged", accredited: "Accredited", reinstated: "Reinstated" } as const;

/** The same commitments in a sentence: "Example Ltd was accredited as paying the London Living Wage". */
export const COMMITMENT_VERBS: Record<keyof typeof COMMITMENT_HEADLINES, string> = {
  pledged: "pledged to pay",
  accredited: "was accredited as paying",
  reinstated: "was reinstated as paying",
};

/** What each scheme is called: "Living Hours". */
export const SCHEME_LABELS: Record<Scheme, string> = {
  living_wage: "Living Wage accreditation",
  living_hours: "Living Hours",
  living_pension: "Living Pension",
  service_provider: "Recognised Service Provider",
};

/**
 * A status as it reads for a scheme: a Recognised Service Provider is recognised, not accredited ("recognised since
 * 3 March 2024").
 */
export function schemeStatusWord(scheme: Scheme, status: Status): string {
  if (scheme === "service_provider") {
    if (status === "accredited") return "recognised";
    if (status === "lapsed") return "recognition lapsed";
    if (status === "revoked") return "recognition revoked";
  }
  return status;
}

/** A source as a reader sees it named: the host of its address without "www." ("london.gov.uk"). */
export function sourceHost(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, "");
  } catch {
    return url;
  }
}

/** What each kind of correction is called beside the record it changed. */
export const CORRECTION_LABELS: Record<CorrectionKind, string> = { corrected: "corrected", retracted: "retracted" };

/**
 * A correction as the employer page, its JSON twin and `lwd employer show` tell it: "corrected on 2 December 2026: the
 * date was a typo". `on` is the date already formatted for the reader.
 */
export function correctionText(kind: CorrectionKind, on: string, why: string): string {
  return `${CORRECTION_LABELS[kind]} on ${on}: ${why}`;
}

const countFormat = new Intl.NumberFormat("en-GB");
/** 12345 → "12,345". */
export function formatCount(n: number): string {
  return countFormat.format(n);
}

/** "1 employer", "2 employers": a count and its noun agreeing in number. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/**
 * Why a worker figure is null: no accredited employer reports it, so a sum would be a zero that reads like a finding.
 * "not recorded (0 of 8 accredited employers report it)".
 */
export function notRecordedReason(accreditedEmployers: number): string {
  const reporters = plural(accreditedEmployers, "accredited employer reports", "accredited employers report");
  return `not recorded (0 of ${reporters} it)`;
}
